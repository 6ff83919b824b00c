/**
 * Before a series' history starts a chart has no data there, not "0 posts": its rows carry no
 * value, its line and decimation skip those minutes, its hover says "no data", and the store
 * learns where each history starts from the hub's answer or the tick that began it.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { followDecimation } from '../../shared/decimate.js';
import { countScale, linePath, plotBox, timeScale } from '../../renderer/src/components/chartGeometry.js';
import { tipValue } from '../../renderer/src/components/chartTipText.js';
import { createDeskStore, type DeskStoreApi } from '../../renderer/src/store/store.js';
import { buildWallRows, nextWallRows, type WallRow, type WallRowsInput } from '../../renderer/src/store/wall/rows.js';
import { MINUTE_MS, type Bucket } from '../../shared/domain.js';
import { createFakeClient, type FakeTransport } from './fakeTransport.js';

const FROM = 29_000_000;
const ANCHOR = FROM + 99;
const START = FROM + 60;
const history: Bucket[] = Array.from({ length: 40 }, (_, i) => ({ minute: START + i, count: 5 + (i % 3) }));
const input = (over: Partial<WallRowsInput> = {}): WallRowsInput => ({
  series: { total: history, 'source:new': history.slice(30) },
  keys: ['total', 'source:new'],
  band: [],
  fromMinute: FROM,
  anchor: ANCHOR,
  starts: [START, START + 30],
  ...over,
});
const build = (i: WallRowsInput) => buildWallRows(i.series, i.keys, i.band, i.fromMinute, i.anchor, i.starts);

describe('chart rows before a history starts', () => {
  it('hold no value before each series starts and a zero only from its start on', () => {
    const rows = build(input({ series: { total: history.filter((b) => b.minute !== START + 5), 'source:new': [] } }));
    expect(rows).toHaveLength(100);
    expect(rows[0]!.values).toEqual({});
    expect(rows[59]!.values).toEqual({});
    expect(rows[60]!.values).toEqual({ total: 5 });
    // Inside the history a minute without a bucket is a quiet minute: zero.
    expect(rows[65]!.values).toEqual({ total: 0 });
    expect(rows[90]!.values).toEqual({ total: 5 + (30 % 3), 'source:new': 0 });
  });

  it('draw zeros all along where the start is unknown (an older hub) and nothing where the hub has none', () => {
    const unknown = build(input({ series: { total: history, 'source:new': [] }, starts: [undefined, null] }));
    expect(unknown[0]!.values).toEqual({ total: 0 });
    expect(unknown.every((row) => !('source:new' in row.values))).toBe(true);
    expect(build(input({ starts: undefined }))[0]!.values).toEqual({ total: 0, 'source:new': 0 });
  });

  it('follow a tick incrementally with the same starts, and build afresh when a start moves', () => {
    const first = input();
    const rows = build(first);
    const ticked = input({ series: { total: [...history.slice(0, -1), { minute: ANCHOR, count: 99 }], 'source:new': history.slice(30) } });
    const next = nextWallRows({ input: first, rows }, ticked);
    expect(next).toEqual(build(ticked));
    expect(next[0]).toBe(rows[0]);
    const moved = input({ starts: [START - 10, START + 30] });
    const rebuilt = nextWallRows({ input: first, rows }, moved);
    expect(rebuilt[0]).not.toBe(rows[0]);
    expect(rebuilt[50]!.values).toEqual({ total: 0 });
  });
});

describe('the line and its decimation before a history starts', () => {
  const plot = plotBox(448, 234);
  const rows = build(input());
  const x = timeScale(rows[0]!.time, rows[rows.length - 1]!.time, plot, 0);
  const y = countScale(10, plot);
  const value = (row: WallRow) => row.values.total ?? null;

  it('starts the line at the first minute with data: one piece, no point before it', () => {
    const d = linePath(rows, value, x, y);
    expect(d.match(/M/g)).toHaveLength(1);
    const firstX = Number(/^M([\d.]+),/.exec(d)![1]);
    expect(firstX).toBeCloseTo(x.at(START * MINUTE_MS), 0);
    for (const [, px] of d.matchAll(/[ML]([\d.]+),/g)) expect(Number(px)).toBeGreaterThanOrEqual(x.at(START * MINUTE_MS) - 0.5);
  });

  it('keeps the minutes before the start as gaps when decimating, never as lows of zero', () => {
    const long = build(input({ fromMinute: START - 5000, starts: [START, START + 30] }));
    const drawn = followDecimation((row: WallRow) => row.minute)(long, value, 50);
    const before = drawn.filter((row) => row.minute < START);
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((row) => value(row) === null)).toBe(true);
    const dx = timeScale(long[0]!.time, long[long.length - 1]!.time, plot, 0);
    const d = linePath(drawn, value, dx, y);
    expect(d.startsWith('M')).toBe(true);
    expect(Number(/^M([\d.]+),/.exec(d)![1])).toBeGreaterThanOrEqual(dx.at(START * MINUTE_MS) - 0.5);
  });
});

describe('what the hover says', () => {
  const rows = build(input());
  const none = new Set<string>();

  it('says "no data yet" with where history starts, never 0, before the start', () => {
    expect(tipValue('total', rows[10]!, none, 'Tue 1, 09:00')).toEqual({ kind: 'none', text: 'no data yet (history starts Tue 1, 09:00)' });
    expect(tipValue('source:new', rows[70]!, none, null)).toEqual({ kind: 'none', text: 'no data yet' });
    expect(tipValue('total', rows[70]!, none, null)).toEqual({ kind: 'count', text: String(5 + (10 % 3)) });
  });

  it('says a source that was unreachable has no data, where its count is zero; the total keeps its count', () => {
    const quiet: WallRow = { minute: ANCHOR, time: ANCHOR * MINUTE_MS, values: { total: 0, 'source:new': 0 }, expected: null, band: null };
    const down = new Set(['new']);
    expect(tipValue('source:new', quiet, down, null)).toEqual({ kind: 'none', text: 'no data (new was unreachable)' });
    expect(tipValue('total', quiet, down, null)).toEqual({ kind: 'count', text: '0' });
    expect(tipValue('source:new', { ...quiet, values: { 'source:new': 4 } }, down, null)).toEqual({ kind: 'count', text: '4' });
  });
});

describe('where the store says each history starts', () => {
  const NOW_MINUTE = FROM + 200;
  let store: DeskStoreApi;
  let transport: FakeTransport;
  const setup = (handlers: FakeTransport['handlers']) => {
    const fake = createFakeClient(handlers);
    transport = fake.transport;
    store = createDeskStore({ client: fake.client, now: () => NOW_MINUTE * MINUTE_MS + 30_000 });
    store.getState().bindEvents();
  };
  beforeEach(() => setup({}));

  it("keeps the hub's oldest minute per series, and the total's null until a tick starts it", async () => {
    setup({
      'volume.seriesList': () => [{ series: 'source:old', total: 3 }],
      'volume.series': (params: { series: string }) =>
        params.series === 'total'
          ? { series: 'total', buckets: [], firstMinute: null }
          : { series: params.series, buckets: [{ minute: NOW_MINUTE - 2, count: 3 }], firstMinute: NOW_MINUTE - 9000 },
    });
    await store.getState().loadVolume();
    expect(store.getState().volumeFirstMinutes).toEqual({ total: null, 'source:old': NOW_MINUTE - 9000 });
    transport.emit('volume.tick', { minute: NOW_MINUTE, increments: { total: 2, 'source:old': 1, 'source:fresh': 1 } });
    expect(store.getState().volumeFirstMinutes).toEqual({
      total: NOW_MINUTE,
      'source:old': NOW_MINUTE - 9000,
      'source:fresh': NOW_MINUTE,
    });
    // A later tick moves no start.
    transport.emit('volume.tick', { minute: NOW_MINUTE + 1, increments: { total: 1, 'source:fresh': 1 } });
    expect(store.getState().volumeFirstMinutes.total).toBe(NOW_MINUTE);
  });

  it('leaves the start unknown when an older hub does not say it', async () => {
    setup({
      'volume.seriesList': () => [],
      'volume.series': () => ({ series: 'total', buckets: [{ minute: NOW_MINUTE - 2, count: 3 }] }),
    });
    await store.getState().loadVolume();
    transport.emit('volume.tick', { minute: NOW_MINUTE, increments: { total: 2 } });
    expect(store.getState().volumeFirstMinutes).toEqual({});
  });
});
