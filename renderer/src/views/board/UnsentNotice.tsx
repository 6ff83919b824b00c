/**
 * A comment or escalation made while the hub was out of reach that the hub then refused (the
 * card is gone, the role was taken away): the reason in the hub's words, the text itself so
 * nothing typed is lost, and the choice to copy it, send it again or let it go.
 */
import { useId, useRef, useState } from 'react';
import type { EscalationDraft } from '../../../../shared/contract/methods.js';
import type { PendingComment, PendingCreate } from '../../store/board/initialState.js';
import { useDesk } from '../../store/react.js';
import { countOf } from '../../../../shared/plural.js';

/** What an escalation not made yet is called: its title, else where it comes from. */
export function draftLabel(draft: EscalationDraft): string {
  if (draft.title) return draft.title;
  if (draft.alertId !== undefined) return `Escalation from alert #${draft.alertId}`;
  const posts = draft.postIds?.length ?? 0;
  return posts > 0 ? `Escalation from ${countOf(posts, 'post')}` : 'Escalation';
}

/** Everything the person typed, as one text to copy. */
export function unsentText(write: PendingComment | PendingCreate): string {
  if (write.kind === 'comment') return write.text;
  const { customerHandle, priority, tags } = write.draft;
  return [
    draftLabel(write.draft),
    customerHandle ? `Customer: ${customerHandle}` : null,
    priority ? `Priority: ${priority}` : null,
    tags?.length ? `Tags: ${tags.join(', ')}` : null,
  ]
    .filter((line): line is string => line !== null)
    .join('\n');
}

/**
 * The text (read-only, selectable) and its three buttons. Copying falls back to selecting the
 * text when the page may not write the clipboard (a hub reached over plain http on the LAN).
 */
export function UnsentActions({ write, onGone }: { write: PendingComment | PendingCreate; onGone?: () => void }) {
  const retry = useDesk((s) => s.retryUnsent);
  const discard = useDesk((s) => s.discardUnsent);
  const [copied, setCopied] = useState<string | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const uid = useId();
  const text = unsentText(write);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('Copied.');
    } catch {
      box.current?.focus();
      box.current?.select();
      setCopied('Selected: press Ctrl+C (⌘C on a Mac) to copy it.');
    }
  };
  return (
    <div className="unsent-body">
      <label htmlFor={`${uid}-text`} className="visually-hidden">
        {write.kind === 'comment' ? 'Your comment' : 'Your escalation'}
      </label>
      <textarea
        id={`${uid}-text`}
        ref={box}
        className="unsent-text"
        readOnly
        value={text}
        rows={Math.min(6, text.split('\n').length + 1)}
      />
      <div className="button-row">
        <button type="button" className="button button-primary" onClick={() => void copy()}>
          Copy text
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            onGone?.();
            void retry(write.key);
          }}
        >
          Send again
        </button>
        <button
          type="button"
          className="button button-quiet"
          onClick={() => {
            onGone?.();
            discard(write.key);
          }}
        >
          Discard
        </button>
        <span role="status" className="unsent-copied">
          {copied}
        </span>
      </div>
    </div>
  );
}

/** The board-wide notice for one refused write. */
export function UnsentNotice({ write, title, onGone }: { write: PendingComment | PendingCreate; title: string | null; onGone(): void }) {
  const headingId = `unsent-${write.key}`;
  return (
    <section className="notice notice-conflict" role="alert" aria-labelledby={headingId} data-testid="board-unsent">
      <h2 id={headingId} className="conflict-title">
        {write.kind === 'comment'
          ? `Your comment on #${write.cardId}${title ? ` “${title}”` : ''} was not sent`
          : `Your escalation “${draftLabel(write.draft)}” was not filed`}
      </h2>
      <p className="conflict-message" data-testid="unsent-message">
        The hub refused it when it came back: {write.refusal ?? 'no reason given.'} Your text is kept here until you copy or discard it.
      </p>
      <UnsentActions write={write} onGone={onGone} />
    </section>
  );
}
