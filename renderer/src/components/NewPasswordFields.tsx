import { LabeledInput } from './LabeledInput.js';

interface NewPasswordFieldsProps {
  /** `invite` gives the ids `invite-password` and `invite-password-again`. */
  idPrefix: string;
  password: string;
  again: string;
  onPassword(value: string): void;
  onAgain(value: string): void;
  /** Set when the form was sent with two different passwords. */
  mismatch: boolean;
}

/** A new password typed twice (accepting an invite, in the browser or the desktop app), and what is said when they differ. */
export function NewPasswordFields({ idPrefix, password, again, onPassword, onAgain, mismatch }: NewPasswordFieldsProps) {
  return (
    <>
      <LabeledInput
        id={`${idPrefix}-password`}
        label="Choose a password (at least 8 characters)"
        value={password}
        onValue={onPassword}
        type="password"
        autoComplete="new-password"
        minLength={8}
        required
      />
      <LabeledInput
        id={`${idPrefix}-password-again`}
        label="The same password again"
        value={again}
        onValue={onAgain}
        type="password"
        autoComplete="new-password"
        required
      />
      {mismatch && (
        <p className="notice notice-error" role="alert">
          The two passwords differ.
        </p>
      )}
    </>
  );
}
