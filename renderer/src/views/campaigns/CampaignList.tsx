import { useId, useState, type FormEvent } from 'react';
import { ROLES, type Role } from '../../../../shared/domain.js';
import { aRole, campaignsSelectors } from '../../store/campaigns/selectors.js';
import { useDesk } from '../../store/react.js';
import { ROLE_LABELS } from '../../store/team/selectors.js';
import { HubAction, HubSubmit } from '../../components/HubSubmit.js';

/** Campaigns with their post counts, pause/resume, and a one-line form for a new one. */
export function CampaignList() {
  const campaigns = useDesk((s) => s.campaigns);
  const posts = useDesk((s) => s.scheduledPosts);
  const canWrite = useDesk(campaignsSelectors.canWrite);
  const setPaused = useDesk((s) => s.setCampaignPaused);
  const create = useDesk((s) => s.createCampaign);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const uid = useId();
  const count = (id: number) => posts.filter((p) => p.campaignId === id && p.status.state !== 'cancelled').length;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '') return;
    void create({ name: name.trim(), requiredApproverRole: role === '' ? null : role }).then((ok) => ok && setName(''));
  };

  return (
    <section className="panel" aria-labelledby={`${uid}-title`} data-testid="campaign-list">
      <div className="panel-head">
        <h2 id={`${uid}-title`}>Campaigns</h2>
      </div>
      {campaigns.length === 0 ? (
        <p className="empty-inline">No campaigns yet. Posts can go out without one; a campaign lets you pause them together.</p>
      ) : (
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Approved by</th>
              <th scope="col" className="num">
                Posts
              </th>
              <th scope="col">State</th>
              {canWrite && (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {campaigns.map((c) => (
              <tr key={c.id} data-testid={`campaign-${c.name}`}>
                <th scope="row">{c.name}</th>
                <td>{c.requiredApproverRole ? ROLE_LABELS[c.requiredApproverRole] : 'any social manager or admin'}</td>
                <td className="num">{count(c.id)}</td>
                <td>{c.paused ? <span className="post-state post-state-paused">Paused</span> : 'Running'}</td>
                {canWrite && (
                  <td>
                    <HubAction className="button button-small" onClick={() => void setPaused(c.id, !c.paused)}>
                      {c.paused ? 'Resume' : 'Pause'}
                      <span className="visually-hidden"> {c.name}</span>
                    </HubAction>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canWrite && (
        <form className="inline-form" onSubmit={submit} aria-label="New campaign">
          <div className="field">
            <label htmlFor={`${uid}-name`}>New campaign</label>
            <input id={`${uid}-name`} value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${uid}-role`}>Who approves its posts</label>
            <select id={`${uid}-role`} value={role} onChange={(e) => setRole(e.target.value as Role | '')}>
              <option value="">Any social manager or admin</option>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  Only {aRole(r)}
                </option>
              ))}
            </select>
          </div>
          <HubSubmit className="button" disabled={name.trim() === ''}>
            Create campaign
          </HubSubmit>
        </form>
      )}
    </section>
  );
}
