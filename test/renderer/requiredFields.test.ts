/**
 * A source or publishing account saved with a required field empty is stopped before anything
 * is sent, with the labels the form shows ("Fill in Instance address and Access token."), not
 * the engine's config keys ("baseUrl is required"). An edit keeps a stored credential when its
 * field is left empty, so that is not missing.
 */
import { describe, expect, it } from 'vitest';
import { ACCOUNT_FIELDS, emptyAccountDraft } from '../../renderer/src/store/accountsAdmin/fields.js';
import { missingRequired } from '../../renderer/src/store/requiredFields.js';
import { FIELDS } from '../../renderer/src/store/sourcesAdmin/fields.js';

describe('required fields named by their labels', () => {
  it('names every empty required field of a new Mastodon account, the name first', () => {
    expect(missingRequired(ACCOUNT_FIELDS.mastodon, emptyAccountDraft('mastodon'), false)).toBe(
      'Fill in Name, Instance address and Access token.',
    );
    expect(missingRequired(ACCOUNT_FIELDS.mastodon, { name: 'brand', fields: { baseUrl: 'https://m.example' } }, false)).toBe(
      'Fill in Access token.',
    );
  });

  it('on an edit, an empty credential keeps the stored one', () => {
    expect(missingRequired(ACCOUNT_FIELDS.x, { name: 'brand-x', fields: {} }, true)).toBeNull();
    expect(missingRequired(FIELDS.webhook, { name: 'hook', fields: { secret: '' } }, true)).toBeNull();
    expect(missingRequired(FIELDS.webhook, { name: 'hook', fields: { secret: ' ' } }, false)).toBe('Fill in Shared secret.');
  });

  it('treats spaces as empty and says nothing when all is filled', () => {
    expect(missingRequired(FIELDS.rss, { name: '  ', fields: { url: ' ' } }, false)).toBe('Fill in Name and Feed address.');
    expect(missingRequired(FIELDS.rss, { name: 'feed', fields: { url: 'https://a.example/f.xml' } }, false)).toBeNull();
  });
});
