/**
 * The role matrix: for every method in the contract, who may call it. The table is typed
 * `Record<MethodName, …>`, so a method added to the contract without a row here fails the
 * typecheck (and so `npm test`); the dispatcher is then checked against it for every role
 * combination, signed out included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accessFor } from '../../../shared/contract/access.js';
import type { CallContext, Handlers } from '../../../shared/contract/handlers.js';
import { methods, type MethodName } from '../../../shared/contract/methods.js';
import { ROLES, type Role } from '../../../shared/domain.js';
import { createDispatcher } from '../../../main/core/dispatch.js';
import { silentLogger } from '../../../main/lib/log.js';

const ALL = 'every role' as const;
const OPEN = 'signed out too' as const;
type Row = typeof ALL | typeof OPEN | readonly Role[];

/** The matrix as the product defines it (DESIGN "Who uses it", issue 10). */
export const ROLE_MATRIX: Record<MethodName, Row> = {
  'system.hello': OPEN,
  'system.info': ALL,
  'volume.series': ALL,
  'volume.seriesList': ALL,
  'posts.recent': ALL,
  'sources.list': ALL,
  'sources.gaps': ALL,
  'sources.configs': ['admin'],
  'sources.add': ['admin'],
  'sources.update': ['admin'],
  'sources.remove': ['admin'],
  'sources.setPaused': ['admin'],
  'sources.test': ['admin'],
  'alerts.list': ALL,
  'detection.getSettings': ALL,
  'detection.saveSettings': ['operator', 'admin'],
  'alerts.backtest': ALL,
  'alerts.band': ALL,
  'alerts.markers': ALL,
  'alerts.acknowledge': ['operator', 'lead', 'admin'],
  'alerts.runDrill': ['operator', 'admin'],
  'posts.inBucket': ALL,
  'terms.list': ALL,
  'notify.targets': ['admin'],
  'notify.saveTarget': ['admin'],
  'notify.removeTarget': ['admin'],
  'notify.test': ['admin'],
  'terms.add': ['admin'],
  'terms.remove': ['admin'],
  'auth.me': OPEN,
  'auth.login': OPEN,
  'auth.resume': OPEN,
  'auth.logout': ALL,
  'auth.inviteInfo': OPEN,
  'auth.acceptInvite': OPEN,
  'users.list': ['admin'],
  'users.create': ['admin'],
  'users.invite': ['admin'],
  'users.update': ['admin'],
  'users.remove': ['admin'],
  'audit.list': ['admin'],
  'accounts.list': ALL,
  'accounts.configs': ['admin'],
  'accounts.add': ['admin'],
  'accounts.update': ['admin'],
  'accounts.remove': ['admin'],
  'accounts.test': ['admin'],
  'campaigns.list': ALL,
  'campaigns.create': ['social', 'admin'],
  'campaigns.update': ['social', 'admin'],
  'campaigns.setPaused': ['social', 'admin'],
  'scheduled.list': ALL,
  'scheduled.get': ALL,
  'scheduled.create': ['social', 'admin'],
  'scheduled.update': ['social', 'admin'],
  'scheduled.submit': ['social', 'admin'],
  'scheduled.approve': ['social', 'admin'],
  'scheduled.reject': ['social', 'admin'],
  'scheduled.cancel': ['social', 'admin'],
  'scheduled.delete': ['social', 'admin'],
  'incident.status': ALL,
  'incident.enter': ['operator', 'social', 'admin'],
  'incident.exit': ['operator', 'social', 'admin'],
  'incident.setScope': ['operator', 'social', 'admin'],
  'incident.preview': ALL,
  'incident.history': ALL,
  'incident.catchUp': ALL,
  'incident.decide': ['social', 'admin'],
  'incident.release': ['social', 'admin'],
  'incident.stopRelease': ['social', 'admin'],
  'incident.getPolicy': ALL,
  'incident.savePolicy': ['admin'],
  'board.snapshot': ALL,
  'board.since': ALL,
  'board.people': ALL,
  'board.create': ['operator', 'lead', 'admin'],
  'board.update': ['operator', 'lead', 'admin'],
  'board.comment': ALL,
  'board.acknowledge': ['operator', 'lead', 'admin'],
  'board.history': ALL,
  'board.presence': ALL,
  'board.getSla': ALL,
  'board.saveSla': ['lead', 'admin'],
  'board.getEscalationPolicy': ALL,
  'board.saveEscalationPolicy': ['lead', 'admin'],
};

