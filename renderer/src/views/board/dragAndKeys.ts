/**
 * Drag and keyboard moves between columns with @dnd-kit: Space or Enter on a card's handle
 * picks it up, Left/Right put it over the neighbouring column, Space or Enter drops it,
 * Escape puts it back. Everything said to screen readers names the card and the column.
 */
import type { Announcements, KeyboardCoordinateGetter, ScreenReaderInstructions, UniqueIdentifier } from '@dnd-kit/core';
import { BOARD_STATUSES, type BoardCard, type BoardStatus } from '../../../../shared/contract/methods.js';
import { STATUS_LABELS } from '../../store/board/selectors.js';

const isStatus = (id: UniqueIdentifier | undefined): id is BoardStatus => BOARD_STATUSES.includes(id as BoardStatus);

/** Left/Right jump to the centre of the previous/next column; other keys do nothing while dragging. */
export const columnCoordinates: KeyboardCoordinateGetter = (event, { context, currentCoordinates }) => {
  if (event.code !== 'ArrowRight' && event.code !== 'ArrowLeft') return undefined;
  event.preventDefault();
  const { over, active, droppableRects, collisionRect } = context;
  const from = isStatus(over?.id) ? over.id : (active?.data.current?.status as BoardStatus | undefined);
  if (!from) return undefined;
  const index = BOARD_STATUSES.indexOf(from) + (event.code === 'ArrowRight' ? 1 : -1);
  const target = BOARD_STATUSES[index];
  const rect = target ? droppableRects.get(target) : undefined;
  if (!rect) return currentCoordinates;
  const width = collisionRect?.width ?? 0;
  return { x: rect.left + (rect.width - width) / 2, y: Math.min(Math.max(currentCoordinates.y, rect.top + 40), rect.top + 120) };
};

export const screenReaderInstructions: ScreenReaderInstructions = {
  draggable:
    'To move this card, press Space or Enter, then the left and right arrow keys to choose a column, and Space or Enter again to drop it there. Escape cancels. The Move to menu on each card does the same.',
};

export function announcementsFor(cardOf: (id: UniqueIdentifier) => BoardCard | undefined): Announcements {
  const name = (id: UniqueIdentifier) => {
    const card = cardOf(id);
    return card ? `card #${card.id} “${card.title}”` : 'the card';
  };
  const column = (id: UniqueIdentifier | undefined) => (isStatus(id) ? STATUS_LABELS[id] : 'no column');
  return {
    onDragStart: ({ active }) => `Picked up ${name(active.id)} from ${column(active.data.current?.status as UniqueIdentifier)}.`,
    onDragOver: ({ active, over }) => `${name(active.id)} is over ${column(over?.id)}.`,
    onDragEnd: ({ active, over }) =>
      over && over.id !== active.data.current?.status
        ? `${name(active.id)} moved to ${column(over.id)}.`
        : `${name(active.id)} stays in ${column(active.data.current?.status as UniqueIdentifier)}.`,
    onDragCancel: ({ active }) => `Move cancelled; ${name(active.id)} stays where it was.`,
  };
}
