/**
 * The page `chart.bench.ts` loads into Chromium: four live charts (the Live view's VolumeChart)
 * of 10k one-minute points each, every one gaining a minute once a second, with decimation on
 * or off (`window.__benchDecimate`). Frame times are collected with requestAnimationFrame.
 */
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { VolumeChart } from '../../renderer/src/components/VolumeChart.js';
import type { WallRow } from '../../renderer/src/store/wall/rows.js';

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
    __frames: number[];
    __renders: number;
    __resetFrames: () => void;
  }
}

function Charts() {
  const [all, setAll] = useState(() => Array.from({ length: SERIES }, (_, s) => initial(s)));
  useEffect(() => {
    const timer = setInterval(() => {
      setAll((current) =>
        current.map((rows, s) => {
          const next = rows.slice(1);
          next.push(rowAt(s, rows[rows.length - 1]!.minute + 1));
          return next;
        }),
      );
      window.__renders++;
    }, 1000);
    return () => clearInterval(timer);
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

window.__frames = [];
window.__renders = 0;
let last = performance.now();
window.__resetFrames = () => {
  window.__frames = [];
  last = performance.now();
};
const tick = (now: number) => {
  window.__frames.push(now - last);
  last = now;
  requestAnimationFrame(tick);
};
requestAnimationFrame(tick);
createRoot(document.getElementById('root')!).render(<Charts />);
