/**
 * The add/edit form for publishing accounts, per network: which fields, and how typed text
 * becomes the config the engine validates (it has the last word on every value). Credential
 * fields are write-only: an edit starts them empty, and empty means "keep the stored one".
 */
import type { AccountConfigView } from '../../../../shared/contract/campaigns.js';
import type { Network } from '../../../../shared/publishing/networks.js';

export interface AccountFieldSpec {
  key: string;
  label: string;
  kind: 'text' | 'url' | 'secret' | 'number' | 'visibility' | 'list';
  required?: boolean;
  hint?: string;
  placeholder?: string;
}

export const NETWORK_LABELS: Record<Network, string> = { mastodon: 'Mastodon', bluesky: 'Bluesky', x: 'X' };
export const FORM_NETWORKS: readonly Network[] = ['mastodon', 'bluesky', 'x'];

export const ACCOUNT_FIELDS: Record<Network, readonly AccountFieldSpec[]> = {
  mastodon: [
    { key: 'baseUrl', label: 'Instance address', kind: 'url', required: true, placeholder: 'https://mastodon.social' },
    { key: 'token', label: 'Access token', kind: 'secret', required: true, hint: 'An application token with write:statuses.' },
    { key: 'handle', label: 'Handle', kind: 'text', placeholder: '@brand@mastodon.social' },
    { key: 'charLimit', label: 'Length limit', kind: 'number', hint: 'Empty: 500, the Mastodon default.' },
    { key: 'visibility', label: 'Visibility', kind: 'visibility' },
  ],
  bluesky: [
    { key: 'identifier', label: 'Handle or e-mail', kind: 'text', required: true, placeholder: 'brand.bsky.social' },
    { key: 'appPassword', label: 'App password', kind: 'secret', required: true, hint: 'Made in Bluesky under Settings → App passwords.' },
    { key: 'service', label: 'Service address', kind: 'url', placeholder: 'https://bsky.social', hint: 'Empty: https://bsky.social.' },
    { key: 'langs', label: 'Languages', kind: 'list', placeholder: 'en, de', hint: 'Up to three language codes, separated by commas.' },
  ],
  x: [
    {
      key: 'token',
      label: 'Access token',
      kind: 'secret',
      required: true,
      hint: 'An OAuth 2.0 user-context token with tweet.write (app-only bearer tokens cannot post).',
    },
    { key: 'handle', label: 'Handle', kind: 'text', placeholder: '@brand' },
    { key: 'baseUrl', label: 'API address', kind: 'url', placeholder: 'https://api.x.com', hint: 'Empty: https://api.x.com.' },
  ],
};

export interface AccountDraft {
  network: Network;
  name: string;
  fields: Record<string, string>;
}

export const emptyAccountDraft = (network: Network = 'mastodon'): AccountDraft => ({
  network,
  name: '',
  fields: network === 'mastodon' ? { visibility: 'public' } : {},
});

/** An edit starts from the stored settings; credential fields start empty. */
export function draftFromAccount(view: AccountConfigView): AccountDraft {
  const fields: Record<string, string> = {};
  for (const spec of ACCOUNT_FIELDS[view.network]) {
    const value = view.settings[spec.key];
    if (spec.kind === 'secret' || value === undefined || value === null) continue;
    fields[spec.key] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return { network: view.network, name: view.name, fields };
}

/**
 * What the engine gets: empty fields left out (its defaults apply), numbers as numbers. When
 * editing, an emptied setting is sent as null so the stored value is cleared, not kept.
 */
export function configFromAccountDraft(draft: AccountDraft, editing = false): Record<string, unknown> {
  const config: Record<string, unknown> = { type: draft.network, name: draft.name.trim() };
  for (const spec of ACCOUNT_FIELDS[draft.network]) {
    const raw = (draft.fields[spec.key] ?? '').trim();
    if (spec.kind === 'list') {
      config[spec.key] = raw
        ? raw
            .split(',')
            .map((part) => part.trim())
            .filter(Boolean)
        : [];
      continue;
    }
    if (!raw) {
      if (editing && spec.kind !== 'secret') config[spec.key] = null;
      continue;
    }
    config[spec.key] = spec.kind === 'number' && /^\d+$/.test(raw) ? Number(raw) : raw;
  }
  return config;
}
