import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../../main/core/engine.js';
import type { CallContext } from '../../../shared/contract/handlers.js';
import { answerHello, CONTRACT_VERSION, OLDEST_APP_SERVED } from '../../../shared/contract/system.js';
import { ROLES } from '../../../shared/domain.js';

describe('system.hello', () => {
  const dir = mkdtempSync(join(tmpdir(), 'surge-hello-'));
  const engine = createEngine({
    dataDir: dir,
    dbFile: ':memory:',
    version: 'test',
    http: { request: () => Promise.reject(new Error('no network')) },
    tickMs: 60_000,
  });
  afterAll(async () => {
    await engine.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const as = (role: CallContext['role']): CallContext => ({ role, userId: null, transport: 'websocket' });

  it('answers every role that it speaks the same version', async () => {
    for (const role of ROLES) {
      expect(await engine.dispatch('system.hello', { contractVersion: CONTRACT_VERSION, client: 'test' }, as(role))).toEqual({
        ok: true,
        value: { contractVersion: CONTRACT_VERSION, compatible: true, message: null },
      });
    }
  });

  it('tells a newer or older app, in one sentence, which side to update', async () => {
    expect(await engine.dispatch('system.hello', { contractVersion: CONTRACT_VERSION + 1, client: 'test' }, as('operator'))).toEqual({
      ok: true,
      value: {
        contractVersion: CONTRACT_VERSION,
        compatible: false,
        message: `This hub speaks version ${CONTRACT_VERSION} of the Surge Desk protocol and this app speaks version ${CONTRACT_VERSION + 1}: update the hub (or the app) so both match.`,
      },
    });
    expect(answerHello(2, 1).message).toBe(
      'This hub speaks version 2 of the Surge Desk protocol and this app speaks version 1: update the app (or the hub) so both match.',
    );
  });

  it('serves apps back to the oldest version it still understands (request keys are optional), and no older', async () => {
    expect(OLDEST_APP_SERVED).toBeLessThan(CONTRACT_VERSION);
    expect(answerHello(CONTRACT_VERSION, OLDEST_APP_SERVED)).toEqual({
      contractVersion: CONTRACT_VERSION,
      compatible: true,
      message: null,
    });
    expect(answerHello(CONTRACT_VERSION, OLDEST_APP_SERVED - 1).compatible).toBe(false);
    // A hub of the older version refuses this app: it would refuse the keys this app sends.
    expect(answerHello(OLDEST_APP_SERVED, CONTRACT_VERSION).compatible).toBe(false);
  });

  it('still answers a newer app that says more, and refuses a malformed hello with a typed error', async () => {
    const newer = await engine.dispatch('system.hello', { contractVersion: 7, client: 'future', capabilities: ['x'] }, as('lead'));
    expect(newer).toMatchObject({ ok: true, value: { compatible: false } });
    expect(await engine.dispatch('system.hello', { contractVersion: 1, client: 'x'.repeat(81) }, as('admin'))).toMatchObject({
      ok: false,
      error: { code: 'bad_request', message: expect.stringContaining('client') },
    });
    expect(await engine.dispatch('system.hello', { client: 'no version' }, as('admin'))).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
  });
});
