import { BOARD_STATUSES, type BoardStatus, type CardPatch } from '../../../../shared/contract/methods.js';
import { formatClock } from '../../format.js';
import type { BoardConflict } from '../../store/board/initialState.js';
import { STATUS_LABELS } from '../../store/board/selectors.js';
import { useDesk } from '../../store/react.js';

const FIELD_WORDS: Record<string, string> = {
  title: 'title',
  status: 'column',
  priority: 'priority',
  assigneeId: 'assignee',
  assignee: 'assignee',
  customerHandle: 'customer handle',
  tags: 'tags',
};

/** A changed value in words: column names, people by name, lists joined, nothing as "none". */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return 'none';
  if (typeof value === 'string') return BOARD_STATUSES.includes(value as BoardStatus) ? STATUS_LABELS[value as BoardStatus] : value;
  if (Array.isArray(value)) return value.length ? value.map(describeValue).join(', ') : 'none';
  if (typeof value === 'object' && 'displayName' in value) return String((value as { displayName: unknown }).displayName);
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

const patchWords = (patch: CardPatch): string =>
  Object.entries(patch)
    .map(([field, value]) => `${FIELD_WORDS[field] ?? field} → ${describeValue(value)}`)
    .join(', ');

/**
 * A write someone else's change beat: what this person tried, who changed what since, the card
 * as it is now, and the choice to apply the change again on top of it or drop it.
 */
export function ConflictNotice({ conflict }: { conflict: BoardConflict }) {
  const reapply = useDesk((s) => s.reapplyConflict);
  const discard = useDesk((s) => s.discardConflict);
  const open = useDesk((s) => s.openCard);
  const card = conflict.current;
  const titleId = `conflict-${conflict.key}`;
  return (
    <section className="notice notice-conflict" role="alert" aria-labelledby={titleId} data-testid="board-conflict">
      <h2 id={titleId} className="conflict-title">
        Your change to #{card.id} “{card.title}” was not saved
      </h2>
      <p className="conflict-message" data-testid="conflict-message">
        {conflict.message}
      </p>
      {conflict.changes.length > 0 && (
        <ul className="conflict-changes">
          {conflict.changes.map((change, index) => (
            <li key={index}>
              <strong>{change.by.displayName}</strong> changed the {FIELD_WORDS[change.field] ?? change.field} from{' '}
              {describeValue(change.from)} to <strong>{describeValue(change.to)}</strong> at {formatClock(change.at)}
              {conflict.conflicting.includes(change.field) && <span className="tag tag-alert">same field</span>}
            </li>
          ))}
        </ul>
      )}
      <p className="conflict-now">
        Now: {STATUS_LABELS[card.status]} · {card.priority} · {card.assignee ? `assigned to ${card.assignee.displayName}` : 'unassigned'} ·
        version {card.version}. Your change: {patchWords(conflict.patch)}.
      </p>
      <div className="button-row">
        <button type="button" className="button button-primary" onClick={() => void reapply(conflict.key)}>
          Apply my change again
        </button>
        <button type="button" className="button" onClick={() => discard(conflict.key)}>
          Discard my change
        </button>
        <button type="button" className="button button-quiet" onClick={() => void open(card.id)}>
          Open the card
        </button>
      </div>
    </section>
  );
}
