import { useId, useState } from 'react';
import { PRIORITIES, type Priority } from '../../../../shared/contract/methods.js';
import { Dialog, DialogFoot } from '../../components/Dialog.js';
import { LabeledInput } from '../../components/LabeledInput.js';
import { connectionSelectors } from '../../store/connection/selectors.js';
import { useDesk } from '../../store/react.js';
import { parseTags } from './CardEditForm.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';

/** An escalation by hand: a title is all it needs; it lands in New for everyone at once. */
export function CreateEscalationDialog({ onClose }: { onClose(): void }) {
  const create = useDesk((s) => s.createEscalation);
  const notice = useDesk((s) => s.boardNotice);
  const [title, setTitle] = useState('');
  const [handle, setHandle] = useState('');
  const [tags, setTags] = useState('');
  const [priority, setPriority] = useState<Priority>('P3');
  const [busy, setBusy] = useState(false);
  const live = useDesk(connectionSelectors.isLive);
  const uid = useId();
  return (
    <Dialog labelledBy={`${uid}-title`} onClose={onClose} className="confirm-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setBusy(true);
          void create({
            title: title.trim(),
            priority,
            tags: parseTags(tags),
            ...(handle.trim() ? { customerHandle: handle.trim() } : {}),
          }).then((outcome) => {
            setBusy(false);
            // Sent or queued, it is on the board now (a queued one atop New); a refusal stays here with its reason.
            if (outcome.kind !== 'refused') onClose();
          });
        }}
      >
        <header className="dialog-head">
          <h2 id={`${uid}-title`}>New escalation</h2>
        </header>
        <div className="dialog-body">
          <LabeledInput id={`${uid}-t`} label="Title" value={title} onValue={setTitle} maxLength={300} required data-autofocus="" />
          <LabeledInput id={`${uid}-h`} label="Customer handle (optional)" value={handle} onValue={setHandle} maxLength={200} />
          <div className="field">
            <label htmlFor={`${uid}-p`}>Priority</label>
            <select id={`${uid}-p`} value={priority} onChange={(e) => setPriority(e.target.value as Priority)}>
              {PRIORITIES.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </div>
          <LabeledInput id={`${uid}-g`} label="Tags (optional, comma separated)" value={tags} onValue={setTags} />
          {!live && (
            <p className="field-hint" data-testid="create-offline">
              Offline: the escalation waits atop New and is filed once when the hub is back.
            </p>
          )}
          <ErrorNotice message={notice} />
        </div>
        <DialogFoot onCancel={onClose}>
          <button type="submit" className="button button-primary" disabled={busy || !title.trim()}>
            {busy ? 'Creating…' : 'Create escalation'}
          </button>
        </DialogFoot>
      </form>
    </Dialog>
  );
}
