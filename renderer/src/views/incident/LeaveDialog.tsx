import { useId, useState } from 'react';
import { Dialog, DialogFoot } from '../../components/Dialog.js';
import { useDesk } from '../../store/react.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';

/** Leaving says plainly that nothing goes out by itself, then opens catch-up. */
export function LeaveDialog() {
  const held = useDesk((s) => s.incident?.held ?? 0);
  const busy = useDesk((s) => s.incidentBusy);
  const error = useDesk((s) => s.incidentError);
  const close = useDesk((s) => s.openIncidentDialog);
  const exit = useDesk((s) => s.exitIncident);
  const [reason, setReason] = useState('');
  const uid = useId();
  const leave = () =>
    void exit(reason.trim() || undefined).then((ok) => {
      if (!ok) return;
      close(null);
      window.location.hash = '#/incident';
    });
  return (
    <Dialog labelledBy={`${uid}-title`} onClose={() => close(null)} className="confirm-dialog">
      <div className="dialog-body">
        <h2 id={`${uid}-title`}>Leave incident mode?</h2>
        <p>
          Nothing is published by leaving.{' '}
          {held > 0
            ? `The ${held} held ${held === 1 ? 'post waits' : 'posts wait'} in catch-up, where you decide for each: publish now, reschedule, edit, cancel or send back for approval.`
            : 'No post is held.'}
        </p>
        <div className="field">
          <label htmlFor={`${uid}-reason`}>Note for the team (optional)</label>
          <input id={`${uid}-reason`} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
        </div>
        <ErrorNotice message={error} />
      </div>
      <DialogFoot onCancel={() => close(null)} cancelLabel="Stay in incident mode" focusCancel>
        <button type="button" className="button button-primary" disabled={busy} onClick={leave}>
          {busy ? 'Leaving…' : 'Leave incident mode'}
        </button>
      </DialogFoot>
    </Dialog>
  );
}
