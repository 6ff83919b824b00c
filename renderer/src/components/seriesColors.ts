/** Total in near-white, sources in distinct hues that keep ≥ 4.5:1 on the dark panel. */
const TOTAL_COLOR = '#e6edf3';
const SOURCE_COLORS = ['#4cc2ff', '#f0b429', '#c792ea', '#56d364', '#ff9b7a', '#7ee0d0', '#ffa8d5', '#a5b4fc'];

export function colorFor(key: string, sourceKeys: readonly string[]): string {
  if (key === 'total') return TOTAL_COLOR;
  const index = sourceKeys.indexOf(key);
  return SOURCE_COLORS[(index < 0 ? 0 : index) % SOURCE_COLORS.length]!;
}
