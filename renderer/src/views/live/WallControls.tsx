/** Range, split and wall mode for the Live view: buttons with their keys, state kept in the store. */
import { useDesk } from '../../store/react.js';
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

export function WallControls() {
  const windowMinutes = useDesk((s) => s.volumeWindowMinutes);
  const split = useDesk((s) => s.wallSplit);
  const setRange = useDesk((s) => s.setWallRange);
  const setSplit = useDesk((s) => s.setWallSplit);
  const setWallMode = useDesk((s) => s.setWallMode);
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
      <button type="button" className="button" onClick={() => setWallMode(true)} title="Key W">
        Wall mode
      </button>
    </div>
  );
}
