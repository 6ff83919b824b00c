import { beforeEach, describe, expect, it } from 'vitest';
import type { SourceConfigView } from '../../shared/contract/methods.js';
import type { SourceStatus } from '../../shared/domain.js';
import { configFromDraft, draftFromConfig, emptyDraft } from '../../renderer/src/store/sourcesAdmin/fields.js';
import { ONLY_ADMINS, sourcesAdminSelectors } from '../../renderer/src/store/sourcesAdmin/selectors.js';
import { createDeskStore, type DeskStoreApi } from '../../renderer/src/store/store.js';
import { createFakeClient, deferred, failWith, flush, type FakeTransport } from './fakeTransport.js';

const status = (name: string, extra: Partial<SourceStatus> = {}): SourceStatus => ({
  name,
  type: 'webhook',
  health: 'ok',
  lastError: null,
  lastSuccessAt: 1000,
  nextPollAt: null,
  lagSeconds: 1,
  postsToday: 0,
  isDemo: false,
  recentGaps: [],
  stream: null,
  ...extra,
});

const view = (name: string, extra: Partial<SourceConfigView> = {}): SourceConfigView => ({
  name,
  type: 'webhook',
  origin: 'app',
  config: { type: 'webhook', name, intervalSeconds: 10, enabled: true, backfill: { maxPosts: 500, maxAgeMinutes: 60 } },
  secretsSet: ['secret'],
  ...extra,
});

const info = (role: string, demo = false) => ({ name: 'Surge Desk', version: '0.1.0', startedAt: 1, demo, role, transport: 'websocket' });

describe('source form fields', () => {
  it('turns lists into arrays, leaves empty credentials and optional fields out, keeps unseen fields', () => {
    const draft = {
      ...emptyDraft('mastodon'),
      // As on an edit, where the stored backfill is kept.
      history: null,
      name: ' m1 ',
      intervalSeconds: '30',
      fields: { baseUrl: ' https://m.example ', hashtags: 'outage, #down ,,', keywords: '', token: '' },
    };
    const built = configFromDraft(draft, { backfill: { maxPosts: 10, maxAgeMinutes: 5 }, query: 'from another type' });
    expect(built).toEqual({
      ok: true,
      config: {
        backfill: { maxPosts: 10, maxAgeMinutes: 5 },
        type: 'mastodon',
        name: 'm1',
        enabled: true,
        intervalSeconds: 30,
        baseUrl: 'https://m.example',
        hashtags: ['outage', '#down'],
        keywords: [],
      },
    });
  });

  it('never prefills a credential when editing', () => {
    const draft = draftFromConfig('reddit', 'r1', {
      subreddits: ['sysadmin', 'acme'],
      clientId: 'abc',
      clientSecret: 'leaked?',
      intervalSeconds: 120,
      enabled: false,
    });
    expect(draft).toEqual({
      type: 'reddit',
      name: 'r1',
      intervalSeconds: '120',
      enabled: false,
      history: null,
      fields: { subreddits: 'sysadmin, acme', query: '', clientId: 'abc', clientSecret: '' },
    });
  });
});

