/**
 * The dispatcher writes the audit entry of an audited method in the same transaction as the
 * change: exactly one entry when it succeeds, none (and no change) when anything fails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher, type AuditPort, type AuditRecord, type Handlers } from '../../../main/core/dispatch.js';
import { createEngine, type EngineInternals } from '../../../main/core/engine.js';
import { ContractFailure } from '../../../shared/contract/envelope.js';
import type { CallContext } from '../../../shared/contract/handlers.js';
import { methods } from '../../../shared/contract/methods.js';
import type { AlertPolicy } from '../../../shared/domain.js';

const admin: CallContext = { role: 'admin', userId: null, transport: 'ipc' };
const POLICY: AlertPolicy = {
  sensitivity: 'high',
  resolveFraction: 0.5,
  resolveAfterMinutes: 20,
  minVolume: 5,
  alertOnDrops: false,
  quietHours: null,
};

/** A store of source names with snapshot rollback, standing in for SQLite. */
function fakeStore() {
  const state = { sources: ['feed', 'other'], entries: [] as AuditRecord[], transactions: 0, failAudit: false };
  const port: AuditPort = {
    transaction(fn) {
      state.transactions += 1;
      const before = { sources: [...state.sources], entries: [...state.entries] };
      try {
        return fn();
      } catch (error) {
        Object.assign(state, before);
        throw error;
      }
    },
    recordAudit(entry) {
      if (state.failAudit) throw new Error('disk I/O error');
      state.entries.push(entry);
    },
    now: () => 1234,
  };
  return { state, port };
}

const notUsedHere = () => {
  throw new Error('not used here');
};
const baseHandlers = Object.fromEntries(Object.keys(methods).map((name) => [name, notUsedHere])) as unknown as Handlers;

function setup(overrides: Partial<Handlers> = {}) {
  const { state, port } = fakeStore();
  const logged: string[] = [];
  const handlers: Handlers = {
    ...baseHandlers,
    'sources.remove': (input) => {
      if (!state.sources.includes(input.name)) throw new ContractFailure('not_found', `There is no source called ${input.name}.`);
      state.sources = state.sources.filter((name) => name !== input.name);
      return { removed: input.name };
    },
    'volume.series': async (input) => ({ series: input.series, buckets: [] }),
    ...overrides,
  };
  const dispatch = createDispatcher(handlers, { log: (_level, message) => void logged.push(message) }, port);
  return { state, logged, dispatch };
}

