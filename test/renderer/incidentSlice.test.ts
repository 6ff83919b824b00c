import { describe, expect, it } from 'vitest';
import type { IncidentHistoryEntry, IncidentScope } from '../../shared/contract/incidents.js';
import {
  covers,
  CORD_WHY_NOT,
  historyCounts,
  historyWhat,
  incidentSelectors,
  incidentTitle,
  scopeText,
} from '../../renderer/src/store/incident/selectors.js';
import { campaignsSelectors } from '../../renderer/src/store/campaigns/selectors.js';
import { createDeskStore } from '../../renderer/src/store/store.js';
import { createFakeClient, deferred, failWith, flush } from './fakeTransport.js';
import { accounts, campaign, held, policy, post, statusOff, statusOn, T0 } from './publishingFixtures.js';

function setup(handlers: Record<string, (p: never) => unknown> = {}) {
  let status = statusOff;
  let catchUp = [held(1), held(2, { accounts: ['brand-x'] })];
  const { client, transport } = createFakeClient({
    'incident.status': () => status,
    'incident.getPolicy': () => policy,
    'incident.catchUp': () => catchUp,
    'incident.enter': (p: { reason: string; scope: unknown }) => (status = statusOn({ reason: p.reason, scope: p.scope as never })),
    'incident.exit': () => (status = statusOff),
    ...handlers,
  });
  const store = createDeskStore({ client, now: () => T0 });
  store.getState().bindEvents();
  return {
    store,
    transport,
    setCatchUp: (posts: typeof catchUp) => (catchUp = posts),
  };
}

const roles = (list: string[]) => ({ systemInfo: { roles: list, role: list[0] } as never, me: null });

