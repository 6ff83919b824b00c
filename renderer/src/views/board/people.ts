/** `Dana Miller` → `DM`, `lena` → `LE`; initials of the first and last word, upper-case. */
export function initialsOf(name: string): string {
  const words = name
    .trim()
    .split(/[\s._-]+/u)
    .filter(Boolean);
  if (words.length === 0) return '?';
  const first = [...words[0]!];
  if (words.length === 1) return first.slice(0, 2).join('').toUpperCase();
  return `${first[0] ?? ''}${[...words[words.length - 1]!][0] ?? ''}`.toUpperCase();
}
