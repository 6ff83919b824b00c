/** Range, split and wall mode for the Live view: buttons with their keys, state kept in the store. */
import { useShallow } from 'zustand/react/shallow';
import { zoomInWindow } from '../../components/chartZoom.js';
import { ZOOM_KEY_HINT } from '../../components/VolumeChart.js';
import { formatClock } from '../../format.js';
import { useDesk } from '../../store/react.js';
import { MINUTE_MS } from '../../../../shared/domain.js';
import { WALL_RANGES, type WallSplit } from '../../store/wall/initialState.js';

export const RANGE_NAMES: Record<(typeof WALL_RANGES)[number], string> = {
  15: '15 min',
  60: '1 h',
  360: '6 h',
  1440: '24 h',
  10_080: '7 d',
};
const SPLITS: { id: WallSplit; label: string }[] = [
  { id: 'none', label: 'All mentions' },
  { id: 'source', label: 'By source' },
  { id: 'term', label: 'By term' },
];

/** What the charts are zoomed to, and the way back; nothing when not zoomed. */
export function ZoomReset() {
  const zoom = useDesk(
    useShallow((s) =>
      s.volumeAnchorMinute === null
        ? null
        : zoomInWindow(s.wallZoom, s.volumeAnchorMinute - s.volumeWindowMinutes + 1, s.volumeAnchorMinute),
    ),
  );
  const setZoom = useDesk((s) => s.setWallZoom);
  if (!zoom) return null;
  return (
    <div className="zoom-reset" data-testid="zoom-reset">
      <span className="zoom-note" title={ZOOM_KEY_HINT}>
        Zoomed to {formatClock(zoom.fromMinute * MINUTE_MS)}–{formatClock(zoom.toMinute * MINUTE_MS)}
      </span>
      <button type="button" className="button" onClick={() => setZoom(null)} title="Escape on a focused chart">
        Reset zoom
      </button>
    </div>
  );
}

/**
 * The view's action, in its heading row: after the range and split groups it fitted a 1366 px
 * window but sat alone on a second row at 800 px.
 */
export function WallModeButton() {
  const setWallMode = useDesk((s) => s.setWallMode);
  return (
    <button type="button" className="button view-action" onClick={() => setWallMode(true)} title="Key W">
      Wall mode
    </button>
  );
}

export function WallControls() {
  const windowMinutes = useDesk((s) => s.volumeWindowMinutes);
  const split = useDesk((s) => s.wallSplit);
  const setRange = useDesk((s) => s.setWallRange);
  const setSplit = useDesk((s) => s.setWallSplit);
  return (
    <div className="wall-controls">
      <div role="group" aria-label="Range" className="segmented">
        {WALL_RANGES.map((minutes, index) => (
          <button
            key={minutes}
            type="button"
            className="segment"
            aria-pressed={windowMinutes === minutes}
            onClick={() => void setRange(minutes)}
            title={`Key ${index + 1}`}
          >
            {RANGE_NAMES[minutes]}
          </button>
        ))}
      </div>
      <div role="group" aria-label="Split" className="segmented">
        {SPLITS.map((entry) => (
          <button key={entry.id} type="button" className="segment" aria-pressed={split === entry.id} onClick={() => setSplit(entry.id)}>
            {entry.label}
          </button>
        ))}
      </div>
      <ZoomReset />
    </div>
  );
}
