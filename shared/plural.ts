/**
 * "1 post", "3 posts", "0 posts": counts in messages people read (notifications, audit
 * subjects, error text), so none says "post(s)". English only, like the rest of the UI.
 */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
