/**
 * The look of a coverage gap: a hatched grey band on the chart, its sentence as the hover
 * title (the legend's swatch is the same hatch in CSS, .gap-swatch). A pattern rather than a
 * colour, so it reads as "no data" beside the series colours, also in greyscale.
 */
import type { GapBand } from '../store/gaps/bands.js';
import { gapSentence } from './gapText.js';

export const GAP_PATTERN_ID = 'coverage-gap-hatch';
const STROKE = '#8b98a5';

export function GapPatternDefs() {
  return (
    <defs>
      <pattern id={GAP_PATTERN_ID} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="6" height="6" fill={STROKE} fillOpacity={0.1} />
        <line x1="0" y1="0" x2="0" y2="6" stroke={STROKE} strokeOpacity={0.45} strokeWidth={2} />
      </pattern>
    </defs>
  );
}

interface ShapeProps {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
}

/** Draws one band; recharts calls it with the pixel box of the ReferenceArea. */
export const gapShape =
  (band: GapBand) =>
  ({ x = 0, y = 0, width = 0, height = 0 }: ShapeProps) => (
    <g className="gap-band" data-testid="gap-band" data-source={band.source} data-open={band.end === null}>
      <title>{gapSentence(band.source, band)}</title>
      <rect x={x} y={y} width={Math.max(width, 2)} height={height} fill={`url(#${GAP_PATTERN_ID})`} stroke={STROKE} strokeOpacity={0.35} />
    </g>
  );
