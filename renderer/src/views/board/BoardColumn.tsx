import { useDroppable } from '@dnd-kit/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { BoardCard, BoardStatus } from '../../../../shared/contract/methods.js';
import { formatCount } from '../../format.js';
import type { PendingCreate } from '../../store/board/initialState.js';
import { QUEUED_WORDS, SENDING_WORDS, STATUS_LABELS } from '../../store/board/selectors.js';
import { CARD_GAP, CARD_HEIGHT, DraggableCard } from './BoardCardView.js';
import { draftLabel } from './UnsentNotice.js';

/**
 * Escalations filed here that the hub has not made yet, atop New where they will land: no
 * number, no drag or menu until the hub has made them, and a line saying when they go.
 */
function QueuedCards({ writes }: { writes: readonly PendingCreate[] }) {
  return (
    <ul className="queued-cards" aria-label="Escalations waiting to be sent">
      {writes.map((write) => {
        const label = draftLabel(write.draft);
        const when = write.state === 'sending' ? SENDING_WORDS : QUEUED_WORDS;
        return (
          <li key={write.key} className={`queued-card priority-edge-${write.draft.priority ?? 'P3'}`} data-testid="queued-card">
            <span className={`priority priority-${write.draft.priority ?? 'P3'}`}>{write.draft.priority ?? 'P3'}</span>{' '}
            <span className="queued-card-title">{label}</span>
            <span className="tag tag-pending queued-card-when">{when}</span>
          </li>
        );
      })}
    </ul>
  );
}

/**
 * One status column, virtualized: only the cards in view (plus a few) are in the DOM, so a
 * column of thousands scrolls as lightly as one of ten. The column itself is the drop target.
 */
export function BoardColumn({
  status,
  cards,
  queued,
  now,
  onOpen,
}: {
  status: BoardStatus;
  cards: BoardCard[];
  /** Escalations made here, not made by the hub yet (New only). */
  queued?: readonly PendingCreate[] | undefined;
  now: number;
  onOpen(id: number): void;
}) {
  const { setNodeRef, isOver } = useDroppable({ id: status });
  const scrollRef = useRef<HTMLDivElement>(null);
  // The virtualizer keeps mutable state the React compiler cannot memoize around; this component is not compiled.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: cards.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CARD_HEIGHT + CARD_GAP,
    overscan: 4,
    getItemKey: (index) => cards[index]!.id,
  });
  const headingId = `column-${status}`;
  return (
    <section
      ref={setNodeRef}
      className={`board-column${isOver ? ' is-over' : ''}`}
      aria-labelledby={headingId}
      data-testid={`column-${status}`}
    >
      <h2 id={headingId} className="column-head">
        <span title={STATUS_LABELS[status]}>{STATUS_LABELS[status]}</span>
        <span className="column-count" data-testid="column-count">
          <span className="visually-hidden">, </span>
          {formatCount(cards.length)}
          <span className="visually-hidden"> cards</span>
        </span>
      </h2>
      {queued && queued.length > 0 && <QueuedCards writes={queued} />}
      <div ref={scrollRef} className="column-scroll">
        {cards.length === 0 ? (
          <p className="column-empty">No cards</p>
        ) : (
          // React sets these through the CSSOM, which the strict CSP allows (no style attribute in markup).
          <div className="column-inner" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => (
              <div key={item.key} className="column-slot" style={{ transform: `translateY(${item.start}px)` }}>
                <DraggableCard card={cards[item.index]!} now={now} onOpen={onOpen} />
              </div>
            ))}
          </div>
        )}
      </div>
    </section>
  );
}
