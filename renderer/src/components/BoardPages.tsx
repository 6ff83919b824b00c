import { hashFor } from '../routes.js';
import { useDesk } from '../store/react.js';
import { countOf } from '../../../shared/plural.js';

/**
 * Pages and @mentions for this person, on every view: a page is loud (role="alert") and stays
 * until acknowledged or dismissed; opening it shows the card on the board.
 */
/** Pages shown in full; the rest are one line, so a burst of pages does not push the view off screen. */
const SHOWN = 2;

export function BoardPages() {
  const pages = useDesk((s) => s.boardPages);
  const mentions = useDesk((s) => s.boardMentions);
  const open = useDesk((s) => s.openCard);
  const acknowledge = useDesk((s) => s.acknowledgeCard);
  const dismiss = useDesk((s) => s.dismissPage);
  if (pages.length === 0 && mentions.length === 0) return null;
  const show = (cardId: number) => {
    window.location.assign(hashFor('board'));
    void open(cardId);
  };
  return (
    <div className="board-pages">
      {pages.slice(0, SHOWN).map((page) => (
        <div key={`${page.cardId}-${page.at}`} className="notice notice-page" role="alert" data-testid="board-page">
          <strong>You are paged:</strong> {page.priority} #{page.cardId} “{page.title}”{' '}
          {page.reason === 'unacknowledged' ? 'is not acknowledged' : 'is still unresolved past its target'} (tier {page.tier}
          {page.round > 0 ? `, round ${page.round + 1}` : ''}).
          <span className="button-row">
            <button type="button" className="button button-small button-primary" onClick={() => void acknowledge(page.cardId)}>
              Acknowledge #{page.cardId}
            </button>
            <button type="button" className="button button-small" onClick={() => show(page.cardId)}>
              Open card
            </button>
            <button type="button" className="button button-small button-quiet" onClick={() => dismiss(page.at, page.cardId)}>
              Dismiss
            </button>
          </span>
        </div>
      ))}
      {pages.length > SHOWN && (
        <div className="notice notice-page notice-page-more" role="status">
          <span>{countOf(pages.length - SHOWN, 'more page', 'more pages')} for you:</span>
          <span className="button-row">
            {pages.slice(SHOWN).map((page) => (
              <button key={`${page.cardId}-${page.at}`} type="button" className="button button-small" onClick={() => show(page.cardId)}>
                {page.priority} #{page.cardId}
              </button>
            ))}
          </span>
        </div>
      )}
      {mentions.slice(0, 2).map((mention) => (
        <div key={`${mention.cardId}-${mention.at}`} className="notice notice-info" role="status">
          {mention.by.displayName} mentioned you on #{mention.cardId} “{mention.title}”.{' '}
          <button type="button" className="button button-small" onClick={() => show(mention.cardId)}>
            Open card
          </button>
        </div>
      ))}
    </div>
  );
}
