/**
 * `#/board/card/12` opens card 12 on the board: where a page's notification leads, in the
 * browser (its click sets the hash) and on the desktop (the main process sends
 * SHELL_OPEN_CARD_EVENT to a window it already has, or loads a new one at that hash). The
 * hash then goes back to `#/board`, so a reload or the back button does not reopen the card.
 */
import { z } from 'zod';
import { SHELL_OPEN_CARD_EVENT, type SurgeBridge } from '../../../shared/contract/wire.js';
import { cardFromHash, hashForCard } from '../../../shared/pageNotice.js';
import { hashFor } from '../routes.js';
import type { DeskStoreApi } from '../store/store.js';

const openCardSchema = z.object({ cardId: z.number().int().positive() });

export function startCardLinks(store: DeskStoreApi, win: Window, bridge?: SurgeBridge): () => void {
  const follow = (): void => {
    const cardId = cardFromHash(win.location.hash);
    if (cardId === null) return;
    win.history.replaceState(null, '', `${win.location.pathname}${win.location.search}${hashFor('board')}`);
    void store.getState().openCard(cardId);
  };
  follow();
  win.addEventListener('hashchange', follow);
  const offShell = bridge?.onEvent((event, data) => {
    if (event !== SHELL_OPEN_CARD_EVENT) return;
    const parsed = openCardSchema.safeParse(data);
    if (parsed.success) win.location.hash = hashForCard(parsed.data.cardId);
  });
  return () => {
    win.removeEventListener('hashchange', follow);
    offShell?.();
  };
}
