import { describe, expect, it } from 'vitest';
import { alertsSelectors } from '../../renderer/src/store/alerts/selectors.js';
import { sourcesSelectors } from '../../renderer/src/store/sources/selectors.js';
import { createDeskStore } from '../../renderer/src/store/store.js';
import type { Alert, SourceStatus } from '../../shared/domain.js';
import { createFakeClient } from './fakeTransport.js';

const source = (name: string, health: SourceStatus['health'], extra: Partial<SourceStatus> = {}): SourceStatus => ({
  name,
  type: 'demo',
  health,
  lastError: null,
  lastSuccessAt: 1000,
  nextPollAt: null,
  lagSeconds: 1,
  postsToday: 10,
  isDemo: true,
  recentGaps: [],
  stream: null,
  ...extra,
});

const alert = (id: number, state: Alert['state'], openedAt: number, updatedAt = openedAt): Alert => ({
  id,
  series: 'total',
  state,
  severity: 'critical',
  openedAt,
  updatedAt,
  resolvedAt: state === 'resolved' ? updatedAt : null,
  title: `Alert ${id}`,
  math: {
    windowMinutes: 5,
    expected: 10,
    bandLow: 5,
    bandHigh: 15,
    observed: 60,
    ratio: 6,
    score: 0.9,
    persistedMinutes: 3,
    sources: ['demo'],
  },
  drivers: { topTerms: [], samplePosts: [], outageIntent: 0.7, statusIncident: null },
});

describe('sources slice', () => {
  it('loads the list, sorts the worst first, and applies status events', async () => {
    const { client, transport } = createFakeClient({
      'sources.list': () => [source('b', 'ok'), source('a', 'failing', { lastError: 'The server said 503.' })],
    });
    const store = createDeskStore({ client, now: () => 42 });
    store.getState().bindEvents();
    await store.getState().loadSources();
    expect(sourcesSelectors.sorted(store.getState()).map((s) => s.name)).toEqual(['a', 'b']);
    expect(sourcesSelectors.unhealthyCount(store.getState())).toBe(1);
    transport.emit('sources.status', source('a', 'ok'));
    transport.emit('sources.status', source('c', 'paused'));
    transport.emit('sources.status', { name: 'broken' });
    expect(store.getState().sources.map((s) => `${s.name}:${s.health}`)).toEqual(['b:ok', 'a:ok', 'c:paused']);
    expect(store.getState().sourcesUpdatedAt).toBe(42);
  });

  it('keeps an error in plain words', async () => {
    const { client } = createFakeClient({});
    const store = createDeskStore({ client, now: () => 0 });
    await store.getState().loadSources();
    expect(store.getState().sourcesStatus).toBe('error');
    expect(store.getState().sourcesError).toMatch(/sources\.list/);
  });
});

describe('alerts slice', () => {
  it('loads newest first and folds alerts.changed events in', async () => {
    const { client, transport } = createFakeClient({ 'alerts.list': () => [alert(1, 'open', 100), alert(2, 'open', 200)] });
    const store = createDeskStore({ client, now: () => 0 });
    store.getState().bindEvents();
    await store.getState().loadAlerts();
    expect(store.getState().alerts.map((a) => a.id)).toEqual([2, 1]);
    expect(transport.calls[0]).toEqual({ method: 'alerts.list', params: { includeResolved: true, limit: 100 } });

    transport.emit('alerts.changed', alert(3, 'escalating', 300));
    transport.emit('alerts.changed', alert(1, 'resolved', 100, 400));
    expect(alertsSelectors.active(store.getState()).map((a) => a.id)).toEqual([3, 2]);
    expect(alertsSelectors.resolved(store.getState()).map((a) => a.id)).toEqual([1]);

    // An older version of alert 1 arriving late does not resurrect it.
    transport.emit('alerts.changed', alert(1, 'open', 100, 150));
    expect(alertsSelectors.activeCount(store.getState())).toBe(2);
  });
});
