import { useDraggable } from '@dnd-kit/core';
import { memo } from 'react';
import { BOARD_STATUSES, type BoardCard, type BoardStatus } from '../../../../shared/contract/methods.js';
import { formatAgo, formatDateTime } from '../../format.js';
import { boardSelectors, STATUS_LABELS } from '../../store/board/selectors.js';
import { cardCountdown } from '../../store/board/sla.js';
import { connectionSelectors } from '../../store/connection/selectors.js';
import { useDesk } from '../../store/react.js';
import { initialsOf } from './people.js';

/** Fixed, so a virtualized column can place ten thousand of them without measuring. */
export const CARD_HEIGHT = 128;
export const CARD_GAP = 8;

export function SlaChip({ card, now }: { card: BoardCard; now: number }) {
  const countdown = card.status === 'resolved' ? null : cardCountdown(card.sla, now);
  if (!countdown) return null;
  return (
    <span className={`sla sla-${countdown.tone}`} title={countdown.label} data-testid="card-sla" data-tone={countdown.tone}>
      <span aria-hidden="true">{countdown.text}</span>
      <span className="visually-hidden">{countdown.label}</span>
    </span>
  );
}

export function Initials({ name, className }: { name: string; className?: string }) {
  return (
    <span className={`initials ${className ?? ''}`} title={name} aria-hidden="true">
      {initialsOf(name)}
    </span>
  );
}

/** The plain way to move a card: a menu of the other columns, for anyone who cannot drag. */
export function MoveMenu({ card, disabledReason }: { card: BoardCard; disabledReason: string | null }) {
  const update = useDesk((s) => s.updateCard);
  return (
    <select
      className="move-menu"
      aria-label={`Move #${card.id} ${card.title} to`}
      value=""
      disabled={disabledReason !== null}
      title={disabledReason ?? 'Move to another column'}
      onChange={(event) => {
        const status = event.target.value as BoardStatus;
        if (status) void update(card.id, { status });
      }}
    >
      <option value="">Move to…</option>
      {BOARD_STATUSES.filter((status) => status !== card.status).map((status) => (
        <option key={status} value={status}>
          {STATUS_LABELS[status]}
        </option>
      ))}
    </select>
  );
}

interface CardProps {
  card: BoardCard;
  now: number;
  onOpen(id: number): void;
  /** Drawn in the drag overlay: no handle, no menu. */
  preview?: boolean;
}

function CardBody({ card, now, onOpen, preview }: CardProps) {
  const viewers = useDesk(boardSelectors.viewers(card.id));
  const pending = useDesk(boardSelectors.pendingFor(card.id));
  // While the hub is away a change is not being saved: it waits, and says so (a page reloaded
  // offline was never live, and its changes wait too).
  const offline = !useDesk(connectionSelectors.isLive);
  const canMove = useDesk(boardSelectors.canMove(card));
  const others = viewers.filter((viewer) => viewer.userId !== null);
  return (
    <>
      <div className="card-top">
        <span className={`priority priority-${card.priority}`}>{card.priority}</span>
        <span className="card-id">#{card.id}</span>
        {pending && (
          <span className="tag tag-pending" title={offline ? 'Sends when the hub is back' : 'Not confirmed by the hub yet'}>
            {offline ? 'queued' : 'saving'}
          </span>
        )}
        <time className="card-age" dateTime={new Date(card.createdAt).toISOString()} title={`Created ${formatDateTime(card.createdAt)}`}>
          {formatAgo(card.createdAt, now)}
        </time>
      </div>
      {preview ? (
        <span className="card-title">{card.title}</span>
      ) : (
        <button type="button" className="card-title" onClick={() => onOpen(card.id)} data-testid="card-open">
          {card.title}
        </button>
      )}
      <div className="card-bottom">
        <SlaChip card={card} now={now} />
        <span className="card-people">
          {others.length > 0 && (
            <span className="viewers" data-testid="card-viewers">
              <span className="visually-hidden">Open now by </span>
              <span aria-hidden="true" className="viewers-eye">
                ◉
              </span>
              {others.slice(0, 3).map((viewer) => (
                <Initials key={viewer.userId} name={viewer.displayName} className="initials-viewer" />
              ))}
              <span className="visually-hidden">{others.map((v) => v.displayName).join(', ')}</span>
            </span>
          )}
          {card.assignee ? (
            <>
              <Initials name={card.assignee.displayName} className="initials-assignee" />
              <span className="visually-hidden">Assigned to {card.assignee.displayName}</span>
            </>
          ) : (
            <span className="initials initials-none" title="Unassigned">
              <span aria-hidden="true">–</span>
              <span className="visually-hidden">Unassigned</span>
            </span>
          )}
        </span>
      </div>
      {!preview && (
        <MoveMenu card={card} disabledReason={canMove ? null : 'Only support leads, admins and the assignee can move this card.'} />
      )}
    </>
  );
}

/** One card: a drag handle (pointer or keyboard), its title opens the detail, a Move menu. */
export const DraggableCard = memo(function DraggableCard({ card, now, onOpen }: CardProps) {
  const canMove = useDesk(boardSelectors.canMove(card));
  const { setNodeRef, listeners, attributes, isDragging } = useDraggable({
    id: card.id,
    data: { status: card.status },
    disabled: !canMove,
  });
  return (
    <article
      ref={setNodeRef}
      className={`board-card priority-edge-${card.priority}${isDragging ? ' is-dragging' : ''}`}
      aria-label={`#${card.id} ${card.title}, ${card.priority}, ${STATUS_LABELS[card.status]}`}
      data-testid="board-card"
      data-card-id={card.id}
    >
      {canMove && (
        <button
          type="button"
          className="drag-handle"
          {...listeners}
          {...attributes}
          aria-label={`Drag #${card.id} ${card.title}`}
          data-testid="drag-handle"
        >
          <span aria-hidden="true">⠿</span>
        </button>
      )}
      <CardBody card={card} now={now} onOpen={onOpen} />
    </article>
  );
});

export function CardPreview({ card, now }: { card: BoardCard; now: number }) {
  return (
    <div className={`board-card board-card-overlay priority-edge-${card.priority}`}>
      <CardBody card={card} now={now} onOpen={() => {}} preview />
    </div>
  );
}
