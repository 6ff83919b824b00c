/**
 * The Sources form's field list is written out in the renderer (which may not import main/);
 * this holds it to the engine's config schemas so the two cannot drift apart: every field the
 * form offers is one the engine accepts, the secrets are exactly the engine's secrets, and
 * every setting the engine takes is in the form unless it is deliberately config-file only.
 */
import { describe, expect, it } from 'vitest';
import { SECRET_FIELDS, sourceConfigSchema } from '../../main/sources/config.js';
import { FIELDS, FORM_SOURCE_TYPES } from '../../renderer/src/store/sourcesAdmin/fields.js';

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
