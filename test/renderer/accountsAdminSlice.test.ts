import { beforeEach, describe, expect, it } from 'vitest';
import type { AccountConfigView } from '../../shared/contract/campaigns.js';
import { ACCOUNTS_ONLY_ADMINS } from '../../renderer/src/store/accountsAdmin/action.js';
import { configFromAccountDraft, draftFromAccount, emptyAccountDraft } from '../../renderer/src/store/accountsAdmin/fields.js';
import { createDeskStore, type DeskStoreApi } from '../../renderer/src/store/store.js';
import { createFakeClient, failWith, flush, type FakeTransport } from './fakeTransport.js';

const view = (name: string, extra: Partial<AccountConfigView> = {}): AccountConfigView => ({
  name,
  network: 'mastodon',
  handle: `@${name}@m.example`,
  charLimit: 500,
  origin: 'app',
  settings: { type: 'mastodon', name, baseUrl: 'https://m.example', visibility: 'public', handle: `@${name}@m.example` },
  secretsSet: ['token'],
  ...extra,
});
const plain = ({ name, network, handle, charLimit, origin }: AccountConfigView) => ({ name, network, handle, charLimit, origin });

describe('account form fields', () => {
  it('leaves empty credentials and optional fields out, turns numbers and lists into values', () => {
    const draft = {
      ...emptyAccountDraft('mastodon'),
      name: ' m2 ',
      fields: { baseUrl: ' https://m.example ', token: '', charLimit: '1000', handle: '' },
    };
    expect(configFromAccountDraft(draft)).toEqual({
      type: 'mastodon',
      name: 'm2',
      baseUrl: 'https://m.example',
      charLimit: 1000,
    });
    const bluesky = { ...emptyAccountDraft('bluesky'), name: 'b', fields: { identifier: 'brand', appPassword: 'pw', langs: 'en, de,,' } };
    expect(configFromAccountDraft(bluesky)).toEqual({
      type: 'bluesky',
      name: 'b',
      identifier: 'brand',
      appPassword: 'pw',
      langs: ['en', 'de'],
    });
  });

  it('sends an emptied setting as null when editing, so the stored one is cleared (credentials stay kept)', () => {
    const draft = { ...emptyAccountDraft('x'), name: 'x1', fields: { handle: '', token: '' } };
    expect(configFromAccountDraft(draft, true)).toEqual({ type: 'x', name: 'x1', handle: null, baseUrl: null });
  });

  it('never prefills a credential when editing', () => {
    const draft = draftFromAccount(view('m1', { settings: { baseUrl: 'https://m.example', token: 'leaked?', charLimit: 700 } }));
    expect(draft).toEqual({ network: 'mastodon', name: 'm1', fields: { baseUrl: 'https://m.example', charLimit: '700' } });
  });
});

describe('publishing accounts admin slice', () => {
  let transport: FakeTransport;
  let store: DeskStoreApi;

  beforeEach(() => {
    const fake = createFakeClient({
      'accounts.configs': () => [view('m1'), view('file-b', { network: 'bluesky', origin: 'file' })],
      'accounts.list': () => [plain(view('m1'))],
      'accounts.add': (params: { config: { name: string } }) => view(params.config.name),
    });
    transport = fake.transport;
    store = createDeskStore({ client: fake.client, now: () => 7 });
  });

  it('loads the admin list and the composer list together; a non-admin gets the plain list and the reason', async () => {
    await store.getState().loadAccountConfigs();
    expect(store.getState().accountConfigs.map((a) => a.name)).toEqual(['file-b', 'm1']);
    expect(store.getState().publishingAccounts.map((a) => a.name)).toEqual(['file-b', 'm1']);

    const fresh = createDeskStore({
      client: createFakeClient({ ...transport.handlers, 'accounts.configs': failWith('forbidden', 'Your role cannot.') }).client,
      now: () => 7,
    });
    await fresh.getState().loadAccountConfigs();
    expect(fresh.getState().accountConfigsStatus).toBe('forbidden');
    expect(fresh.getState().accountConfigsError).toBe(ACCOUNTS_ONLY_ADMINS);
    expect(fresh.getState().publishingAccounts.map((a) => a.name)).toEqual(['m1']);
  });

  it('a saved account is offered to the composer at once', async () => {
    await store.getState().loadAccountConfigs();
    const answer = await store.getState().saveAccount({ type: 'mastodon', name: 'new-m', baseUrl: 'https://m.example', token: 't' }, null);
    expect(answer.ok).toBe(true);
    expect(store.getState().publishingAccounts.map((a) => a.name)).toContain('new-m');
    expect(transport.calls.find((c) => c.method === 'accounts.add')?.params).toMatchObject({ config: { name: 'new-m', token: 't' } });
  });

  it('keeps the refusal of a removal in the engine’s words and the account in the list', async () => {
    await store.getState().loadAccountConfigs();
    transport.handlers['accounts.remove'] = failWith('conflict', '"m1" cannot be removed: 2 posts that have not gone out target it.');
    expect(await store.getState().removeAccount('m1')).toBe(false);
    expect(store.getState().accountActionError).toMatch(/2 posts/);
    expect(store.getState().accountConfigs.map((a) => a.name)).toContain('m1');

    transport.handlers['accounts.remove'] = () => ({ removed: 'm1' });
    expect(await store.getState().removeAccount('m1')).toBe(true);
    expect(store.getState().publishingAccounts.map((a) => a.name)).toEqual(['file-b']);
  });

  it('follows accounts.changed from elsewhere', async () => {
    const off = store.getState().bindEvents();
    await store.getState().loadAccountConfigs();
    transport.handlers['accounts.configs'] = () => [view('m1'), view('file-b', { network: 'bluesky', origin: 'file' }), view('m3')];
    transport.emit('accounts.changed', {
      accounts: [plain(view('m3')), plain(view('m1')), plain(view('file-b', { network: 'bluesky', origin: 'file' }))],
    });
    await flush();
    expect(store.getState().publishingAccounts.map((a) => a.name)).toEqual(['file-b', 'm1', 'm3']);
    await flush();
    expect(store.getState().accountConfigs.map((a) => a.name)).toContain('m3');
    off();
  });
});
