/**
 * The page `chart.bench.ts` loads into Chromium: four live charts (the Live view's VolumeChart)
 * of 10k one-minute points each, every one gaining a minute once a second, with decimation on
 * or off (`window.__benchDecimate`).
 *
 * Or (`window.__benchStore`) the app's own path: a desk store holding four 7-day series (the
 * total and three watched terms), drawn by the Live view's SeriesChart, fed one `volume.tick`
 * a second within the current minute, as the hub sends them. The tick touches the total and
 * one term (`__benchTouchAll` false) or all four: what a chart whose series did not change
 * costs is the difference. With `__benchLateStart`, two terms' histories start mid-window (a
 * term watched for 3.5 days, one for 90 minutes; `volumeFirstMinutes` as the hub's
 * `firstMinute` sets it): their charts draw nothing before that minute.
 *
 * Two measures per frame. The interval between requestAnimationFrame callbacks, which vsync
 * holds at 16.7 ms or more however little work a frame takes. And the main thread's work for
 * the frame, which can be far below that: from the rAF callback's start to a MessageChannel
 * task posted there, which the event loop runs only after the frame's style, layout and paint.
 * So that span holds all of an update's work, the once-a-second update is made inside the rAF
 * callback with flushSync: React's render, commit and effects (recharts' own follow-up renders
 * included) then run in that callback, not in tasks between frames the span would miss.
 * Long Animation Frame entries (frames over 50 ms, as Chromium reports them) are kept as a
 * cross-check of the slow case.
 */
import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { VolumeChart } from '../../renderer/src/components/VolumeChart.js';
import { DeskProvider } from '../../renderer/src/store/react.js';
import { createDeskStore } from '../../renderer/src/store/store.js';
import type { WallRow } from '../../renderer/src/store/wall/rows.js';
import { SeriesChart } from '../../renderer/src/views/live/SeriesChart.js';
import { createClient } from '../../shared/contract/client.js';
import { fail } from '../../shared/contract/envelope.js';
import type { BandPoint, Bucket } from '../../shared/domain.js';

const POINTS = 10_000;
const SERIES = 4;
const START = 29_000_000;

function rowAt(series: number, minute: number): WallRow {
  // A daily wave, noise, and a burst every few hours: what decimation must not flatten.
  const wave = 20 + 15 * Math.sin((minute / 1440) * 2 * Math.PI + series);
  const noise = ((minute * 7919 + series * 104729) % 13) - 6;
  const burst = minute % 397 === 0 ? 150 : 0;
  const value = Math.max(0, Math.round(wave + noise + burst));
  return { minute, time: minute * 60_000, values: { total: value }, expected: wave, band: [Math.max(0, wave - 12), wave + 12] };
}

const initial = (series: number): WallRow[] => Array.from({ length: POINTS }, (_, i) => rowAt(series, START + i));

declare global {
  interface Window {
    __benchDecimate: boolean;
    __benchStore: boolean;
    __benchTouchAll: boolean;
    __benchLateStart: boolean;
    __frames: number[];
    /** Main-thread work per frame, ms, whether it carried a chart update, and React's share of it. */
    __work: Array<{ ms: number; update: boolean; react: number }>;
    /** Durations of Long Animation Frame entries (> 50 ms) seen since the last reset. */
    __loaf: number[];
    __renders: number;
    __resetFrames: () => void;
    __loafSupported: boolean;
  }
}

/** Set once the charts are mounted: advances every series by a minute. */
let advance: (() => void) | null = null;

function Charts() {
  const [all, setAll] = useState(() => Array.from({ length: SERIES }, (_, s) => initial(s)));
  useEffect(() => {
    advance = () =>
      setAll((current) =>
        current.map((rows, s) => {
          const next = rows.slice(1);
          next.push(rowAt(s, rows[rows.length - 1]!.minute + 1));
          return next;
        }),
      );
    return () => {
      advance = null;
    };
  }, []);
  return (
    <div>
      {all.map((rows, s) => (
        <VolumeChart
          key={s}
          rows={rows}
          keys={['total']}
          label={`bench ${s}`}
          partialMinute={null}
          gaps={[]}
          markers={[]}
          height={200}
          decimated={window.__benchDecimate}
        />
      ))}
    </div>
  );
}

const STORE_SERIES = ['total', 'term:outage', 'term:login', 'term:refund'];
const WEEK = 10_080;
const NO_STRINGS: string[] = [];
const NO_GAPS: never[] = [];
/** Late-start mode: where these series' histories begin, in minutes before the window's last. */
const LATE_STARTS: Record<string, number> = { 'term:login': WEEK / 2, 'term:refund': 90 };

