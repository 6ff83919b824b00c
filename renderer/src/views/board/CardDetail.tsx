import { useId, useMemo, useState, type ReactNode } from 'react';
import {
  BOARD_STATUSES,
  PRIORITIES,
  SLA_TARGETS,
  type BoardCard,
  type BoardStatus,
  type Priority,
  type SlaClock,
} from '../../../../shared/contract/methods.js';
import { Dialog } from '../../components/Dialog.js';
import { safeHttpUrl } from '../../components/RecentPosts.js';
import { formatAgo, formatDateTime } from '../../format.js';
import { boardSelectors, QUEUED_WORDS, SENDING_WORDS, STATUS_LABELS } from '../../store/board/selectors.js';
import { connectionSelectors } from '../../store/connection/selectors.js';
import { useDesk } from '../../store/react.js';
import { SlaChip } from './BoardCardView.js';
import { CardEditForm } from './CardEditForm.js';
import { MentionTextarea } from './MentionTextarea.js';
import { UnsentActions } from './UnsentNotice.js';
import { countOf } from '../../../../shared/plural.js';

const TARGET_WORDS = { firstResponse: 'First response', nextResponse: 'Next response', resolution: 'Resolution' } as const;

function clockWords(clock: SlaClock): string {
  switch (clock.state) {
    case 'off':
      return 'no target';
    case 'paused':
      return 'paused (waiting on the customer)';
    case 'met':
      return `met ${clock.metAt !== null ? formatDateTime(clock.metAt) : ''}${clock.breachedAt !== null ? ' (late)' : ''}`;
    case 'breached':
      return `breached ${clock.breachedAt !== null ? formatDateTime(clock.breachedAt) : ''}`;
    case 'running':
      return clock.dueAt !== null ? `due ${formatDateTime(clock.dueAt)}` : 'running';
  }
}

