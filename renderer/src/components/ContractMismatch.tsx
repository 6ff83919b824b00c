/**
 * Shown in place of the views when the hub speaks another protocol version: one plain sentence
 * saying what to update, instead of every view failing in its own odd way.
 */
export function ContractMismatch({ message }: { message: string }) {
  return (
    <div className="view" data-testid="contract-mismatch">
      <div className="view-head">
        <h1 id="view-title" tabIndex={-1}>
          This app and the hub do not match
        </h1>
      </div>
      <p className="notice notice-error" role="alert">
        {message}
      </p>
    </div>
  );
}
