import { useState } from 'react';
import type { ScheduledPost } from '../../../../shared/contract/campaigns.js';
import type { DecideInput } from '../../../../shared/contract/incidents.js';
import { campaignsSelectors } from '../../store/campaigns/selectors.js';
import { covers, DECIDE_WHY_NOT, incidentSelectors } from '../../store/incident/selectors.js';
import { useDesk } from '../../store/react.js';
import { EditHeldDialog, RescheduleDialog } from './DecisionDialogs.js';
import { AccountList, DueTime, StateBadge } from './PostLine.js';
import { countOf } from '../../../../shared/plural.js';

type Quick = Extract<DecideInput['action'], 'publishNow' | 'cancel' | 'backToApproval'>;
const QUICK_LABELS: Record<Quick, string> = { publishNow: 'Publish now', cancel: 'Cancel', backToApproval: 'Send back for approval' };

/**
 * Held posts waiting for a person: each with publish now / reschedule / edit / cancel / send
 * back, or many at once through the checkboxes. While incident mode still covers a post,
 * publishing it is not offered (the hub would refuse it anyway).
 */
export function CatchUp() {
  const posts = useDesk((s) => s.catchUp);
  const status = useDesk((s) => s.catchUpStatus);
  const incident = useDesk((s) => s.incident);
  const canDecide = useDesk(incidentSelectors.canDecide);
  const busy = useDesk((s) => s.incidentBusy);
  const refusals = useDesk((s) => s.decisionRefusals);
  const accounts = useDesk(campaignsSelectors.accountsByName);
  const campaigns = useDesk(campaignsSelectors.campaignsById);
  const decide = useDesk((s) => s.decideHeld);
  const [selected, setSelected] = useState<number[]>([]);
  const [rescheduling, setRescheduling] = useState<ScheduledPost[] | null>(null);
  const [editing, setEditing] = useState<ScheduledPost | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const ids = new Set(posts.map((p) => p.id));
  const chosen = posts.filter((p) => selected.includes(p.id) && ids.has(p.id));
  const stillCovered = (post: ScheduledPost) => incident?.on === true && covers(incident.scope, post, accounts);
  const allChosen = posts.length > 0 && chosen.length === posts.length;

  const quick = (action: Quick, targets: ScheduledPost[]) => {
    setDone(null);
    void decide({ postIds: targets.map((p) => p.id), action }).then((ok) => {
      if (!ok) return;
      setSelected((s) => s.filter((id) => !targets.some((p) => p.id === id)));
      setDone(`${QUICK_LABELS[action]}: ${countOf(targets.length, 'post')}.`);
    });
  };

  if (status === 'loading' && posts.length === 0) return <p className="empty-inline">Loading held posts…</p>;
  return (
    <div className="catch-up" data-testid="catch-up">
      <p className="visually-hidden" role="status" aria-live="polite">
        {done}
      </p>
      {refusals.length > 0 && (
        <div className="notice notice-error" role="alert" data-testid="decision-refusals">
          <p>Some posts were not changed:</p>
          <ul>
            {refusals.map((r) => (
              <li key={r.id}>
                Post {r.id}: {r.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
      {posts.length === 0 ? (
        <div className="empty-state calm">
          <p className="empty-title">Nothing waits in catch-up</p>
          <p>Posts held by incident mode come here when it ends, for someone to decide on each.</p>
        </div>
      ) : (
        <>
          {!canDecide && <p className="notice notice-info">{DECIDE_WHY_NOT}</p>}
          {canDecide && posts.some(stillCovered) && (
            <p className="notice notice-info" data-testid="catch-up-covered">
              Incident mode still holds {posts.every(stillCovered) ? 'these posts' : 'some of these posts'}: they can be rescheduled,
              edited, cancelled or sent back now, and published once it is off (or its scope leaves them out).
            </p>
          )}
          {canDecide && (
            <div className="bulk-bar" role="toolbar" aria-label="With the selected posts" data-testid="bulk-bar">
              <label className="bulk-all">
                <input
                  type="checkbox"
                  checked={allChosen}
                  ref={(el) => {
                    if (el) el.indeterminate = chosen.length > 0 && !allChosen;
                  }}
                  onChange={(e) => setSelected(e.target.checked ? posts.map((p) => p.id) : [])}
                />{' '}
                Select all
              </label>
              <span className="bulk-count">
                {chosen.length === 0 ? 'or tick posts to decide on several at once' : `${chosen.length} of ${posts.length} selected`}
              </span>
              <button
                type="button"
                className="button button-small"
                disabled={busy || chosen.length === 0 || chosen.every(stillCovered)}
                onClick={() =>
                  quick(
                    'publishNow',
                    chosen.filter((p) => !stillCovered(p)),
                  )
                }
              >
                Publish now
              </button>
              <button
                type="button"
                className="button button-small"
                disabled={busy || chosen.length === 0}
                onClick={() => setRescheduling(chosen)}
              >
                Reschedule…
              </button>
              <button
                type="button"
                className="button button-small"
                disabled={busy || chosen.length === 0}
                onClick={() => quick('backToApproval', chosen)}
              >
                Send back for approval
              </button>
              <button
                type="button"
                className="button button-small button-danger-quiet"
                disabled={busy || chosen.length === 0}
                onClick={() => quick('cancel', chosen)}
              >
                Cancel posts
              </button>
            </div>
          )}
          <div className="panel panel-flush">
            <table className="table catch-up-table stack-table">
              <thead>
                <tr>
                  {canDecide && (
                    <th scope="col" className="check-col">
                      <span className="visually-hidden">Selected</span>
                    </th>
                  )}
                  <th scope="col">Was due</th>
                  <th scope="col">Post</th>
                  <th scope="col">State</th>
                  {canDecide && (
                    <th scope="col">
                      <span className="visually-hidden">Decide</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {posts.map((post) => {
                  const covered = stillCovered(post);
                  const campaign = post.campaignId === null ? null : campaigns.get(post.campaignId);
                  return (
                    <tr key={post.id} data-testid={`held-${post.id}`} className={selected.includes(post.id) ? 'row-selected' : undefined}>
                      {canDecide && (
                        <td className="check-col">
                          <input
                            type="checkbox"
                            aria-label={`Select post ${post.id}`}
                            checked={selected.includes(post.id)}
                            onChange={(e) => setSelected((s) => (e.target.checked ? [...s, post.id] : s.filter((id) => id !== post.id)))}
                          />
                        </td>
                      )}
                      <td className="due-cell">
                        <DueTime post={post} />
                      </td>
                      <td className="post-cell">
                        <p className="post-text">{post.text}</p>
                        <p className="muted">
                          <AccountList post={post} />
                          {campaign && ` · ${campaign.name}`} · by {post.author}
                        </p>
                      </td>
                      <td>
                        <StateBadge post={post} />
                      </td>
                      {canDecide && (
                        <td>
                          <div className="row-actions">
                            <button
                              type="button"
                              className="button button-small"
                              disabled={busy || covered}
                              title={covered ? 'Incident mode still holds this post: leave it or narrow its scope first.' : undefined}
                              onClick={() => quick('publishNow', [post])}
                            >
                              Publish now<span className="visually-hidden"> post {post.id}</span>
                            </button>
                            <button type="button" className="button button-small" disabled={busy} onClick={() => setRescheduling([post])}>
                              Reschedule<span className="visually-hidden"> post {post.id}</span>
                            </button>
                            <button type="button" className="button button-small" disabled={busy} onClick={() => setEditing(post)}>
                              Edit<span className="visually-hidden"> post {post.id}</span>
                            </button>
                            <button
                              type="button"
                              className="button button-small"
                              disabled={busy}
                              onClick={() => quick('backToApproval', [post])}
                            >
                              Send back<span className="visually-hidden"> post {post.id} for approval</span>
                            </button>
                            <button
                              type="button"
                              className="button button-small button-danger-quiet"
                              disabled={busy}
                              onClick={() => quick('cancel', [post])}
                            >
                              Cancel<span className="visually-hidden"> post {post.id}</span>
                            </button>
                          </div>
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
      {rescheduling && <RescheduleDialog posts={rescheduling} onDone={() => setRescheduling(null)} />}
      {editing && <EditHeldDialog post={editing} onDone={() => setEditing(null)} />}
    </div>
  );
}
