/**
 * Incident history: every role reads who entered, left, re-scoped, decided and released, with
 * why and how many, newest first and paged; nothing else from the audit log comes with it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { IncidentHistoryEntry } from '../../../shared/contract/incidents.js';
import type { Alert } from '../../../shared/domain.js';
import { ADA, LEE, OTTO, SAM, SUE, openDesk, type Desk } from './desk.js';

let desk: Desk;
afterEach(() => desk.close());

const FROM_OTTO = { ...OTTO, address: '10.9.8.7', userId: 'u-otto-secret-id' };

const alert: Alert = {
  id: 3,
  series: 'total',
  state: 'open',
  severity: 'critical',
  openedAt: 0,
  updatedAt: 0,
  resolvedAt: null,
  title: 'Surge on total',
  math: { windowMinutes: 5, expected: 1, bandLow: 0, bandHigh: 2, observed: 40, ratio: 40, score: 1, persistedMinutes: 2, sources: [] },
  drivers: { topTerms: [], samplePosts: [], outageIntent: 0.9, statusIncident: null },
};

/** A morning of incident mode, with audit entries of other kinds in between. */
async function morning() {
  desk = openDesk();
  const a = await desk.scheduled(30, ['brand-m']);
  const b = await desk.scheduled(45, ['brand-x']);
  const c = await desk.scheduled(50, ['brand-b']);
  desk.store.audit.record({
    at: desk.clock.now(),
    actor: 'ada',
    action: 'users.create',
    subject: 'olga',
    detail: { invite: 'secret-invite-token' },
    address: '10.0.0.1',
  });
  await desk.call(
    'incident.enter',
    { reason: 'Login outage', scope: { kind: 'some', campaigns: [], networks: ['mastodon'], accounts: [] } },
    FROM_OTTO,
  );
  desk.clock.advance(60_000);
  await desk.call('incident.setScope', { scope: { kind: 'everything' }, reason: 'It is everywhere' }, FROM_OTTO);
  desk.store.audit.record({
    at: desk.clock.now(),
    actor: 'ada',
    action: 'sources.add',
    subject: 'rss',
    detail: { token: 'secret-source-token' },
  });
  await desk.call(
    'incident.savePolicy',
    { autoEnterOnAlert: true, minSeverity: 'warning', reminderEveryMinutes: 30, previewHours: 4 },
    ADA,
  );
  desk.clock.advance(60_000);
  await desk.call('incident.decide', { postIds: [a.id, 999], action: 'cancel', reason: 'Tone-deaf today' }, SAM);
  await desk.call('incident.exit', { reason: 'Fixed' }, FROM_OTTO);
  await desk.call('incident.release', { perAccountEveryMinutes: 10, postIds: [b.id, c.id] }, SUE);
  await desk.call('incident.stopRelease', {}, SUE);
  desk.clock.advance(60_000);
  desk.incidents.onAlert({ ...alert, openedAt: desk.clock.now(), updatedAt: desk.clock.now() });
}

const line = (e: IncidentHistoryEntry) => `${e.who} ${e.kind}${e.decision ? `:${e.decision}` : ''}`;

describe('incident.history', () => {
  it('lists the incident steps newest first, with who, when, why and counts, for every role', async () => {
    await morning();
    for (const ctx of [LEE, SAM, OTTO, ADA]) {
      const { entries, next } = await desk.call('incident.history', {}, ctx);
      expect(next).toBeNull();
      expect(entries.map(line)).toEqual([
        'policy entered',
        'sue releaseStopped',
        'sue releaseStarted',
        'otto left',
        'sam decided:cancel',
        'otto scopeChanged',
        'otto entered',
      ]);
    }
    const { entries } = await desk.call('incident.history', {}, LEE);
    const [auto, stopped, started, left, decided, rescoped, entered] = entries as [IncidentHistoryEntry, ...IncidentHistoryEntry[]];
    expect(auto).toMatchObject({ automatic: true, reason: 'Surge alert: Surge on total', scope: { kind: 'everything' }, held: 2 });
    expect(entered).toMatchObject({
      automatic: false,
      reason: 'Login outage',
      scope: { kind: 'some', networks: ['mastodon'] },
      held: 1,
      inFlight: 0,
      at: decided!.at - 2 * 60_000,
    });
    expect(rescoped).toMatchObject({ reason: 'It is everywhere', scope: { kind: 'everything' }, held: null });
    expect(decided).toMatchObject({ decision: 'cancel', reason: 'Tone-deaf today', posts: 1, refused: 1 });
    expect(left).toMatchObject({ reason: 'Fixed', held: 2 });
    expect(started).toMatchObject({ posts: 2, everyMinutes: 10, reason: null });
    expect(stopped).toMatchObject({ held: 2 });
    expect(entries.map((e) => e.id)).toEqual([...entries.map((e) => e.id)].sort((x, y) => y - x));

    // Nothing of the rest of the audit log, nor where a call came from, nor user ids.
    const wire = JSON.stringify(entries);
    for (const leak of ['secret', '10.0.0.1', '10.9.8.7', 'u-otto', 'olga', 'rss', 'savePolicy', 'users.', 'sources.', '999']) {
      expect(wire).not.toContain(leak);
    }
  });

  it('pages back with the cursor until there is no older page', async () => {
    await morning();
    const all = (await desk.call('incident.history', { limit: 100 }, LEE)).entries;
    const seen: IncidentHistoryEntry[] = [];
    let before: number | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await desk.call('incident.history', { limit: 3, ...(before ? { before } : {}) }, LEE);
      expect(page.entries.length).toBeLessThanOrEqual(3);
      seen.push(...page.entries);
      if (page.next === null) break;
      before = page.next;
    }
    expect(seen).toEqual(all);
    expect(seen).toHaveLength(7);
  });

  it('is empty before incident mode was ever used', async () => {
    desk = openDesk();
    expect(await desk.call('incident.history', {}, LEE)).toEqual({ entries: [], next: null });
  });

  it('refuses a page size beyond the cap or a cursor that is not one, in plain words', async () => {
    desk = openDesk();
    for (const input of [{ limit: 0 }, { limit: 101 }, { limit: 2.5 }, { before: 0 }, { before: 'x' }, { actions: ['users.create'] }]) {
      const answer = await desk.dispatch('incident.history', input, LEE);
      expect(answer).toMatchObject({
        ok: false,
        error: { code: 'bad_request', message: expect.stringMatching(/^(limit|before|input) /) },
      });
    }
  });
});
