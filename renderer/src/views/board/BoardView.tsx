import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  rectIntersection,
  useSensor,
  useSensors,
  type DragEndEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { useCallback, useMemo, useState } from 'react';
import { BOARD_STATUSES, type BoardCard, type BoardStatus } from '../../../../shared/contract/methods.js';
import { formatClock, formatDayTime } from '../../format.js';
import { filterCards, tagsOf } from '../../store/board/filter.js';
import { boardSelectors, groupByStatus } from '../../store/board/selectors.js';
import { connectionSelectors } from '../../store/connection/selectors.js';
import { useDesk } from '../../store/react.js';
import { useNow } from '../../useNow.js';
import { BoardColumn } from './BoardColumn.js';
import { CardPreview } from './BoardCardView.js';
import { BoardFilters } from './BoardFilters.js';
import { CardDetail } from './CardDetail.js';
import { ConflictNotice } from './ConflictNotice.js';
import { CreateEscalationDialog } from './CreateEscalationDialog.js';
import { UnsentNotice } from './UnsentNotice.js';
import { announcementsFor, columnCoordinates, screenReaderInstructions } from './dragAndKeys.js';
import { countOf } from '../../../../shared/plural.js';

/** "14:05", or "Dec 1, 14:05" when it was not within the last day. */
const clockOrDay = (ms: number, now: number) => (now - ms < 20 * 3_600_000 ? formatClock(ms) : formatDayTime(ms));

function OfflineBanner({ now }: { now: number }) {
  const live = useDesk(connectionSelectors.isLive);
  const since = useDesk((s) => s.connectionDownSince);
  const queued = useDesk(boardSelectors.queuedCount);
  const cached = useDesk((s) => s.boardCached);
  if (cached !== null)
    return (
      <p className="notice notice-offline" role="status" data-testid="board-offline">
        <strong>{live ? 'Catching up with the hub' : `Offline${since !== null ? ` since ${formatClock(since)}` : ''}`}</strong> — showing
        the <strong data-testid="board-as-of">last known board as of {clockOrDay(cached.takenAt, now)}</strong>, kept on this computer.{' '}
        {cached.roles === null
          ? 'It is read-only until the hub is back.'
          : 'Moves, changes, comments and new escalations you make now are queued and sent when the hub is back (a change someone else beat meanwhile will show as a conflict).'}
        {cached.kept < cached.total &&
          ` Only the ${cached.kept} most recently changed cards (open ones first) of ${cached.total} fitted in this browser's storage.`}
        {queued > 0 && ` ${countOf(queued, 'change')} of yours will be sent then.`}
      </p>
    );
  if (live) return null;
  return (
    <p className="notice notice-offline" role="status" data-testid="board-offline">
      <strong>Offline{since !== null ? ` since ${formatClock(since)}` : ''}.</strong> This is the board as it was last seen; it updates
      again when the hub is back.{' '}
      {queued > 0
        ? `${countOf(queued, 'change')} of yours will be sent then (a change someone else beat will show as a conflict).`
        : 'Moves, comments and new escalations you make now wait and are sent then.'}
    </p>
  );
}