describe('sources admin slice', () => {
  let transport: FakeTransport;
  let store: DeskStoreApi;

  beforeEach(() => {
    const fake = createFakeClient({
      'system.info': () => info('admin'),
      'sources.list': () => [status('hook')],
      'sources.configs': () => [
        view('hook'),
        view('file1', { origin: 'file' }),
        { name: 'demo', type: 'demo', origin: 'demo', config: {}, secretsSet: [] },
      ],
    });
    transport = fake.transport;
    store = createDeskStore({ client: fake.client, now: () => 7 });
  });

  it('loads configs; a non-admin gets the one plain sentence instead of an error', async () => {
    await store.getState().loadSourceConfigs();
    expect(store.getState().sourceConfigs.map((c) => c.name)).toEqual(['hook', 'file1', 'demo']);
    transport.handlers['sources.configs'] = failWith('forbidden', 'Your role (lead) cannot call sources.configs.');
    await store.getState().loadSourceConfigs();
    expect(store.getState().sourceConfigsStatus).toBe('forbidden');
    expect(store.getState().sourceConfigsError).toBe(ONLY_ADMINS);
  });

  it('opens only app-defined sources for editing, with credentials empty', async () => {
    await store.getState().loadSourceConfigs();
    expect(store.getState().openEditSource('file1')).toBe(false);
    expect(store.getState().openEditSource('demo')).toBe(false);
    expect(store.getState().openEditSource('hook')).toBe(true);
    const form = store.getState().sourceForm!;
    expect(form.mode).toBe('edit');
    expect(form.draft.fields.secret).toBe('');
    expect(form.secretsSet).toEqual(['secret']);
    // Name and type are fixed on edit.
    store.getState().editSourceDraft({ name: 'renamed', type: 'rss', intervalSeconds: '60' });
    expect(store.getState().sourceForm!.draft).toMatchObject({ name: 'hook', type: 'webhook', intervalSeconds: '60' });
  });

  it('a failed save keeps everything typed and shows the engine’s words', async () => {
    transport.handlers['sources.add'] = failWith('bad_request', 'secret: must be at least 16 characters (use a long random string)');
    store.getState().openAddSource('webhook');
    store.getState().editSourceDraft({ name: 'w1', intervalSeconds: '15' });
    store.getState().editSourceField('secret', 'short');
    expect(await store.getState().saveSourceForm()).toBe(false);
    const form = store.getState().sourceForm!;
    // The hub names the setting by its key; the form by the label beside its box.
    expect(form.saveError).toBe('Shared secret: must be at least 16 characters (use a long random string)');
    expect(form.saving).toBe(false);
    // The history choice rides along unused: a webhook has none, so none is sent.
    expect(form.draft).toEqual({
      type: 'webhook',
      name: 'w1',
      intervalSeconds: '15',
      enabled: true,
      history: 'week',
      fields: { secret: 'short' },
    });
    const sent = transport.calls.find((c) => c.method === 'sources.add')!.params;
    expect(sent).toEqual({ config: { type: 'webhook', name: 'w1', enabled: true, intervalSeconds: 15, secret: 'short' } });
  });

  it('a save with a required field empty names it by its label and sends nothing', async () => {
    store.getState().openAddSource('rss');
    store.getState().editSourceDraft({ name: 'feed' });
    expect(await store.getState().saveSourceForm()).toBe(false);
    expect(store.getState().sourceForm!.saveError).toBe('Fill in Feed address.');
    expect(transport.calls.some((c) => c.method === 'sources.add')).toBe(false);
  });

  it('saves an add, closes the form, lists the source and reloads the demo flag', async () => {
    transport.handlers['sources.add'] = () => view('w1');
    store.getState().openAddSource('webhook');
    store.getState().editSourceDraft({ name: 'w1' });
    store.getState().editSourceField('secret', 'a-long-enough-secret');
    expect(await store.getState().saveSourceForm()).toBe(true);
    expect(store.getState().sourceForm).toBeNull();
    expect(sourcesAdminSelectors.configByName(store.getState(), 'w1')?.origin).toBe('app');
    expect(transport.calls.map((c) => c.method)).toEqual(expect.arrayContaining(['sources.add', 'sources.list', 'system.info']));
  });

  it('an edit sends the name and an empty credential stays out (the engine keeps the stored one)', async () => {
    transport.handlers['sources.update'] = () => view('hook', { config: { ...view('hook').config, intervalSeconds: 30 } });
    await store.getState().loadSourceConfigs();
    store.getState().openEditSource('hook');
    store.getState().editSourceDraft({ intervalSeconds: '30' });
    expect(await store.getState().saveSourceForm()).toBe(true);
    const sent = transport.calls.find((c) => c.method === 'sources.update')!.params as { name: string; config: Record<string, unknown> };
    expect(sent.name).toBe('hook');
    expect(sent.config).not.toHaveProperty('secret');
    expect(sent.config).toMatchObject({ intervalSeconds: 30, backfill: { maxPosts: 500, maxAgeMinutes: 60 } });
    expect(store.getState().sourceConfigs.find((c) => c.name === 'hook')!.config.intervalSeconds).toBe(30);
  });

  it('Test shows what came back, or the call’s error, and a late answer for a closed form is dropped', async () => {
    transport.handlers['sources.test'] = () => ({
      ok: true,
      fetched: 2,
      incidents: 0,
      sample: [{ author: 'a', text: '<b>x</b>', url: null, createdAt: 1 }],
      error: null,
      elapsedMs: 31,
    });
    store.getState().openAddSource('rss');
    store.getState().editSourceField('url', 'https://feed.example/rss');
    await store.getState().testSourceForm();
    expect(store.getState().sourceForm!.testResult).toMatchObject({ fetched: 2, elapsedMs: 31 });

    transport.handlers['sources.test'] = failWith(
      'bad_request',
      'name: is required; url: must be a full http:// or https:// address; needs one of x',
    );
    await store.getState().testSourceForm();
    expect(store.getState().sourceForm!.testResult).toBeNull();
    expect(store.getState().sourceForm!.testError).toBe(
      'Name: is required; Feed address: must be a full http:// or https:// address; needs one of x',
    );

    const gate = deferred<unknown>();
    transport.handlers['sources.test'] = () => gate.promise;
    const pending = store.getState().testSourceForm();
    store.getState().closeSourceForm();
    gate.resolve({ ok: true, fetched: 0, incidents: 0, sample: [], error: null, elapsedMs: 1 });
    await pending;
    expect(store.getState().sourceForm).toBeNull();
  });

  it('pause and delete: the list follows, failures say why in plain words', async () => {
    transport.handlers['sources.setPaused'] = (params: { paused: boolean }) => status('hook', { health: params.paused ? 'paused' : 'ok' });
    await store.getState().loadSources();
    await store.getState().loadSourceConfigs();
    expect(await store.getState().setSourcePaused('hook', true)).toBe(true);
    expect(store.getState().sources[0]!.health).toBe('paused');
    expect(store.getState().sourceConfigs[0]!.config.enabled).toBe(false);

    transport.handlers['sources.remove'] = failWith(
      'conflict',
      'file1 is defined in the SURGE_CONFIG file; change it there and restart the hub.',
    );
    expect(await store.getState().removeSource('file1')).toBe(false);
    expect(store.getState().sourceActionError).toBe(
      'Could not delete file1: file1 is defined in the SURGE_CONFIG file; change it there and restart the hub.',
    );

    transport.handlers['sources.remove'] = () => ({ removed: 'hook' });
    expect(await store.getState().removeSource('hook')).toBe(true);
    expect(store.getState().sources).toEqual([]);
    expect(store.getState().sourceConfigs.map((c) => c.name)).toEqual(['file1', 'demo']);
    expect(store.getState().sourceActionError).toBeNull();
  });

  it('events: sources.removed drops the row and reloads system info; an unknown source’s status fetches its settings', async () => {
    store.getState().bindEvents();
    await store.getState().loadSources();
    await store.getState().loadSourceConfigs();
    store.getState().openEditSource('hook');
    transport.emit('sources.removed', { name: 'hook' });
    expect(store.getState().sources).toEqual([]);
    expect(store.getState().sourceConfigs.some((c) => c.name === 'hook')).toBe(false);
    expect(store.getState().sourceForm).toBeNull();
    await flush();
    expect(transport.calls.at(-1)!.method).toBe('system.info');

    // Saving an edit restarts the source: the engine says "removed", then its new status,
    // then answers the save. The row stays and the form closes normally.
    await store.getState().loadSources();
    const gate = deferred<SourceConfigView>();
    transport.handlers['sources.update'] = () => gate.promise;
    store.getState().openEditSource('file1'); // not editable: stays closed
    expect(store.getState().sourceForm).toBeNull();
    store.setState({ sourceConfigs: [...store.getState().sourceConfigs, view('hook')] });
    store.getState().openEditSource('hook');
    const saving = store.getState().saveSourceForm();
    transport.emit('sources.removed', { name: 'hook' });
    transport.emit('sources.status', status('hook'));
    gate.resolve(view('hook'));
    expect(await saving).toBe(true);
    expect(store.getState().sources.map((s) => s.name)).toContain('hook');
    expect(store.getState().sourceConfigs.map((c) => c.name)).toContain('hook');

    await flush(); // the save's follow-up reloads
    store.setState({ sources: [] });
    const before = transport.calls.filter((c) => c.method === 'sources.configs').length;
    transport.emit('sources.status', status('file1'));
    expect(transport.calls.filter((c) => c.method === 'sources.configs').length).toBe(before);
    transport.emit('sources.status', status('added-elsewhere'));
    await flush();
    expect(transport.calls.filter((c) => c.method === 'sources.configs').length).toBe(before + 1);
    expect(store.getState().sources.map((s) => s.name)).toEqual(['file1', 'added-elsewhere']);
  });
});
