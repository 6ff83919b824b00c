import { useId, useMemo, useState, type FormEvent } from 'react';
import type { ScheduledPost } from '../../../../shared/contract/campaigns.js';
import { formatInstant } from '../../../../shared/publishing/scheduleTime.js';
import { Dialog, DialogFoot } from '../../components/Dialog.js';
import { useDesk } from '../../store/react.js';
import { useNow } from '../../useNow.js';
import { viewerZone } from '../campaigns/calendar.js';
import { checkTime, counters } from '../campaigns/editorModel.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { HubSubmit } from '../../components/HubSubmit.js';

/** A new time for one or many held posts, in a zone, with a DST gap or repeat settled first. */
export function RescheduleDialog({ posts, onDone }: { posts: ScheduledPost[]; onDone(): void }) {
  const decide = useDesk((s) => s.decideHeld);
  const busy = useDesk((s) => s.incidentBusy);
  const error = useDesk((s) => s.incidentError);
  const now = useNow(30_000);
  const uid = useId();
  const [localTime, setLocalTime] = useState('');
  const [zone] = useState(() => posts[0]?.zone ?? viewerZone());
  const [choice, setChoice] = useState<'earlier' | 'later' | null>(null);
  const time = checkTime({ localTime, zone, choice }, now);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (time.kind !== 'ok') return;
    const at = { localTime, zone, ...(choice ? { choice } : {}) };
    void decide({ postIds: posts.map((p) => p.id), action: 'reschedule', at }).then((ok) => ok && onDone());
  };
  return (
    <Dialog labelledBy={`${uid}-title`} onClose={onDone} className="confirm-dialog">
      <form onSubmit={submit} noValidate>
        <div className="dialog-body">
          <h2 id={`${uid}-title`}>Reschedule {posts.length === 1 ? `post ${posts[0]!.id}` : `${posts.length} posts`}</h2>
          <div className="field">
            <label htmlFor={`${uid}-time`}>New date and time ({zone.replace(/_/g, ' ')})</label>
            <input
              id={`${uid}-time`}
              type="datetime-local"
              value={localTime}
              onChange={(e) => {
                setLocalTime(e.target.value);
                setChoice(null);
              }}
              data-autofocus=""
            />
          </div>
          <div aria-live="polite">
            {(time.kind === 'gap' || time.kind === 'repeat') && (
              <fieldset className="plain dst-choice">
                <legend className="notice-warn-text">{time.message}</legend>
                {(['earlier', 'later'] as const).map((c) => (
                  <label key={c} className="choice">
                    <input type="radio" name={`${uid}-c`} checked={choice === c} onChange={() => setChoice(c)} />
                    <span className="choice-text">{formatInstant(time[c], zone)}</span>
                  </label>
                ))}
              </fieldset>
            )}
            {(time.kind === 'past' || time.kind === 'invalid') && <p className="form-error">{time.message}</p>}
            {time.kind === 'ok' && <p className="field-hint">{formatInstant(time.at, zone)}</p>}
          </div>
          {posts.length > 1 && <p className="field-hint">All of them get this time; a paced release spreads them out instead.</p>}
          <ErrorNotice message={error} />
        </div>
        <DialogFoot onCancel={onDone}>
          <HubSubmit className="button button-primary" disabled={busy || time.kind !== 'ok'}>
            Reschedule
          </HubSubmit>
        </DialogFoot>
      </form>
    </Dialog>
  );
}

/** New text for one held post (it stays in catch-up), with the length per network as you type. */
export function EditHeldDialog({ post, onDone }: { post: ScheduledPost; onDone(): void }) {
  const decide = useDesk((s) => s.decideHeld);
  const busy = useDesk((s) => s.incidentBusy);
  const error = useDesk((s) => s.incidentError);
  const accounts = useDesk((s) => s.publishingAccounts);
  const uid = useId();
  const [text, setText] = useState(post.text);
  const checks = useMemo(() => counters(text, post.accounts, accounts), [text, post.accounts, accounts]);
  const over = checks.some((c) => !c.ok);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (over) return;
    void decide({ postIds: [post.id], action: 'edit', text }).then((ok) => ok && onDone());
  };
  return (
    <Dialog labelledBy={`${uid}-title`} onClose={onDone}>
      <form className="source-form" onSubmit={submit} noValidate>
        <header className="dialog-head">
          <h2 id={`${uid}-title`}>Edit post {post.id}</h2>
        </header>
        <div className="dialog-body">
          <p className="field-hint">It stays in catch-up; decide afterwards whether to publish, reschedule or cancel it.</p>
          <div className="field">
            <label htmlFor={`${uid}-text`}>Text</label>
            <textarea
              id={`${uid}-text`}
              rows={6}
              className="post-text-input"
              value={text}
              onChange={(e) => setText(e.target.value)}
              aria-describedby={`${uid}-counters`}
              data-autofocus=""
            />
            <ul className="counters" id={`${uid}-counters`} aria-label="Length per network">
              {checks.map((c) => (
                <li key={c.label} className={c.remaining < 0 ? 'counter counter-over' : 'counter'}>
                  <span className="counter-name">{c.label}</span>{' '}
                  <span className="counter-figures">
                    {c.used} / {c.limit}
                  </span>
                  {c.problem && <span className="counter-problem"> · {c.problem}</span>}
                </li>
              ))}
            </ul>
          </div>
          <ErrorNotice message={error} />
        </div>
        <DialogFoot onCancel={onDone}>
          <HubSubmit className="button button-primary" disabled={busy || over}>
            Save text
          </HubSubmit>
        </DialogFoot>
      </form>
    </Dialog>
  );
}
