/** A refusal or failure in plain words, announced to screen readers when it appears; nothing when there is none. */
export function ErrorNotice({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p className="notice notice-error" role="alert">
      {message}
    </p>
  );
}