describe('audit in the dispatcher', () => {
  it('writes exactly one entry with the actor, the action and the subject', async () => {
    const { state, dispatch } = setup();
    expect(await dispatch('sources.remove', { name: 'feed' }, admin)).toEqual({ ok: true, value: { removed: 'feed' } });
    expect(state.sources).toEqual(['other']);
    expect(state.entries).toEqual([{ at: 1234, actor: 'admin', action: 'sources.remove', subject: 'feed', detail: {} }]);

    await dispatch('sources.remove', { name: 'other' }, { ...admin, userId: 'u-7' });
    expect(state.entries.map((e) => e.actor)).toEqual(['admin', 'u-7']);
  });

  it('leaves no entry and no change when the handler throws', async () => {
    const { state, dispatch, logged } = setup({
      'sources.remove': (input) => {
        state.sources = state.sources.filter((name) => name !== input.name);
        throw new Error('poller refused');
      },
    });
    expect(await dispatch('sources.remove', { name: 'feed' }, admin)).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(state).toMatchObject({ sources: ['feed', 'other'], entries: [] });
    expect(logged).toEqual(['Handler for sources.remove failed']);

    const { state: second, dispatch: again } = setup();
    expect(await again('sources.remove', { name: 'nope' }, admin)).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'There is no source called nope.' },
    });
    expect(second.entries).toEqual([]);
  });

  it('rolls the change back when the audit insert fails', async () => {
    const { state, dispatch, logged } = setup();
    state.failAudit = true;
    expect(await dispatch('sources.remove', { name: 'feed' }, admin)).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(state).toMatchObject({ sources: ['feed', 'other'], entries: [] });
    expect(logged[0]).toMatch(/audit entry for sources\.remove could not be written/);
  });

  it('rolls back an answer outside the contract, and refuses an audited handler that returns a Promise', async () => {
    const invalid = setup({
      'sources.remove': () => {
        invalid.state.sources = [];
        return { removed: 42 } as unknown as { removed: string };
      },
    });
    expect(await invalid.dispatch('sources.remove', { name: 'feed' }, admin)).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(invalid.state).toMatchObject({ sources: ['feed', 'other'], entries: [] });

    const late = setup({
      // @ts-expect-error an audited handler must answer synchronously: its work could not be rolled back
      'sources.remove': async (input: { name: string }) => ({ removed: input.name }),
    });
    expect(await late.dispatch('sources.remove', { name: 'feed' }, admin)).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(late.state.entries).toEqual([]);
    expect(late.logged).toEqual(['Handler for sources.remove is audited but returned a Promise']);
  });

  it('runs methods without audit outside any transaction, and checks the role first', async () => {
    const { state, dispatch } = setup();
    expect(await dispatch('volume.series', { series: 'total' }, admin)).toEqual({ ok: true, value: { series: 'total', buckets: [] } });
    expect(await dispatch('sources.remove', { name: 'feed' }, { ...admin, role: 'operator' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(state).toMatchObject({ transactions: 0, entries: [], sources: ['feed', 'other'] });
  });

  it('refuses bad input with the plain sentence alone, the method named only in the log, nothing written', async () => {
    const { state, logged, dispatch } = setup();
    const answer = await dispatch('sources.remove', { name: 7 }, admin);
    expect(answer).toEqual({ ok: false, error: { code: 'bad_request', message: 'name must be text, not a number' } });
    expect(logged).toEqual(['Refused input for sources.remove']);
    expect(state).toMatchObject({ transactions: 0, entries: [], sources: ['feed', 'other'] });
  });

  it('keeps the stored actions of pause and resume', () => {
    const audit = methods['sources.setPaused'].audit;
    const status = {} as Parameters<typeof audit>[1];
    expect(audit({ name: 'feed', paused: true }, status)).toEqual({ action: 'sources.pause', subject: 'feed' });
    expect(audit({ name: 'feed', paused: false }, status)).toEqual({ action: 'sources.resume', subject: 'feed' });
  });
});

describe('audit through the engine', () => {
  const engines: EngineInternals[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(engines.splice(0).map((e) => e.stop()));
    dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
  });
  const make = () => {
    const dir = mkdtempSync(join(tmpdir(), 'surge-audit-'));
    dirs.push(dir);
    const engine = createEngine({
      dataDir: dir,
      dbFile: ':memory:',
      version: 'test',
      http: { request: () => Promise.reject(new Error('no network')) },
      tickMs: 60_000,
    });
    engines.push(engine);
    return engine;
  };

  it('records each audited method with the stored action, subject and detail it always had, one entry per call', async () => {
    const engine = make();
    const operator: CallContext = { role: 'operator', userId: null, transport: 'websocket' };
    const saved = await engine.dispatch('detection.saveSettings', { series: 'total', policy: POLICY }, operator);
    expect(saved).toEqual({ ok: true, value: { series: 'total', policy: POLICY, inherited: false } });
    expect(await engine.dispatch('detection.getSettings', { series: 'total' }, operator)).toEqual(saved);
    expect(await engine.dispatch('sources.setPaused', { name: 'demo', paused: true }, admin)).toMatchObject({
      ok: true,
      value: { health: 'paused' },
    });
    const feed = { type: 'rss', name: 'feed', url: 'https://feed.example/rss' };
    expect(await engine.dispatch('sources.add', { config: feed }, admin)).toMatchObject({ ok: true });
    expect(await engine.dispatch('sources.update', { name: 'feed', config: { ...feed, intervalSeconds: 120 } }, admin)).toMatchObject({
      ok: true,
    });
    expect(await engine.dispatch('sources.remove', { name: 'feed' }, admin)).toMatchObject({ ok: true });
    expect(engine.store.audit.recent(10).map(({ at: _at, ...entry }) => entry)).toEqual([
      { actor: 'admin', action: 'sources.remove', subject: 'feed', detail: {} },
      { actor: 'admin', action: 'sources.update', subject: 'feed', detail: { type: 'rss' } },
      { actor: 'admin', action: 'sources.add', subject: 'feed', detail: { type: 'rss' } },
      { actor: 'admin', action: 'sources.pause', subject: 'demo', detail: {} },
      { actor: 'operator', action: 'detection.saveSettings', subject: 'total', detail: { policy: POLICY } },
    ]);
  });
});
