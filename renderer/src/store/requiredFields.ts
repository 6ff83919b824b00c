/**
 * The required fields a form left empty, named by the labels beside them: said before anything
 * is sent, because the engine's answer names its config keys ("baseUrl is required"), not what
 * the form calls them. The engine still has the last word on every value typed.
 */
export interface RequiredFieldSpec {
  key: string;
  label: string;
  kind: string;
  required?: boolean;
}

/** `keepSecrets`: an edit, where an empty credential keeps the stored one. */
export function missingRequired(
  specs: readonly RequiredFieldSpec[],
  draft: { name: string; fields: Record<string, string> },
  keepSecrets: boolean,
): string | null {
  const missing = [
    ...(draft.name.trim() === '' ? ['Name'] : []),
    ...specs
      .filter((spec) => spec.required && !(keepSecrets && spec.kind === 'secret') && (draft.fields[spec.key] ?? '').trim() === '')
      .map((spec) => spec.label),
  ];
  if (missing.length === 0) return null;
  const last = missing.pop()!;
  return `Fill in ${missing.length > 0 ? `${missing.join(', ')} and ${last}` : last}.`;
}
