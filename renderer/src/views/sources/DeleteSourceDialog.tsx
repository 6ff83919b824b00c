import { useId } from 'react';
import { Dialog, DialogFoot } from '../../components/Dialog.js';
import { useDesk } from '../../store/react.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';

/** Names the source and says what happens to what it already stored, before anything is deleted. */
export function DeleteSourceDialog({
  name,
  onDone,
  fallbackFocus,
}: {
  name: string;
  onDone: (message: string | null) => void;
  fallbackFocus: () => HTMLElement | null;
}) {
  const remove = useDesk((s) => s.removeSource);
  const pending = useDesk((s) => s.sourcePending === name);
  const error = useDesk((s) => s.sourceActionError);
  const uid = useId();
  return (
    <Dialog labelledBy={`${uid}-title`} onClose={() => onDone(null)} className="confirm-dialog" fallbackFocus={fallbackFocus}>
      <div className="dialog-body" aria-describedby={`${uid}-text`}>
        <h2 id={`${uid}-title`}>Delete the source “{name}”?</h2>
        <p id={`${uid}-text`}>
          Surge Desk stops polling {name} and forgets its settings and credentials. Posts it already stored stay, and so do their counts in
          the charts.
        </p>
        <ErrorNotice message={error} />
      </div>
      <DialogFoot onCancel={() => onDone(null)} focusCancel>
        <button
          type="button"
          className="button button-danger"
          disabled={pending}
          onClick={() => void remove(name).then((removed) => removed && onDone(`Deleted ${name}. Its stored posts stay.`))}
        >
          {pending ? 'Deleting…' : `Delete ${name}`}
        </button>
      </DialogFoot>
    </Dialog>
  );
}
