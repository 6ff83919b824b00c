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
