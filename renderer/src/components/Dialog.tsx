import { useEffect, useRef, type ReactNode } from 'react';

interface Props {
  /** id of the dialog's heading. */
  labelledBy: string;
  onClose: () => void;
  className?: string;
  /** Where focus goes when the element that opened the dialog is gone (a deleted row's button). */
  fallbackFocus?: () => HTMLElement | null;
  children: ReactNode;
}

/**
 * A modal on the native `<dialog>`: the browser traps focus and makes the page behind inert;
 * Escape closes it through `onClose` (React state decides, not the element); focus goes to
 * the element marked `data-autofocus` on open and back to whatever opened it on close.
 */
export function Dialog({ labelledBy, onClose, className, fallbackFocus, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const onCloseRef = useRef(onClose);
  const fallbackRef = useRef(fallbackFocus);
  useEffect(() => {
    onCloseRef.current = onClose;
    fallbackRef.current = fallbackFocus;
  });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => {
      if (dialog.open) dialog.close();
      const target = opener?.isConnected ? opener : (fallbackRef.current?.() ?? null);
      target?.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      aria-labelledby={labelledBy}
      className={`dialog ${className ?? ''}`}
      onCancel={(event) => {
        event.preventDefault();
        onCloseRef.current();
      }}
    >
      {children}
    </dialog>
  );
}

/**
 * The foot every dialog shares: Cancel (or the dialog's own word for backing out) on the
 * right beside the main action, which the caller passes as children.
 */
export function DialogFoot({
  onCancel,
  cancelLabel = 'Cancel',
  focusCancel = false,
  children,
}: {
  onCancel: () => void;
  cancelLabel?: string;
  /** For destructive dialogs: Enter on open must not confirm. */
  focusCancel?: boolean;
  children: ReactNode;
}) {
  return (
    <footer className="dialog-foot">
      <div className="button-row">
        <span className="button-spacer" />
        <button type="button" className="button" onClick={onCancel} {...(focusCancel ? { 'data-autofocus': '' } : {})}>
          {cancelLabel}
        </button>
        {children}
      </div>
    </footer>
  );
}
