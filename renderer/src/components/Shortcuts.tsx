/**
 * Single-key shortcuts beside the Alt+digit view keys, and their list under "?". Keys are
 * ignored while typing in a field or with a modifier held, so they never eat text.
 */
import { useEffect, useState } from 'react';
import { hashFor, viewFromHash } from '../routes.js';
import { useDesk } from '../store/react.js';
import { WALL_RANGES } from '../store/wall/initialState.js';
import { Dialog } from './Dialog.js';

export const SHORTCUTS: readonly [keys: string, what: string][] = [
  ['Alt+1 … Alt+7', 'Open Live, Alerts, Incident, Campaigns, Board, Sources, Settings'],
  ['1 … 5', 'Live: range 15 min, 1 h, 6 h, 24 h, 7 d'],
  ['W', 'Wall mode (Esc leaves)'],
  ['Drag across a chart', 'Live: zoom every chart to that span (a range key or Reset zoom goes back)'],
  ['+ / − on a focused chart', 'Live: zoom in / out; Shift+← / Shift+→ move the zoom; Esc resets it'],
  ['Tab, then A or Enter', 'Alerts: acknowledge the focused alert'],
  ['J / K', 'Alerts: next / previous alert'],
  ['Enter on a minute in the table', 'Live: list that minute’s posts'],
  ['?', 'This list'],
];

const typing = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

export function Shortcuts() {
  const [open, setOpen] = useState(false);
  const setWallMode = useDesk((s) => s.setWallMode);
  const setRange = useDesk((s) => s.setWallRange);
  const wallMode = useDesk((s) => s.wallMode);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target) || document.querySelector('dialog[open]')) return;
      if (event.key === '?') {
        event.preventDefault();
        setOpen(true);
        return;
      }
      if (wallMode) return;
      const key = event.key.toLowerCase();
      if (key === 'w') {
        event.preventDefault();
        if (viewFromHash(window.location.hash) !== 'live') window.location.hash = hashFor('live');
        setWallMode(true);
        return;
      }
      const range = WALL_RANGES[Number(event.key) - 1];
      if (range && viewFromHash(window.location.hash) === 'live') {
        event.preventDefault();
        void setRange(range);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setWallMode, setRange, wallMode]);

  if (!open) return null;
  return (
    <Dialog labelledBy="shortcuts-title" onClose={() => setOpen(false)}>
      <div className="dialog-head">
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <button type="button" className="button button-small" onClick={() => setOpen(false)} data-autofocus>
          Close
        </button>
      </div>
      <div className="dialog-body">
        <table className="table table-compact" data-testid="shortcuts">
          <tbody>
            {SHORTCUTS.map(([keys, what]) => (
              <tr key={keys}>
                <th scope="row">
                  <kbd>{keys}</kbd>
                </th>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Dialog>
  );
}
