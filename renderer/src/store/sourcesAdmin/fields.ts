/**
 * The Sources form: which fields each source type has, and the two conversions between a
 * stored config (as `sources.configs` sends it) and what the form holds (strings, so nothing
 * a person types is lost or reformatted). Field names and limits follow main/sources/config.ts
 * (the engine validates; these only shape the form). The renderer may not import main/, so
 * the list is written out here, and test/renderer/sourceFormFields.test.ts holds it to the
 * engine's schemas (same keys, same secrets); a field the engine adds later survives edits
 * through `base`.
 */

import {
  BACKFILL_PRESETS,
  DEFAULT_INTERVAL_SECONDS,
  MIN_INTERVAL_SECONDS,
  type BackfillPreset,
  type ConfigurableSourceType,
} from '../../../../shared/sourceDefaults.js';
import { defaultHistory, hasHistory } from './history.js';

export const FORM_SOURCE_TYPES = ['mastodon', 'bluesky', 'reddit', 'x', 'hackernews', 'rss', 'statuspage', 'webhook'] as const;
export type FormSourceType = (typeof FORM_SOURCE_TYPES)[number];
// The form offers exactly the types the engine can configure: a new type is a compile error here.
const _sameTypes: [FormSourceType, ConfigurableSourceType] extends [ConfigurableSourceType, FormSourceType] ? true : never = true;
void _sameTypes;

export const isFormSourceType = (value: string): value is FormSourceType => (FORM_SOURCE_TYPES as readonly string[]).includes(value);

export const TYPE_LABELS: Record<FormSourceType, string> = {
  mastodon: 'Mastodon',
  bluesky: 'Bluesky',
  reddit: 'Reddit',
  x: 'X (Twitter)',
  hackernews: 'Hacker News',
  rss: 'RSS / Atom feed',
  statuspage: 'Statuspage',
  webhook: 'Inbound webhook',
};

/** Polling defaults per type (shown as the interval field's placeholder) and the minimum. */
export const DEFAULT_INTERVALS: Readonly<Record<FormSourceType, number>> = DEFAULT_INTERVAL_SECONDS;
export { MIN_INTERVAL_SECONDS };

export interface FieldSpec {
  key: string;
  label: string;
  /** list: comma-separated in the form, an array in the config. secret: never prefilled. */
  kind: 'text' | 'url' | 'list' | 'secret';
  required: boolean;
  hint?: string;
  placeholder?: string;
}

export const FIELDS: Record<FormSourceType, readonly FieldSpec[]> = {
  mastodon: [
    { key: 'baseUrl', label: 'Instance address', kind: 'url', required: true, placeholder: 'https://mastodon.social' },
    {
      key: 'hashtags',
      label: 'Hashtags',
      kind: 'list',
      required: false,
      hint: 'Comma-separated, without #. At least one hashtag or keyword.',
      placeholder: 'outage, acmedown',
    },
    {
      key: 'keywords',
      label: 'Keywords',
      kind: 'list',
      required: false,
      hint: 'Comma-separated; searching keywords needs an access token.',
    },
    { key: 'token', label: 'Access token', kind: 'secret', required: false, hint: 'Optional; needed for keyword search.' },
    {
      key: 'streamingUrl',
      label: 'Live stream address',
      kind: 'url',
      required: false,
      hint: 'Optional; set it to also get new posts live over the streaming API (instances that allow it). Usually the instance address with wss://.',
      placeholder: 'wss://streaming.mastodon.social',
    },
  ],
  bluesky: [
    { key: 'query', label: 'Search query', kind: 'text', required: true, placeholder: 'acme down' },
    { key: 'identifier', label: 'Account handle', kind: 'text', required: false, hint: 'Optional; set together with the app password.' },
    { key: 'appPassword', label: 'App password', kind: 'secret', required: false },
    { key: 'service', label: 'Service address', kind: 'url', required: false, hint: 'Optional; leave empty for the public Bluesky API.' },
    {
      key: 'jetstreamUrl',
      label: 'Live stream (Jetstream) address',
      kind: 'url',
      required: false,
      hint: 'Optional; set it to also get matching posts live, within seconds. Words, "phrases", #tags, -exclusions, OR and lang: work; from:, domain: and similar do not.',
      placeholder: 'wss://jetstream2.us-east.bsky.network',
    },
  ],
  reddit: [
    {
      key: 'subreddits',
      label: 'Subreddits',
      kind: 'list',
      required: false,
      hint: 'Comma-separated, without r/. At least one subreddit or a query.',
      placeholder: 'sysadmin, acme',
    },
    { key: 'query', label: 'Search query', kind: 'text', required: false },
    { key: 'clientId', label: 'Client ID', kind: 'text', required: true },
    { key: 'clientSecret', label: 'Client secret', kind: 'secret', required: true },
  ],
  x: [
    { key: 'query', label: 'Search query', kind: 'text', required: true, placeholder: '"acme" (down OR outage) -is:retweet' },
    { key: 'bearerToken', label: 'Bearer token', kind: 'secret', required: true },
  ],
  hackernews: [
    { key: 'query', label: 'Search query', kind: 'text', required: true },
    { key: 'tags', label: 'Tags', kind: 'text', required: false, hint: 'Optional Algolia tags, e.g. story or comment.' },
  ],
  rss: [{ key: 'url', label: 'Feed address', kind: 'url', required: true, placeholder: 'https://example.com/feed.xml' }],
  statuspage: [{ key: 'url', label: 'Status page address', kind: 'url', required: true, placeholder: 'https://status.example.com' }],
  webhook: [
    {
      key: 'secret',
      label: 'Shared secret',
      kind: 'secret',
      required: true,
      hint: 'At least 16 characters. Senders put it in the X-Surge-Secret header of POST /api/webhooks/<name>.',
    },
  ],
};

