/** Error facts every layer asks about, read from the error codes Node and SQLite attach. */

export const errorCode = (error: unknown): unknown =>
  typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;

/** The disk (or SQLite's file) is full: the write was refused and nothing was stored. */
export function isDiskFull(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'SQLITE_FULL' || code === 'ENOSPC';
}
