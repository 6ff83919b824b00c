import { useId, useState } from 'react';
import type { ScheduledPost } from '../../../../shared/contract/campaigns.js';
import { NETWORK_LABELS } from '../../../../shared/publishing/networks.js';
import { Dialog, DialogFoot } from '../../components/Dialog.js';
import { campaignsSelectors, DELIVERY_LABELS, EDITABLE, stateDetail } from '../../store/campaigns/selectors.js';
import { useDesk } from '../../store/react.js';
import { DueTime, StateBadge } from '../incident/PostLine.js';
import { dateTimeInZone, viewerZone } from './calendar.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { HubSubmit } from '../../components/HubSubmit.js';

const when = (ms: number) => dateTimeInZone(ms, viewerZone());

/** Reject with a comment: the author reads it on their draft. */
function RejectDialog({ post, onDone }: { post: ScheduledPost; onDone(): void }) {
  const reject = useDesk((s) => s.rejectPost);
  const error = useDesk((s) => s.postActionError);
  const busy = useDesk((s) => campaignsSelectors.isBusy(s, post.id));
  const [comment, setComment] = useState('');
  const uid = useId();
  return (
    <Dialog labelledBy={`${uid}-t`} onClose={onDone} className="confirm-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (comment.trim()) void reject(post, comment.trim()).then((ok) => ok && onDone());
        }}
      >
        <div className="dialog-body">
          <h2 id={`${uid}-t`}>Reject post {post.id}?</h2>
          <p>It goes back to {post.author} as a draft with your comment.</p>
          <div className="field">
            <label htmlFor={`${uid}-c`}>Comment for {post.author}</label>
            <textarea
              id={`${uid}-c`}
              rows={3}
              value={comment}
              maxLength={2000}
              onChange={(e) => setComment(e.target.value)}
              data-autofocus=""
            />
          </div>
          <ErrorNotice message={error} />
        </div>
        <DialogFoot onCancel={onDone}>
          <HubSubmit className="button button-danger" disabled={busy || comment.trim() === ''}>
            Reject
          </HubSubmit>
        </DialogFoot>
      </form>
    </Dialog>
  );
}

function Deliveries({ post }: { post: ScheduledPost }) {
  const accounts = useDesk(campaignsSelectors.accountsByName);
  if (post.deliveries.length === 0) {
    return (
      <ul className="deliveries">
        {post.accounts.map((name) => {
          const network = accounts.get(name)?.network;
          return (
            <li key={name}>
              {name}
              {network && <span className="muted"> ({NETWORK_LABELS[network]})</span>}
            </li>
          );
        })}
      </ul>
    );
  }
  return (
    <ul className="deliveries">
      {post.deliveries.map((d) => (
        <li key={d.account} className={`delivery delivery-${d.state}`}>
          {d.account} <span className="muted">({NETWORK_LABELS[d.network]})</span>: {DELIVERY_LABELS[d.state]}
          {d.state === 'retrying' && d.nextAttemptAt !== null && `, next try ${when(d.nextAttemptAt)}`}
          {d.lastError && (d.state === 'failed' || d.state === 'retrying') && <span className="delivery-error"> — {d.lastError}</span>}
        </li>
      ))}
    </ul>
  );
}

function Actions({ post, onEdit, onReject }: { post: ScheduledPost; onEdit(): void; onReject(): void }) {
  const canWrite = useDesk(campaignsSelectors.canWrite);
  // Two primitives, not the object: a fresh object per read would re-render forever.
  const approvalWhy = useDesk((s) => campaignsSelectors.approval(s, post).why);
  const approval = { allowed: approvalWhy === null, why: approvalWhy };
  const busy = useDesk((s) => campaignsSelectors.isBusy(s, post.id));
  const approve = useDesk((s) => s.approvePost);
  const submit = useDesk((s) => s.submitPost);
  const cancel = useDesk((s) => s.cancelPost);
  const state = post.status.state;
  const whyId = `why-${post.id}`;
  const label = <span className="visually-hidden"> post {post.id}</span>;
  return (
    <div className="row-actions">
      {state === 'pending' && (
        <>
          <button
            type="button"
            className="button button-small button-primary"
            disabled={busy || !approval.allowed}
            aria-describedby={approval.allowed ? undefined : whyId}
            onClick={() => void approve(post)}
          >
            Approve{label}
          </button>
          <button
            type="button"
            className="button button-small"
            disabled={busy || !approval.allowed}
            aria-describedby={approval.allowed ? undefined : whyId}
            onClick={onReject}
          >
            Reject{label}
          </button>
          {!approval.allowed && (
            <span className="why-not" id={whyId} data-testid="approve-why-not">
              {approval.why}
            </span>
          )}
        </>
      )}
      {canWrite && EDITABLE.includes(state) && (
        <button type="button" className="button button-small" disabled={busy} onClick={onEdit}>
          Edit{label}
        </button>
      )}
      {canWrite && state === 'draft' && (
        <button type="button" className="button button-small" disabled={busy} onClick={() => void submit(post)}>
          Send for approval{label}
        </button>
      )}
      {canWrite && ['draft', 'pending', 'approved', 'scheduled', 'paused', 'failed'].includes(state) && (
        <button type="button" className="button button-small button-danger-quiet" disabled={busy} onClick={() => void cancel(post)}>
          Cancel{label}
        </button>
      )}
    </div>
  );
}

/** Scheduled posts as a table: due time, text, accounts with their delivery state, state, actions. */
export function PostList({ posts, onEdit }: { posts: ScheduledPost[]; onEdit(post: ScheduledPost): void }) {
  const campaigns = useDesk(campaignsSelectors.campaignsById);
  const [rejecting, setRejecting] = useState<ScheduledPost | null>(null);
  return (
    <div className="panel panel-flush">
      <table className="table post-table stack-table" data-testid="post-list">
        <thead>
          <tr>
            <th scope="col">Due</th>
            <th scope="col">Post</th>
            <th scope="col">Accounts</th>
            <th scope="col">State</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {posts.map((post) => {
            const detail = stateDetail(post, when);
            const campaign = post.campaignId === null ? null : campaigns.get(post.campaignId);
            return (
              <tr key={post.id} data-testid={`post-${post.id}`}>
                <td className="due-cell">
                  <DueTime post={post} />
                </td>
                <td className="post-cell">
                  <p className="post-text">{post.text}</p>
                  <p className="muted">
                    {campaign ? `${campaign.name} · ` : ''}by {post.author}
                  </p>
                </td>
                <td>
                  <Deliveries post={post} />
                </td>
                <td>
                  <StateBadge post={post} />
                  {detail && <p className="state-detail">{detail}</p>}
                </td>
                <td>
                  <Actions post={post} onEdit={() => onEdit(post)} onReject={() => setRejecting(post)} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {rejecting && <RejectDialog post={rejecting} onDone={() => setRejecting(null)} />}
    </div>
  );
}
