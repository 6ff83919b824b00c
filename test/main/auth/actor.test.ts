/** Every audit entry names who acted: the person, else what let them in, never a bare role when that is known. */
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, type EngineInternals } from '../../../main/core/engine.js';
import { localTarget } from '../../../main/electron/ipc.js';
import { actorOf } from '../../../shared/contract/access.js';

const engines: EngineInternals[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.stop()));
});

describe('actorOf', () => {
  it.each([
    [{ role: 'lead', username: 'lena', userId: 'u1', via: 'session' }, 'lena'],
    [{ role: 'lead', username: null, userId: 'u1', via: 'session' }, 'u1'],
    [{ role: 'admin', userId: null, via: 'local' }, 'local admin'],
    [{ role: 'admin', userId: null, via: 'token' }, 'admin token'],
    [{ role: 'operator', userId: null, via: 'token' }, 'operator token'],
    [{ role: 'operator', userId: null }, 'operator'],
    [{ role: null, userId: null, via: 'none' }, 'signed out'],
  ] as const)('%j → %s', (ctx, actor) => {
    expect(actorOf(ctx)).toBe(actor);
  });

  it('the solo desktop’s changes are recorded as the local admin, from this computer', async () => {
    const engine = createEngine({
      dataDir: '/tmp/surge-actor-test',
      dbFile: ':memory:',
      version: 'test',
      http: { request: () => Promise.reject(new Error('no network')) },
      tickMs: 60_000,
      sourceWorker: false,
    });
    engines.push(engine);
    const desktop = localTarget(engine);
    const current = await desktop.call('detection.getSettings', { series: 'total' });
    const policy = (current as { value: { policy: unknown } }).value.policy;
    expect(await desktop.call('detection.saveSettings', { series: 'total', policy })).toMatchObject({ ok: true });
    expect(engine.store.audit.page(5)[0]).toMatchObject({ actor: 'local admin', address: 'this computer', userId: null });
  });
});