/** What the form holds: strings as typed, so a failed save loses nothing. */
export interface SourceDraft {
  type: FormSourceType;
  name: string;
  intervalSeconds: string;
  enabled: boolean;
  /**
   * History to fetch when added. Null on an edit: the backfill only ever applied to the first
   * fetch, so the stored one is kept as it is.
   */
  history: BackfillPreset | null;
  fields: Record<string, string>;
}

export const emptyDraft = (type: FormSourceType = 'mastodon'): SourceDraft => ({
  type,
  name: '',
  intervalSeconds: '',
  enabled: true,
  history: defaultHistory(type),
  fields: {},
});

const MANAGED_COMMON = ['type', 'name', 'intervalSeconds', 'enabled'];

/** A stored config → form strings. Credentials are never sent by the engine and never prefilled. */
export function draftFromConfig(type: FormSourceType, name: string, config: Record<string, unknown>): SourceDraft {
  const fields: Record<string, string> = {};
  for (const spec of FIELDS[type]) {
    const value = config[spec.key];
    if (spec.kind === 'secret') fields[spec.key] = '';
    else if (Array.isArray(value)) fields[spec.key] = value.map(String).join(', ');
    else fields[spec.key] = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  }
  return {
    type,
    name,
    intervalSeconds: typeof config.intervalSeconds === 'number' ? String(config.intervalSeconds) : '',
    enabled: config.enabled !== false,
    history: null,
    fields,
  };
}

export type BuiltConfig = { ok: true; config: Record<string, unknown> } | { ok: false; error: string };

/**
 * Form strings → the config sent to `sources.add` / `sources.update` / `sources.test`.
 * Fields the form does not show (anything newer) are kept from `base`, and so is the
 * backfill unless the draft chose one (only a new source does). Empty
 * optional fields are left out; an empty credential is left out too, which on an edit means
 * "keep the stored one". Required fields are not checked here: the engine says what is
 * missing in its own words.
 */
export function configFromDraft(draft: SourceDraft, base: Record<string, unknown> = {}): BuiltConfig {
  const specs = FIELDS[draft.type];
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(base)) {
    if (!MANAGED_COMMON.includes(key) && !specs.some((spec) => spec.key === key) && !isOtherTypesField(key, draft.type))
      config[key] = value;
  }
  config.type = draft.type;
  config.name = draft.name.trim();
  config.enabled = draft.enabled;
  if (draft.history !== null && hasHistory(draft.type)) config.backfill = { ...BACKFILL_PRESETS[draft.history] };
  const interval = draft.intervalSeconds.trim();
  if (interval !== '') {
    const seconds = Number(interval);
    if (!Number.isFinite(seconds)) return { ok: false, error: 'Interval must be a number of seconds.' };
    config.intervalSeconds = seconds;
  }
  for (const spec of specs) {
    const raw = draft.fields[spec.key] ?? '';
    if (spec.kind === 'list') {
      config[spec.key] = raw
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
    } else if (spec.kind === 'secret') {
      // Exactly as typed: a secret's spaces are the sender's business.
      if (raw !== '') config[spec.key] = raw;
    } else if (raw.trim() !== '') {
      config[spec.key] = raw.trim();
    }
  }
  return { ok: true, config };
}

/** A field another type has: dropped when the type changes, so the engine does not see strangers. */
function isOtherTypesField(key: string, type: FormSourceType): boolean {
  return FORM_SOURCE_TYPES.some((other) => other !== type && FIELDS[other].some((spec) => spec.key === key));
}

/** Labels of the settings every type has, as the form shows them. */
const COMMON_LABELS: Record<string, string> = { type: 'Type', name: 'Name', intervalSeconds: 'Poll every', enabled: 'Enabled' };

/**
 * The hub names a bad setting by its key ("url: must be a full http:// or https:// address");
 * the form names it by the label the person sees beside the box ("Feed address: …").
 */
export function withFieldLabels(message: string, type: FormSourceType): string {
  return message
    .split('; ')
    .map((part) => {
      const match = /^([A-Za-z][\w.]*): (.*)$/s.exec(part);
      if (!match) return part;
      const [, key = '', problem = ''] = match;
      const label = COMMON_LABELS[key] ?? FIELDS[type].find((spec) => spec.key === key)?.label;
      return label ? `${label}: ${problem}` : part;
    })
    .join('; ');
}