const names = Object.keys(methods) as MethodName[];
const expected = (name: MethodName, roles: readonly Role[]): 'allowed' | 'unauthorized' | 'forbidden' => {
  const row = ROLE_MATRIX[name];
  if (row === OPEN) return 'allowed';
  if (roles.length === 0) return 'unauthorized';
  if (row === ALL) return 'allowed';
  return roles.some((r) => row.includes(r)) ? 'allowed' : 'forbidden';
};

describe('the role matrix', () => {
  it('has exactly one row per contract method', () => {
    expect(Object.keys(ROLE_MATRIX).sort()).toEqual([...names].sort());
  });

  it('matches what each method declares', () => {
    for (const name of names) {
      const spec = methods[name] as { roles: readonly Role[]; signedOut?: boolean };
      const row = ROLE_MATRIX[name];
      expect(spec.signedOut === true, `${name}: open to signed-out callers`).toBe(row === OPEN);
      if (row !== OPEN) expect([...spec.roles].sort(), `${name}: roles`).toEqual([...(row === ALL ? ROLES : row)].sort());
    }
  });

  it('only admins reach users, audit, source settings and publishing account settings', () => {
    for (const name of names.filter(
      (n) => /^(users|audit)\./.test(n) || n === 'sources.configs' || (n.startsWith('accounts.') && n !== 'accounts.list'),
    )) {
      for (const role of ROLES)
        expect(accessFor(methods[name], [role]), `${name} as ${role}`).toBe(role === 'admin' ? 'allowed' : 'forbidden');
    }
  });

  it('the dispatcher allows a call when any role the caller holds is allowed (every method × every set of roles)', async () => {
    const reached: string[] = [];
    const handlers = Object.fromEntries(
      names.map((name) => [
        name,
        () => {
          reached.push(name);
          throw new Error('stop here');
        },
      ]),
    ) as unknown as Handlers;
    const dispatch = createDispatcher(handlers, silentLogger, { transaction: (fn) => fn(), recordAudit: () => undefined, now: () => 0 });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), fc.subarray([...ROLES]), async (name, roles) => {
        reached.length = 0;
        const ctx: CallContext = { role: roles[0] ?? null, roles, userId: null, transport: 'websocket' };
        // Input left invalid on purpose: the role check comes first, so the verdict is the role's alone.
        const answer = await dispatch(name, { definitely: 'not valid input' }, ctx);
        const want = expected(name, roles);
        if (want === 'allowed') expect(answer.ok ? 'ok' : answer.error.code).not.toMatch(/forbidden|unauthorized/);
        else expect(answer).toMatchObject({ ok: false, error: { code: want } });
      }),
      { numRuns: 600 },
    );
  });

  it('a context with only the old single `role` still works', async () => {
    const dispatch = createDispatcher({ 'users.list': () => [] } as unknown as Handlers, silentLogger, {
      transaction: (fn) => fn(),
      recordAudit: () => undefined,
      now: () => 0,
    });
    expect(await dispatch('users.list', {}, { role: 'admin', userId: null, transport: 'ipc' })).toEqual({ ok: true, value: [] });
    expect(await dispatch('users.list', {}, { role: 'lead', userId: null, transport: 'ipc' })).toMatchObject({
      error: { code: 'forbidden' },
    });
  });
});
