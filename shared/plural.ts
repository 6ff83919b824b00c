/**
 * "1 post", "3 posts", "0 posts", "12,480 posts": counts in messages people read
 * (notifications, audit subjects, error text, the UI), so none says "post(s)". English only,
 * like the rest of the UI, so the grouping is fixed rather than the machine's locale.
 */
const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** The word alone, for a count shown apart from it (bold number, own element). */
export function wordFor(n: number, singular: string, plural = `${singular}s`): string {
  return n === 1 ? singular : plural;
}

export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  const whole = Math.round(n);
  return `${grouped.format(whole)} ${wordFor(whole, singular, plural)}`;
}
