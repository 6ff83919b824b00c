/**
 * How fast a new series' expectation reaches its counts: `npx tsx test/nab/youngSeries.ts`.
 * A Poisson series with the demo's daily cycle (1-minute buckets, quiet at night, about 28
 * posts a minute at 13:00) is stepped through the shipped detector for ten days, and the
 * expectation at 13:00 is printed against the true rate each day. Deterministic (seeded).
 */
import { pathToFileURL } from 'node:url';
import { createDetector, expectedCount, stepInPlace } from '../../main/detect/detector.js';

const DAY = 1440;
const PEAK_MINUTE = 13 * 60;

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (Math.imul(a, 1103515245) + 12345) >>> 0;
    return a / 4294967296;
  };
}

/** The demo's rate (main/sources/demo.ts at volumeScale 6), posts per minute. */
function demoShapedRate(minute: number): number {
  const hour = (minute / 60) % 24;
  const daylight = 0.5 - 0.5 * Math.cos((2 * Math.PI * (hour - 3)) / 24);
  return 6 * (0.6 + 4.4 * daylight);
}

/** Expected ÷ true rate at 13:00 on days 2…`days` of a series that starts at 11:43 on day 1. */
function peakExpectationRatios(days = 10, seed = 7): number[] {
  const random = seeded(seed);
  const count = (rate: number) => {
    const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return Math.max(0, Math.round(rate + Math.sqrt(rate) * z));
  };
  const detector = createDetector({ bucketMinutes: 1 });
  const ratios: number[] = [];
  const start = 11 * 60 + 43;
  for (let minute = start; minute < days * DAY; minute++) {
    if (minute % DAY === PEAK_MINUTE && minute > DAY) ratios.push(expectedCount(detector, minute) / demoShapedRate(minute));
    stepInPlace(detector, { minute, count: count(demoShapedRate(minute)) });
  }
  return ratios;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log('| day | expectation at 13:00 ÷ true rate |\n|---|---|');
  peakExpectationRatios().forEach((ratio, i) => console.log(`| ${i + 2} | ${(100 * ratio).toFixed(0)} % |`));
}