export function BoardView() {
  const cards = useDesk(boardSelectors.cards);
  const filter = useDesk((s) => s.boardFilter);
  const meId = useDesk(boardSelectors.meId);
  const status = useDesk((s) => s.boardStatus);
  const error = useDesk((s) => s.boardError);
  const notice = useDesk((s) => s.boardNotice);
  const dismissNotice = useDesk((s) => s.dismissBoardNotice);
  const conflicts = useDesk((s) => s.boardConflicts);
  const refused = useDesk(boardSelectors.refused);
  const queuedCreates = useDesk(boardSelectors.queuedCreates);
  const cardsById = useDesk((s) => s.boardCards);
  const openId = useDesk((s) => s.boardOpenCardId);
  const openCard = useDesk((s) => s.openCard);
  const update = useDesk((s) => s.updateCard);
  const canCreate = useDesk(boardSelectors.canCreate);
  const skew = useDesk((s) => s.boardSkewMs);
  const now = useNow(1000) + skew;
  // Breached depends on the clock: refilter at most every 15 s for it, not every second.
  const filterNow = filter.breached ? Math.floor(now / 15_000) * 15_000 : 0;
  const shown = useMemo(() => filterCards(cards, filter, { meId, now: filterNow }), [cards, filter, meId, filterNow]);
  const columns = useMemo(() => groupByStatus(shown), [shown]);
  const tags = useMemo(() => tagsOf(cards), [cards]);
  const [dragging, setDragging] = useState<BoardCard | null>(null);
  const [creating, setCreating] = useState(false);
  const empty = status === 'ready' && cards.length === 0 && queuedCreates.length === 0;
  // The notice's buttons go with it: focus goes back to the top of the view, not to the page's end.
  const refocus = () => requestAnimationFrame(() => document.getElementById('view-title')?.focus());

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: columnCoordinates }),
  );
  const byId = useMemo(() => new Map(cards.map((card) => [card.id, card])), [cards]);
  const announcements = useMemo(() => announcementsFor((id) => byId.get(Number(id))), [byId]);
  const onOpen = useCallback((id: number) => void openCard(id), [openCard]);
  const onDragStart = (event: DragStartEvent) => setDragging(byId.get(Number(event.active.id)) ?? null);
  const onDragEnd = (event: DragEndEvent) => {
    setDragging(null);
    const card = byId.get(Number(event.active.id));
    const target = event.over?.id as BoardStatus | undefined;
    if (card && target && BOARD_STATUSES.includes(target) && target !== card.status) void update(card.id, { status: target });
  };

  return (
    <div className="view view-board">
      <div className="view-head">
        <h1 id="view-title" tabIndex={-1}>
          Escalation board
        </h1>
        <p className="view-sub">Posts and alerts that need a human, live for the whole team</p>
        {canCreate && (
          <button type="button" className="button button-primary view-action" onClick={() => setCreating(true)}>
            New escalation
          </button>
        )}
      </div>
      <OfflineBanner now={now} />
      {error && status !== 'ready' && (
        <p className="notice notice-error" role="alert">
          Could not load the board: {error}
        </p>
      )}
      {notice && (
        <p className="notice notice-error board-notice" role="alert" data-testid="board-notice">
          {notice}{' '}
          <button type="button" className="button button-small button-quiet" onClick={dismissNotice}>
            Dismiss
          </button>
        </p>
      )}
      {conflicts.map((conflict) => (
        <ConflictNotice key={conflict.key} conflict={conflict} />
      ))}
      {refused.map((write) => (
        <UnsentNotice
          key={write.key}
          write={write}
          title={write.kind === 'comment' ? (cardsById[write.cardId]?.title ?? null) : null}
          onGone={refocus}
        />
      ))}
      <BoardFilters tags={tags} shown={shown.length} total={cards.length} canMine={meId !== null} />
      <DndContext
        sensors={sensors}
        collisionDetection={rectIntersection}
        accessibility={{ announcements, screenReaderInstructions }}
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onDragCancel={() => setDragging(null)}
      >
        <section className={empty ? 'board board-is-empty' : 'board'} aria-label="Escalation board" data-testid="board">
          {empty ? (
            <div className="panel empty-state board-empty" data-testid="board-empty">
              <p className="empty-title">No escalations yet.</p>
              <p>
                Escalate a post from Live or an alert from Alerts{canCreate ? ', or create one here with “New escalation”' : ''}. Cards show
                up here for the whole team at once.
              </p>
            </div>
          ) : (
            BOARD_STATUSES.map((column) => (
              <BoardColumn
                key={column}
                status={column}
                cards={columns[column]}
                queued={column === 'new' ? queuedCreates : undefined}
                now={now}
                onOpen={onOpen}
              />
            ))
          )}
        </section>
        <DragOverlay dropAnimation={null}>{dragging ? <CardPreview card={dragging} now={now} /> : null}</DragOverlay>
      </DndContext>
      {openId !== null && <CardDetail cardId={openId} now={now} onClose={() => void openCard(null)} />}
      {creating && <CreateEscalationDialog onClose={() => setCreating(false)} />}
    </div>
  );
}
