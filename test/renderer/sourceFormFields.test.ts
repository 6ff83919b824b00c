/**
 * The Sources form's field list is written out in the renderer (which may not import main/);
 * this holds it to the engine's config schemas so the two cannot drift apart: every field the
 * form offers is one the engine accepts, the secrets are exactly the engine's secrets, and
 * every setting the engine takes is in the form unless it is deliberately config-file only.
 */
import { describe, expect, it } from 'vitest';
import { SECRET_FIELDS, parseOneSourceConfig, sourceConfigSchema } from '../../main/sources/config.js';
import {
  FIELDS,
  FORM_SOURCE_TYPES,
  configFromDraft,
  draftFromConfig,
  emptyDraft,
  type SourceDraft,
} from '../../renderer/src/store/sourcesAdmin/fields.js';
import { describeBackfill } from '../../renderer/src/store/sourcesAdmin/history.js';

/** Settings every type has, which the form shows in its own common section. */
const COMMON = ['type', 'name', 'intervalSeconds', 'enabled', 'backfill'];
/** Config-file only: a switch the form expresses through its stream-address field. */
const FILE_ONLY: Record<string, readonly string[]> = { mastodon: ['stream'], bluesky: ['stream'] };

const shapes = new Map(sourceConfigSchema.options.map((option) => [option.shape.type.value, Object.keys(option.shape)]));

describe('Sources form fields against the engine config schemas', () => {
  it.each(FORM_SOURCE_TYPES)('%s', (type) => {
    const engineKeys = shapes.get(type);
    expect(engineKeys, `no engine schema for ${type}`).toBeDefined();
    const formKeys = FIELDS[type].map((f) => f.key);
    for (const key of formKeys) expect(engineKeys, `form field ${type}.${key}`).toContain(key);
    expect(
      FIELDS[type]
        .filter((f) => f.kind === 'secret')
        .map((f) => f.key)
        .sort(),
    ).toEqual([...SECRET_FIELDS[type]].sort());
    const notInForm = engineKeys!.filter((k) => !COMMON.includes(k) && !formKeys.includes(k));
    expect(notInForm).toEqual([...(FILE_ONLY[type] ?? [])]);
  });
});

describe('history to fetch when added, from the form to the engine', () => {
  const feed = (draft: Partial<SourceDraft>): SourceDraft => ({
    ...emptyDraft('rss'),
    name: 'feed',
    fields: { url: 'https://e.example/feed.xml' },
    ...draft,
  });
  const engine = (draft: SourceDraft, base: Record<string, unknown> = {}) => {
    const built = configFromDraft(draft, base);
    if (!built.ok) throw new Error(built.error);
    const parsed = parseOneSourceConfig(built.config);
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    return parsed.value;
  };

  it('a new source fetches the last 7 days by default, and each choice is one the engine accepts', () => {
    expect(engine(feed({})).backfill).toEqual({ maxAgeMinutes: 10_080, maxPosts: 100_000 });
    expect(engine(feed({ history: 'day' })).backfill).toEqual({ maxAgeMinutes: 1_440, maxPosts: 20_000 });
    expect(engine(feed({ history: 'hour' })).backfill).toEqual({ maxAgeMinutes: 60, maxPosts: 500 });
  });

  it('an edit keeps the stored backfill, even one a config file set by hand', () => {
    const stored = { type: 'rss', name: 'feed', url: 'https://e.example/feed.xml', backfill: { maxPosts: 1_234, maxAgeMinutes: 90 } };
    const draft = draftFromConfig('rss', 'feed', stored);
    expect(draft.history).toBeNull();
    expect(engine(draft, stored).backfill).toEqual({ maxPosts: 1_234, maxAgeMinutes: 90 });
    expect(describeBackfill(stored.backfill)).toBe('The last 90 minutes, up to 1,234 posts');
    expect(describeBackfill({ maxPosts: 100_000, maxAgeMinutes: 10_080 })).toBe('Last 7 days');
    // A source saved before the choice existed got the engine's default.
    expect(describeBackfill(undefined)).toBe('Last hour');
  });

  it('a webhook, which has no history, sends none', () => {
    const built = configFromDraft({ ...emptyDraft('webhook'), name: 'hook', fields: { secret: 'x'.repeat(16) } });
    expect(built.ok && 'backfill' in built.config).toBe(false);
  });
});