/** The store path: the same four charts as the Live view draws them for a term split at 7 d. */
function StoreCharts() {
  const [store] = useState(() => {
    const end = START + WEEK - 1;
    let nowMs = end * 60_000 + 30_000;
    const transport = {
      kind: 'websocket' as const,
      call: async () => fail('unknown_method', 'bench: no hub'),
      onEvent: () => () => {},
    };
    const desk = createDeskStore({ client: createClient(transport), now: () => nowMs });
    // The minute each series' history starts at in late-start mode (undefined: the whole window, as before).
    const startOf = (s: number): number | undefined => {
      const before = window.__benchLateStart ? LATE_STARTS[STORE_SERIES[s]!] : undefined;
      return before === undefined ? undefined : end - before + 1;
    };
    const rowsOf = (s: number) => initial(s).filter((row) => row.minute >= (startOf(s) ?? -Infinity));
    const history = (s: number): Bucket[] => rowsOf(s).map((row) => ({ minute: row.minute, count: row.values.total! }));
    const band = (s: number): BandPoint[] =>
      rowsOf(s).map((row) => ({ minute: row.minute, expected: row.expected!, low: row.band![0], high: row.band![1] }));
    const firsts = STORE_SERIES.flatMap((key, s) => (startOf(s) === undefined ? [] : [[key, startOf(s)!] as const]));
    desk.setState({
      volumeFirstMinutes: Object.fromEntries(firsts),
      volumeWindowMinutes: WEEK,
      volumeSeries: { total: history(0) },
      wallExtraSeries: Object.fromEntries(STORE_SERIES.slice(1).map((key, i) => [key, history(i + 1)])),
      wallBands: Object.fromEntries(STORE_SERIES.map((key, i) => [key, band(i)])),
      volumeAnchorMinute: end,
    });
    let turn = 0;
    advance = () => {
      turn++;
      nowMs += 1;
      const touched = window.__benchTouchAll ? STORE_SERIES : ['total', STORE_SERIES[1 + (turn % 3)]!];
      desk.getState().applyVolumeTick({ minute: end, increments: Object.fromEntries(touched.map((key) => [key, 1 + (turn % 4)])) });
    };
    return desk;
  });
  return (
    <DeskProvider store={store}>
      {STORE_SERIES.map((key) => (
        <SeriesChart key={key} series={key} overlays={NO_STRINGS} gaps={NO_GAPS} label={`bench ${key}`} height={200} />
      ))}
    </DeskProvider>
  );
}

window.__frames = [];
window.__work = [];
window.__loaf = [];
window.__renders = 0;
let last = performance.now();
window.__resetFrames = () => {
  window.__frames = [];
  window.__work = [];
  window.__loaf = [];
  last = performance.now();
  open.clear();
};
const afterPaint = new MessageChannel();
let lastUpdate = performance.now();
let nextFrameId = 0;
/** Frames whose after-paint task has not run yet. */
const open = new Map<number, { start: number; update: boolean; react: number }>();
const close = (id: number, end: number) => {
  const frame = open.get(id);
  if (!frame) return;
  open.delete(id);
  window.__work.push({ ms: end - frame.start, update: frame.update, react: frame.react });
};
afterPaint.port1.onmessage = (event: MessageEvent<number>) => close(event.data, performance.now());
const tick = (now: number) => {
  const start = performance.now();
  // After a long frame Chromium may run the next frame before queued tasks: the earlier
  // frame's work ended by this callback at the latest.
  for (const id of [...open.keys()]) close(id, start);
  window.__frames.push(now - last);
  last = now;
  const update = advance !== null && start - lastUpdate >= 1000;
  let react = 0;
  if (update) {
    lastUpdate = start;
    flushSync(advance!);
    react = performance.now() - start;
    window.__renders++;
  }
  const id = nextFrameId++;
  open.set(id, { start, update, react });
  afterPaint.port2.postMessage(id);
  requestAnimationFrame(tick);
};
requestAnimationFrame(tick);
if (PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')) {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__loaf.push(entry.duration);
  }).observe({ type: 'long-animation-frame' });
}
window.__loafSupported = PerformanceObserver.supportedEntryTypes.includes('long-animation-frame');
createRoot(document.getElementById('root')!).render(window.__benchStore ? <StoreCharts /> : <Charts />);
