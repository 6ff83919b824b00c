/**
 * Series colours come from the theme (CSS custom properties in styles.css), an Okabe–Ito
 * palette that stays apart for the common colour-vision deficiencies; lines also differ by
 * dash, so no meaning rests on hue alone.
 */
const SERIES_VARS = ['--series-1', '--series-2', '--series-3', '--series-4', '--series-5', '--series-6'];

export function colorFor(key: string, sourceKeys: readonly string[]): string {
  if (key === 'total') return 'var(--series-total)';
  const index = sourceKeys.indexOf(key);
  return `var(${SERIES_VARS[(index < 0 ? 0 : index) % SERIES_VARS.length]!})`;
}
