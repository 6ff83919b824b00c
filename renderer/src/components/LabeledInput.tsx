import type { InputHTMLAttributes } from 'react';

interface LabeledInputProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange'> {
  id: string;
  label: string;
  value: string;
  onValue(value: string): void;
}

/** A text field with its label bound by id, as the forms' browser tests and screen readers find it. */
export function LabeledInput({ id, label, value, onValue, ...input }: LabeledInputProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} value={value} onChange={(e) => onValue(e.target.value)} {...input} />
    </div>
  );
}
