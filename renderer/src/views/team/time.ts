/** Local date and time, minutes precision: "2 Dec, 14:05". */
export const formatTime = (ms: number): string =>
  new Date(ms).toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