/** Comment text with @mentions emphasised; still text nodes only, never HTML. */
function CommentText({ text }: { text: string }) {
  const parts = text.split(/(@[a-z0-9._-]+)/giu);
  return <p className="comment-text">{parts.map((part, i) => (part.startsWith('@') ? <strong key={i}>{part}</strong> : part))}</p>;
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="detail-row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Controls({ card }: { card: BoardCard }) {
  const update = useDesk((s) => s.updateCard);
  const canTriage = useDesk(boardSelectors.canTriage);
  const canMove = useDesk(boardSelectors.canMove(card));
  const people = useDesk((s) => s.boardPeople);
  const uid = useId();
  return (
    <div className="detail-controls">
      <div className="field">
        <label htmlFor={`${uid}-status`}>Status</label>
        <select
          id={`${uid}-status`}
          value={card.status}
          disabled={!canMove}
          onChange={(e) => void update(card.id, { status: e.target.value as BoardStatus })}
        >
          {BOARD_STATUSES.map((status) => (
            <option key={status} value={status}>
              {STATUS_LABELS[status]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${uid}-priority`}>Priority</label>
        <select
          id={`${uid}-priority`}
          value={card.priority}
          disabled={!canTriage}
          onChange={(e) => void update(card.id, { priority: e.target.value as Priority })}
        >
          {PRIORITIES.map((priority) => (
            <option key={priority}>{priority}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${uid}-assignee`}>Assignee</label>
        <select
          id={`${uid}-assignee`}
          value={card.assignee?.userId ?? ''}
          disabled={!canTriage}
          aria-describedby={canTriage ? undefined : `${uid}-why`}
          onChange={(e) => void update(card.id, { assigneeId: e.target.value || null })}
        >
          <option value="">Unassigned</option>
          {card.assignee?.userId && !people.some((p) => p.userId === card.assignee?.userId) && (
            <option value={card.assignee.userId}>{card.assignee.displayName}</option>
          )}
          {people.map((person) => (
            <option key={person.userId} value={person.userId ?? ''}>
              {person.displayName} (@{person.username})
            </option>
          ))}
        </select>
      </div>
      {!canTriage && (
        <p className="field-hint detail-why" id={`${uid}-why`}>
          Support leads and admins assign and re-prioritise cards{canMove ? '; you can move this one.' : '.'}
        </p>
      )}
    </div>
  );
}

/** This window's comments on the card the hub has not confirmed: waiting, on the wire, or refused (kept with its text). */
function PendingComments({ cardId, onGone }: { cardId: number; onGone(): void }) {
  const all = useDesk(boardSelectors.pendingComments);
  const meId = useDesk(boardSelectors.writerId);
  const myName = useDesk(boardSelectors.writerName);
  const mine = useMemo(() => all.filter((w) => w.cardId === cardId && w.madeBy === meId), [all, cardId, meId]);
  return mine.map((write) => (
    <li
      key={write.key}
      className={`comment comment-pending${write.state === 'refused' ? ' comment-refused' : ''}`}
      data-testid="comment-pending"
    >
      <span className="comment-meta">
        <strong>{myName}</strong>{' '}
        <span className="tag tag-pending" data-testid="comment-pending-state">
          {write.state === 'refused' ? 'Not sent' : write.state === 'sending' ? SENDING_WORDS : QUEUED_WORDS}
        </span>
      </span>
      {write.state === 'refused' ? (
        <>
          <p className="comment-refusal" role="alert">
            The hub refused it: {write.refusal ?? 'no reason given.'}
          </p>
          <UnsentActions write={write} onGone={onGone} />
        </>
      ) : (
        <CommentText text={write.text} />
      )}
    </li>
  ));
}

function Comments({ card }: { card: BoardCard }) {
  const comment = useDesk((s) => s.commentOnCard);
  const people = useDesk((s) => s.boardPeople);
  const live = useDesk(connectionSelectors.isLive);
  const waiting = useDesk((s) => boardSelectors.pendingComments(s).some((w) => w.cardId === card.id && w.state !== 'refused'));
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const uid = useId();
  const focusBox = () => requestAnimationFrame(() => document.getElementById(`${uid}-text`)?.focus());
  return (
    <section className="detail-section" aria-labelledby={`${uid}-h`}>
      <h3 id={`${uid}-h`}>Comments ({card.comments.length})</h3>
      {card.comments.length === 0 && !waiting ? <p className="empty-inline">No comments yet.</p> : null}
      <ol className="comments">
        {card.comments.map((c) => (
          <li key={c.id} className="comment">
            <span className="comment-meta">
              <strong>{c.author.displayName}</strong> <time dateTime={new Date(c.at).toISOString()}>{formatDateTime(c.at)}</time>
            </span>
            <CommentText text={c.text} />
          </li>
        ))}
        <PendingComments cardId={card.id} onGone={focusBox} />
      </ol>
      <form
        className="comment-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!text.trim()) return;
          setBusy(true);
          setError(null);
          void comment(card.id, text).then((outcome) => {
            setBusy(false);
            // Sent or queued, it shows in the thread now; a refusal leaves the text in the box, with the reason.
            if (outcome.kind === 'refused') setError(outcome.message);
            else {
              setText('');
              // The button is disabled with the box empty: focus stays where the next comment is typed.
              focusBox();
            }
          });
        }}
      >
        <div className="field">
          <label htmlFor={`${uid}-text`}>Add a comment</label>
          <MentionTextarea
            id={`${uid}-text`}
            value={text}
            maxLength={5000}
            onChange={setText}
            people={people}
            describedBy={`${uid}-hint`}
          />
          <span className="field-hint" id={`${uid}-hint`}>
            {!live && 'Offline: your comment waits here and is sent once when the hub is back. '}
            {people.length > 0
              ? 'Type @ and a name to mention someone (they are notified); arrows pick, Enter or Tab inserts.'
              : 'Mention someone with @username to notify them.'}
          </span>
          {error && (
            <span className="form-error" role="alert" data-testid="comment-error">
              {error}
            </span>
          )}
        </div>
        <button type="submit" className="button" disabled={busy || !text.trim()}>
          {busy ? 'Posting…' : 'Comment'}
        </button>
      </form>
    </section>
  );
}

/** Everything about one card, its controls, and who else has it open right now. */
export function CardDetail({ cardId, now, onClose }: { cardId: number; now: number; onClose(): void }) {
  const card = useDesk(boardSelectors.card(cardId));
  const viewers = useDesk(boardSelectors.viewers(cardId));
  const history = useDesk((s) => (s.boardHistory?.cardId === cardId ? s.boardHistory.entries : null));
  const me = useDesk(boardSelectors.meId);
  const canAck = useDesk(boardSelectors.canAcknowledge);
  const ackQueued = useDesk(boardSelectors.acknowledgeQueued(cardId));
  const acknowledge = useDesk((s) => s.acknowledgeCard);
  const uid = useId();
  const others = viewers.filter((v) => v.userId !== me);
  return (
    <Dialog labelledBy={`${uid}-title`} onClose={onClose} className="card-detail">
      <header className="dialog-head">
        {card && <span className={`priority priority-${card.priority}`}>{card.priority}</span>}
        <h2 id={`${uid}-title`}>{card ? `#${card.id} ${card.title}` : 'Card not found'}</h2>
        <button type="button" className="button button-small" onClick={onClose} data-autofocus="">
          Close
        </button>
      </header>
      {!card ? (
        <div className="dialog-body">
          <p>This card is not on the board (any more).</p>
        </div>
      ) : (
        <div className="dialog-body" data-testid="card-detail">
          {others.length > 0 && (
            <p className="detail-viewers" data-testid="detail-viewers">
              Also open now by {others.map((v) => v.displayName).join(', ')}
            </p>
          )}
          <Controls card={card} />
          <dl className="detail-grid">
            <Row label="Customer">{card.customerHandle ?? '—'}</Row>
            <Row label="Tags">
              {card.tags.length
                ? card.tags.map((t) => (
                    <span key={t} className="tag card-tag">
                      {t}
                    </span>
                  ))
                : '—'}
            </Row>
            <Row label="Created">
              {formatAgo(card.createdAt, now)} by {card.createdBy.displayName}
            </Row>
            <Row label="Acknowledged">
              {card.acknowledgedAt !== null ? (
                `${formatAgo(card.acknowledgedAt, now)} by ${card.acknowledgedBy?.displayName ?? 'someone'}`
              ) : ackQueued !== null ? (
                <span className="tag tag-pending" data-testid="ack-queued">
                  Your acknowledgement: {ackQueued === 'sending' ? SENDING_WORDS : QUEUED_WORDS}
                </span>
              ) : canAck ? (
                <button type="button" className="button button-small button-primary" onClick={() => void acknowledge(card.id)}>
                  Acknowledge
                </button>
              ) : (
                'not yet'
              )}
              {card.paging.pagesSent > 0 && <span className="muted"> · {countOf(card.paging.pagesSent, 'page')} sent</span>}
            </Row>
            <Row label="SLA">
              <SlaChip card={card} now={now} />
              <ul className="sla-clocks">
                {SLA_TARGETS.map((name) => (
                  <li key={name}>
                    {TARGET_WORDS[name]}: {clockWords(card.sla[name])}
                  </li>
                ))}
              </ul>
            </Row>
          </dl>
          <CardEditForm card={card} />
          <section className="detail-section" aria-labelledby={`${uid}-posts`}>
            <h3 id={`${uid}-posts`}>Linked posts ({card.posts.length})</h3>
            {card.posts.length === 0 ? (
              <p className="empty-inline">No posts attached.</p>
            ) : (
              <ol className="post-list">
                {card.posts.map((post, index) => {
                  const href = safeHttpUrl(post.url);
                  return (
                    <li key={post.postId ?? `s${index}`} className="post">
                      <div className="post-meta">
                        <span className="post-author">{post.author || 'unknown author'}</span>
                        <span className="post-source">{post.source}</span>
                        {post.createdAt !== null && (
                          <time dateTime={new Date(post.createdAt).toISOString()}>{formatAgo(post.createdAt, now)}</time>
                        )}
                        {href && (
                          <a className="post-link" href={href} target="_blank" rel="noopener noreferrer">
                            open original<span className="visually-hidden"> post by {post.author}</span>
                          </a>
                        )}
                      </div>
                      <p className="post-text" data-testid="linked-post-text">
                        {post.text}
                      </p>
                    </li>
                  );
                })}
              </ol>
            )}
          </section>
          <Comments card={card} />
          <section className="detail-section" aria-labelledby={`${uid}-history`}>
            <h3 id={`${uid}-history`}>History</h3>
            {history === null ? (
              <p className="empty-inline">Loading history…</p>
            ) : (
              <ol className="history" data-testid="card-history">
                {history.map((entry) => (
                  <li key={entry.seq}>
                    <time dateTime={new Date(entry.at).toISOString()}>{formatDateTime(entry.at)}</time> {entry.summary}
                  </li>
                ))}
              </ol>
            )}
          </section>
        </div>
      )}
    </Dialog>
  );
}
