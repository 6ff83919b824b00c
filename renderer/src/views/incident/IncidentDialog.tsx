import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { IncidentScope } from '../../../../shared/contract/incidents.js';
import { NETWORKS, NETWORK_LABELS, type Network } from '../../../../shared/publishing/networks.js';
import { Dialog } from '../../components/Dialog.js';
import { campaignsSelectors } from '../../store/campaigns/selectors.js';
import { scopeText } from '../../store/incident/selectors.js';
import { useDesk } from '../../store/react.js';
import { PreviewList } from './PostLine.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { HubSubmit } from '../../components/HubSubmit.js';
import { countOf } from '../../../../shared/plural.js';

/** How long the scope must stay unchanged before the hub is asked again. */
const PREVIEW_SETTLE_MS = 250;

type Some = Extract<IncidentScope, { kind: 'some' }>;
const NONE: Some = { kind: 'some', campaigns: [], networks: [], accounts: [] };
const toggle = <T,>(list: T[], item: T, on: boolean): T[] => (on ? [...list, item] : list.filter((x) => x !== item));

/**
 * Entering incident mode (reason + scope, with the posts due soon it would hold), or changing
 * the scope while it is on. Everything is the default: in doubt, hold it all.
 */
export function IncidentDialog({ mode }: { mode: 'enter' | 'scope' }) {
  const status = useDesk((s) => s.incident);
  const campaigns = useDesk((s) => s.campaigns);
  const publishingAccounts = useDesk((s) => s.publishingAccounts);
  const campaignsStatus = useDesk((s) => s.campaignsStatus);
  const campaignsById = useDesk(campaignsSelectors.campaignsById);
  const preview = useDesk((s) => s.incidentPreview);
  const previewError = useDesk((s) => s.incidentPreviewError);
  const hours = useDesk((s) => s.incidentPolicy?.previewHours ?? 4);
  const busy = useDesk((s) => s.incidentBusy);
  const error = useDesk((s) => s.incidentError);
  const close = useDesk((s) => s.openIncidentDialog);
  const enter = useDesk((s) => s.enterIncident);
  const setScope = useDesk((s) => s.setIncidentScope);
  const loadPreview = useDesk((s) => s.loadIncidentPreview);
  const loadCampaigns = useDesk((s) => s.loadCampaigns);
  const uid = useId();
  const initial = mode === 'scope' && status ? status.scope : ({ kind: 'everything' } as IncidentScope);
  const [kind, setKind] = useState<IncidentScope['kind']>(initial.kind);
  const [some, setSome] = useState<Some>(initial.kind === 'some' ? initial : NONE);
  const startingReason = useDesk((s) => s.incidentDialogReason);
  const [reason, setReason] = useState(startingReason);
  const [tried, setTried] = useState(false);

  useEffect(() => {
    if (campaignsStatus === 'idle') void loadCampaigns();
    // Once per opening.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const scope: IncidentScope = kind === 'everything' ? { kind } : some;
  const emptySome = kind === 'some' && some.campaigns.length + some.networks.length + some.accounts.length === 0;
  const scopeKey = JSON.stringify(scope);
  const firstAsk = useRef(true);
  // The hub answers with the gate's own rule; asked once the ticking of boxes settles.
  useEffect(() => {
    if (emptySome) return;
    const wait = firstAsk.current ? 0 : PREVIEW_SETTLE_MS;
    firstAsk.current = false;
    const timer = setTimeout(() => void loadPreview(JSON.parse(scopeKey) as IncidentScope, hours), wait);
    return () => clearTimeout(timer);
  }, [scopeKey, emptySome, hours, loadPreview]);
  const current = preview !== null && JSON.stringify(preview.scope) === scopeKey;
  const covered = preview?.posts ?? [];
  const reasonMissing = mode === 'enter' && reason.trim() === '';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (reasonMissing || emptySome) return;
    const done = mode === 'enter' ? enter(reason.trim(), scope) : setScope(scope, reason.trim() || undefined);
    void done.then((ok) => ok && close(null));
  };

  const title = mode === 'enter' ? 'Enter incident mode' : 'Change what incident mode holds';
  return (
    <Dialog labelledBy={`${uid}-title`} onClose={() => close(null)} className="incident-dialog">
      <form className="source-form" onSubmit={submit} noValidate>
        <header className="dialog-head">
          <h2 id={`${uid}-title`}>{title}</h2>
        </header>
        <div className="dialog-body">
          {mode === 'enter' && (
            <p>
              From the moment you confirm, no post it covers is published — not one already due, not one retrying. Leaving later publishes
              nothing by itself: held posts wait in catch-up for a decision.
            </p>
          )}
          <div className="field">
            <label htmlFor={`${uid}-reason`}>
              {mode === 'enter' ? 'Why' : 'Why the change (optional)'}
              {mode === 'enter' && <span className="required"> (required)</span>}
            </label>
            <textarea
              id={`${uid}-reason`}
              rows={2}
              value={reason}
              maxLength={500}
              onChange={(e) => setReason(e.target.value)}
              placeholder={mode === 'enter' ? 'Login outage: status page shows elevated errors' : ''}
              aria-invalid={tried && reasonMissing}
              aria-describedby={`${uid}-reason-hint`}
              data-autofocus=""
            />
            <span className="field-hint" id={`${uid}-reason-hint`}>
              {tried && reasonMissing ? (
                <span className="form-error">Say why, in a few words: the team and the audit log see it.</span>
              ) : (
                'Shown in the banner on every screen and kept in the audit log.'
              )}
            </span>
          </div>
          <fieldset className="plain">
            <legend>What it holds</legend>
            <label className="choice">
              <input type="radio" name={`${uid}-kind`} checked={kind === 'everything'} onChange={() => setKind('everything')} />
              <span className="choice-name">Everything</span>
              <span className="choice-text">every scheduled post, on every account (recommended)</span>
            </label>
            <label className="choice">
              <input type="radio" name={`${uid}-kind`} checked={kind === 'some'} onChange={() => setKind('some')} />
              <span className="choice-name">Only some</span>
              <span className="choice-text">posts in these campaigns, to these networks or these accounts</span>
            </label>
          </fieldset>
          {kind === 'some' && (
            <div className="scope-picker">
              <fieldset className="plain">
                <legend>Campaigns</legend>
                {campaigns.length === 0 && <p className="empty-inline">No campaigns yet.</p>}
                {campaigns.map((c) => (
                  <label key={c.id} className="field-check">
                    <input
                      type="checkbox"
                      checked={some.campaigns.includes(c.id)}
                      onChange={(e) => setSome({ ...some, campaigns: toggle(some.campaigns, c.id, e.target.checked) })}
                    />{' '}
                    {c.name}
                  </label>
                ))}
              </fieldset>
              <fieldset className="plain">
                <legend>Networks</legend>
                {NETWORKS.map((network: Network) => (
                  <label key={network} className="field-check">
                    <input
                      type="checkbox"
                      checked={some.networks.includes(network)}
                      onChange={(e) => setSome({ ...some, networks: toggle(some.networks, network, e.target.checked) })}
                    />{' '}
                    {NETWORK_LABELS[network]}
                  </label>
                ))}
              </fieldset>
              <fieldset className="plain">
                <legend>Accounts</legend>
                {publishingAccounts.length === 0 && <p className="empty-inline">No publishing accounts.</p>}
                {publishingAccounts.map((a) => (
                  <label key={a.name} className="field-check">
                    <input
                      type="checkbox"
                      checked={some.accounts.includes(a.name)}
                      onChange={(e) => setSome({ ...some, accounts: toggle(some.accounts, a.name, e.target.checked) })}
                    />{' '}
                    {a.name} <span className="muted">({NETWORK_LABELS[a.network]})</span>
                  </label>
                ))}
              </fieldset>
              {tried && emptySome && <p className="form-error">Choose at least one campaign, network or account, or hold everything.</p>}
            </div>
          )}
          <section aria-labelledby={`${uid}-preview`} className="incident-preview" aria-busy={!emptySome && !current && !previewError}>
            <h3 id={`${uid}-preview`}>
              {mode === 'scope' ? 'Newly held, due' : 'Due'} in the next {hours} hours
              {kind === 'some' && !emptySome ? ` (${scopeText(scope, campaignsById)})` : ''}:{' '}
              {emptySome
                ? 'choose what it holds to see them'
                : current
                  ? `${countOf(covered.length, 'post')}${preview.later > 0 ? `, and ${preview.later} due later` : ''}`
                  : previewError
                    ? 'not known'
                    : preview
                      ? 'updating…'
                      : 'loading…'}
            </h3>
            {previewError && !emptySome && !current && (
              <p className="form-error" role="alert">
                The posts it would hold could not be read: {previewError}
              </p>
            )}
            {preview && !emptySome && !previewError && (
              <PreviewList
                posts={covered}
                empty={
                  preview.later > 0
                    ? 'Nothing is due in that time; it also holds the posts due later.'
                    : mode === 'scope'
                      ? 'No scheduled post would be added: posts already held stay in catch-up either way.'
                      : 'Nothing scheduled is covered: it would hold nothing right now (posts approved later are held too).'
                }
              />
            )}
          </section>
        </div>
        <footer className="dialog-foot">
          <ErrorNotice message={error} />
          <div className="button-row">
            <span className="button-spacer" />
            <button type="button" className="button" onClick={() => close(null)}>
              Cancel
            </button>
            <HubSubmit className={mode === 'enter' ? 'button button-danger' : 'button button-primary'} disabled={busy}>
              {busy ? 'Working…' : mode === 'enter' ? 'Enter incident mode' : 'Change scope'}
            </HubSubmit>
          </div>
        </footer>
      </form>
    </Dialog>
  );
}