describe('incident slice', () => {
  it('loads status, policy and catch-up; a hub without incident mode stays quiet', async () => {
    const { store } = setup();
    await store.getState().loadIncident();
    expect(store.getState()).toMatchObject({ incident: statusOff, incidentPolicy: policy, catchUpStatus: 'ready', incidentError: null });
    expect(store.getState().catchUp.map((p) => p.id)).toEqual([1, 2]);

    const old = createDeskStore({ client: createFakeClient({}).client, now: () => 0 });
    await old.getState().loadIncident();
    expect(old.getState()).toMatchObject({ incident: null, incidentError: null, catchUpStatus: 'ready' });
  });

  it('enter sends the reason and scope, keeps the answer, and clears a pending suggestion', async () => {
    const { store, transport } = setup();
    transport.emit('incident.suggested', {
      alert: { id: 7, title: 'Mentions 6× expected', severity: 'critical' },
      autoEntered: false,
      message: 'A surge alert opened: 2 posts are due in the next 4 hours.',
      hours: 4,
      posts: [post(1)],
    });
    await flush();
    expect(store.getState().incidentSuggestion?.alert.id).toBe(7);
    const scope: IncidentScope = { kind: 'some', campaigns: [1], networks: ['x'], accounts: [] };
    expect(await store.getState().enterIncident('Login outage', scope)).toBe(true);
    expect(transport.calls.find((c) => c.method === 'incident.enter')!.params).toEqual({ reason: 'Login outage', scope });
    expect(incidentSelectors.isOn(store.getState())).toBe(true);
    expect(store.getState().incidentSuggestion).toBeNull();
    expect(store.getState().incidentBusy).toBe(false);
  });

  it('a refused enter keeps the hub’s sentence and changes nothing', async () => {
    const { store } = setup({ 'incident.enter': failWith('forbidden', 'Support leads cannot turn incident mode on.') });
    await store.getState().loadIncident();
    expect(await store.getState().enterIncident('x', { kind: 'everything' })).toBe(false);
    expect(store.getState().incidentError).toBe('Support leads cannot turn incident mode on.');
    expect(incidentSelectors.isOn(store.getState())).toBe(false);
  });

  it('incident.changed from another window updates the status and re-reads catch-up when the held count moves', async () => {
    const { store, transport, setCatchUp } = setup();
    await store.getState().loadIncident();
    setCatchUp([held(1), held(2), held(3)]);
    transport.emit('incident.changed', statusOn({ held: 3 }));
    await flush();
    await flush();
    expect(store.getState().incident?.on).toBe(true);
    expect(store.getState().catchUp.map((p) => p.id)).toEqual([1, 2, 3]);
    transport.emit('incident.reminder', { since: T0, by: 'Olga', reason: 'x', minutesOn: 30, message: 'On for 30 minutes: still needed?' });
    await flush();
    expect(store.getState().incidentReminder?.minutesOn).toBe(30);
    transport.emit('incident.changed', statusOff);
    await flush();
    expect(store.getState().incidentReminder).toBeNull();
  });

  it('a bulk decision removes decided posts from catch-up, keeps edited ones there, and lists refusals', async () => {
    const published = post(1, { status: { state: 'publishing', startedAt: T0 }, version: 2 });
    const { store, transport } = setup({
      'incident.decide': (p: { postIds: number[]; action: string }) =>
        p.action === 'edit'
          ? { changed: [held(2, { text: 'calmer', version: 2 })], refused: [] }
          : { changed: [published], refused: [{ id: 2, reason: 'Incident mode still holds this post.' }] },
    });
    await store.getState().loadIncident();
    expect(await store.getState().decideHeld({ postIds: [1, 2], action: 'publishNow' })).toBe(true);
    expect(transport.calls.find((c) => c.method === 'incident.decide')!.params).toEqual({ postIds: [1, 2], action: 'publishNow' });
    expect(store.getState().catchUp.map((p) => p.id)).toEqual([2]);
    expect(store.getState().decisionRefusals).toEqual([{ id: 2, reason: 'Incident mode still holds this post.' }]);
    expect(store.getState().scheduledPosts.find((p) => p.id === 1)?.status.state).toBe('publishing');
    expect(await store.getState().decideHeld({ postIds: [2], action: 'edit', text: 'calmer' })).toBe(true);
    expect(store.getState().catchUp.map((p) => [p.id, p.text])).toEqual([[2, 'calmer']]);
    expect(store.getState().decisionRefusals).toEqual([]);
  });

  it('paced release and stop send the pace and re-read catch-up', async () => {
    const release = { perAccountEveryMinutes: 10, startedAt: T0, startedBy: 'sam', remaining: 2, nextAt: T0 + 600_000 };
    const { store, transport } = setup({
      'incident.release': () => ({ ...statusOff, release }),
      'incident.stopRelease': () => statusOff,
    });
    await store.getState().loadIncident();
    expect(await store.getState().startRelease(10)).toBe(true);
    expect(transport.calls.find((c) => c.method === 'incident.release')!.params).toEqual({ perAccountEveryMinutes: 10 });
    expect(store.getState().incident?.release?.remaining).toBe(2);
    expect(await store.getState().stopRelease()).toBe(true);
    expect(store.getState().incident?.release).toBeNull();
    await flush();
    expect(transport.calls.filter((c) => c.method === 'incident.catchUp').length).toBeGreaterThanOrEqual(3);
  });

  it('saving the policy keeps the hub’s answer; a refusal keeps the old one and says why', async () => {
    const { store, transport } = setup({ 'incident.savePolicy': (p: typeof policy) => p });
    await store.getState().loadIncident();
    expect(await store.getState().saveIncidentPolicy({ ...policy, reminderEveryMinutes: 15 })).toBe(true);
    expect(store.getState().incidentPolicy?.reminderEveryMinutes).toBe(15);
    transport.handlers['incident.savePolicy'] = failWith('forbidden', 'Only admins change the incident policy.');
    expect(await store.getState().saveIncidentPolicy({ ...policy, autoEnterOnAlert: true })).toBe(false);
    expect(store.getState()).toMatchObject({ incidentError: 'Only admins change the incident policy.' });
    expect(store.getState().incidentPolicy?.autoEnterOnAlert).toBe(false);
  });

  it('who may pull the cord and decide comes from the contract’s roles', () => {
    const { store } = setup();
    for (const [role, cord, decide] of [
      ['operator', true, false],
      ['social', true, true],
      ['admin', true, true],
      ['lead', false, false],
    ] as const) {
      store.setState(roles([role]));
      expect([role, incidentSelectors.canPullCord(store.getState()), incidentSelectors.canDecide(store.getState())]).toEqual([
        role,
        cord,
        decide,
      ]);
    }
    expect(CORD_WHY_NOT).toBe('Only operators, social managers and admins can turn incident mode on or off.');
  });

  it('the preview asks the hub for the scope; an older answer arriving late does not overwrite a newer one; a refusal says why', async () => {
    const answers: Array<ReturnType<typeof deferred<unknown>>> = [];
    const { store, transport } = setup({
      'incident.preview': () => {
        const answer = deferred<unknown>();
        answers.push(answer);
        return answer.promise;
      },
    });
    const bluesky: IncidentScope = { kind: 'some', campaigns: [], networks: ['bluesky'], accounts: [] };
    const first = store.getState().loadIncidentPreview(bluesky, 6);
    const second = store.getState().loadIncidentPreview({ kind: 'everything' }, 6);
    await flush();
    expect(transport.calls.filter((c) => c.method === 'incident.preview').map((c) => c.params)).toEqual([
      { hours: 6, scope: bluesky },
      { hours: 6, scope: { kind: 'everything' } },
    ]);
    answers[1]!.resolve({ from: T0, to: T0 + 6 * 3_600_000, posts: [post(1), post(2)], later: 3 });
    await second;
    answers[0]!.resolve({ from: T0, to: T0 + 6 * 3_600_000, posts: [], later: 0 });
    await first;
    expect(store.getState().incidentPreview).toMatchObject({ scope: { kind: 'everything' }, later: 3 });
    expect(store.getState().incidentPreview?.posts.map((p) => p.id)).toEqual([1, 2]);

    transport.handlers['incident.preview'] = failWith('bad_request', 'scope: choose at least one campaign.');
    await store.getState().loadIncidentPreview({ kind: 'everything' });
    expect(store.getState().incidentPreviewError).toBe('scope: choose at least one campaign.');
    expect(store.getState().incidentError).toBeNull();
    store.getState().openIncidentDialog('enter');
    expect(store.getState()).toMatchObject({ incidentPreview: null, incidentPreviewError: null, incidentDialogReason: '' });
    // From an alert, the reason starts as the alert's own words; the next plain opening starts empty.
    store.getState().openIncidentDialog('enter', { alertTitle: 'Surge in all mentions: 724 vs ~227 expected (3.2×)' });
    expect(store.getState().incidentDialogReason).toBe('Surge alert: Surge in all mentions: 724 vs ~227 expected (3.2×)');
    store.getState().openIncidentDialog('enter');
    expect(store.getState().incidentDialogReason).toBe('');
  });

  it('history: the newest page, then older ones by cursor; a reload drops a late older page; a refusal says why', async () => {
    const entry = (id: number, extra: Partial<IncidentHistoryEntry> = {}): IncidentHistoryEntry => ({
      id,
      at: T0 + id * 60_000,
      who: 'otto',
      kind: 'left',
      automatic: false,
      decision: null,
      reason: null,
      scope: null,
      held: 0,
      inFlight: null,
      posts: null,
      refused: null,
      everyMinutes: null,
      ...extra,
    });
    const older = deferred<unknown>();
    const { store, transport } = setup({
      'incident.history': (p: { before?: number }) => (p.before === undefined ? { entries: [entry(9), entry(8)], next: 8 } : older.promise),
    });
    expect(store.getState().incidentHistoryStatus).toBe('idle');
    await store.getState().loadIncidentHistory();
    expect(store.getState()).toMatchObject({ incidentHistoryStatus: 'ready', incidentHistoryNext: 8 });
    const more = store.getState().loadOlderIncidentHistory();
    expect(store.getState().incidentHistoryLoadingOlder).toBe(true);
    older.resolve({ entries: [entry(3)], next: null });
    await more;
    expect(store.getState().incidentHistory.map((e) => e.id)).toEqual([9, 8, 3]);
    expect(store.getState().incidentHistoryNext).toBeNull();
    expect(transport.calls.filter((c) => c.method === 'incident.history').map((c) => c.params)).toEqual([
      { limit: 30 },
      { limit: 30, before: 8 },
    ]);

    // An older page still on its way when the first page is read again belongs to the old list.
    const late = deferred<unknown>();
    transport.handlers['incident.history'] = (p: { before?: number }) =>
      p.before === undefined ? { entries: [entry(10), entry(9)], next: 9 } : late.promise;
    await store.getState().loadIncidentHistory();
    const stale = store.getState().loadOlderIncidentHistory();
    await store.getState().loadIncidentHistory();
    late.resolve({ entries: [entry(1)], next: null });
    await stale;
    expect(store.getState().incidentHistory.map((e) => e.id)).toEqual([10, 9]);

    transport.handlers['incident.history'] = failWith('internal', 'The hub could not read its database.');
    await store.getState().loadIncidentHistory();
    expect(store.getState()).toMatchObject({
      incidentHistoryStatus: 'error',
      incidentHistoryError: 'The hub could not read its database.',
    });
    delete transport.handlers['incident.history'];
    await store.getState().loadIncidentHistory();
    expect(store.getState().incidentHistoryError).toMatch(/from before incident history/);

    const byId = new Map([[1, campaign(1, 'Spring launch')]]);
    const entered = entry(1, {
      kind: 'entered',
      automatic: true,
      scope: { kind: 'some', campaigns: [1], networks: [], accounts: [] },
      held: 4,
      inFlight: 1,
    });
    expect(historyWhat(entered)).toBe('Entered automatically (admin policy)');
    expect(historyCounts(entered, byId)).toBe('holds campaign Spring launch · 4 posts held · 1 already sending');
    const decided = entry(2, { kind: 'decided', decision: 'backToApproval', held: null, posts: 1, refused: 2 });
    expect(historyWhat(decided)).toBe('Decided: back to approval');
    expect(historyCounts(decided, byId)).toBe('1 post · 2 refused');
    const released = entry(3, { kind: 'releaseStarted', held: null, posts: 5, everyMinutes: 10 });
    expect([historyWhat(released), historyCounts(released, byId)]).toEqual([
      'Started a paced release',
      '5 posts, one per 10 min per account',
    ]);
    expect(historyCounts(entry(4, { held: 1 }), byId)).toBe('1 post in catch-up');
  });

  it('scope: which posts it covers and how it reads; the title carries the mark while on', async () => {
    const { store } = setup({
      'accounts.list': () => accounts,
      'campaigns.list': () => [campaign(1, 'Spring launch')],
      'scheduled.list': () => [],
    });
    await store.getState().loadCampaigns();
    const byName = campaignsSelectors.accountsByName(store.getState());
    const scope: Extract<IncidentScope, { kind: 'some' }> = { kind: 'some', campaigns: [], networks: ['bluesky'], accounts: ['brand-x'] };
    expect(covers(scope, post(1, { accounts: ['brand', 'brand-bsky'], campaignId: null }), byName)).toBe(true);
    expect(covers(scope, post(2, { accounts: ['brand-x'], campaignId: null }), byName)).toBe(true);
    expect(covers(scope, post(3, { accounts: ['brand'], campaignId: 1 }), byName)).toBe(false);
    expect(covers({ ...scope, campaigns: [1] }, post(3, { accounts: ['brand'], campaignId: 1 }), byName)).toBe(true);
    expect(covers({ kind: 'everything' }, post(4), byName)).toBe(true);
    expect(scopeText({ ...scope, campaigns: [1] }, campaignsSelectors.campaignsById(store.getState()))).toBe(
      'campaign Spring launch, Bluesky, account brand-x',
    );
    expect(incidentTitle(true, 'Live volume · Surge Desk')).toBe('● INCIDENT · Live volume · Surge Desk');
    expect(incidentTitle(false, 'Live volume · Surge Desk')).toBe('Live volume · Surge Desk');
  });
});
