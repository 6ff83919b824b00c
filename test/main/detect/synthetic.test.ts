import { describe, expect, it } from 'vitest';
import { socialCorpus, socialSeries } from './synthetic.js';

describe('synthetic social corpus', () => {
  it('is deterministic and labels every outage and level shift with a NAB-style window', () => {
    const a = socialCorpus(1);
    const b = socialCorpus(1);
    expect(a.map((s) => s.buckets.slice(0, 50))).toEqual(b.map((s) => s.buckets.slice(0, 50)));
    expect(a.length).toBe(12);
    for (const s of a) {
      expect(s.labels.length).toBe(s.windows.length);
      expect(s.buckets.length).toBe(55 * 288);
      const rows = s.buckets.length;
      for (const [k, [lo, hi]] of s.windows.entries()) {
        const label = s.labels[k] as number;
        expect(lo).toBeLessThanOrEqual(label);
        expect(hi).toBeGreaterThanOrEqual(label);
        // 10% of the file shared among the labels (NAB's window size), give or take a row.
        expect(((hi - lo) / 5) * s.labels.length).toBeLessThanOrEqual(0.1 * rows + s.labels.length);
      }
    }
  });

  it('puts the outage where it says and leaves viral bursts unlabelled', () => {
    const quiet = socialSeries({
      name: 'q',
      seed: 3,
      mean: 20,
      noiseSigma: 0,
      dailyAmplitude: 0,
      weekendFactor: 1,
      outages: [{ atDay: 20, shape: 'plateau', magnitude: 4, minutes: 60 }],
    });
    const at = (20 * 1440) / 5;
    const inside = quiet.buckets.slice(at, at + 12).reduce((n, b) => n + b.count, 0) / 12;
    const before = quiet.buckets.slice(at - 100, at).reduce((n, b) => n + b.count, 0) / 100;
    expect(inside / before).toBeGreaterThan(4);
    const viral = socialSeries({ name: 'v', seed: 3, mean: 20, viralBursts: 10 });
    expect(viral.labels).toEqual([]);
    expect(Math.max(...viral.buckets.map((b) => b.count))).toBeGreaterThan(100);
  });
});
