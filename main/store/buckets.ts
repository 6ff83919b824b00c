import type { Bucket } from '../../shared/domain.js';
import type { ReadDb, WriteDb } from './db.js';

/** Increments keyed by series, then by epoch minute. */
export type BucketIncrements = Map<string, Map<number, number>>;

export function addIncrement(target: BucketIncrements, series: string, minute: number, by = 1): void {
  let minutes = target.get(series);
  if (!minutes) {
    minutes = new Map();
    target.set(series, minutes);
  }
  minutes.set(minute, (minutes.get(minute) ?? 0) + by);
}

export function createBucketsRepo(db: WriteDb) {
  const upsert = db.prepare<[string, number, number]>(`
    INSERT INTO buckets (series, minute, count) VALUES (?, ?, ?)
    ON CONFLICT (series, minute) DO UPDATE SET count = count + excluded.count`);
  const removeSeries = db.prepare<[string]>('DELETE FROM buckets WHERE series = ?');
  return {
    /** Forgets one series entirely (the fire drill's, before a new drill). */
    removeSeries(series: string): void {
      removeSeries.run(series);
    },
    /** Must run inside the caller's transaction. */
    addMany(increments: BucketIncrements): void {
      for (const [series, minutes] of increments) {
        for (const [minute, count] of minutes) upsert.run(series, minute, count);
      }
    },
  };
}

export function createBucketsReader(db: ReadDb) {
  const range = db.prepare<[string, number, number], Bucket>(
    'SELECT minute, count FROM buckets WHERE series = ? AND minute >= ? ORDER BY minute LIMIT ?',
  );
  const latest = db.prepare<[string, number], Bucket>('SELECT minute, count FROM buckets WHERE series = ? ORDER BY minute DESC LIMIT ?');
  const first = db.prepare<[string], { minute: number | null }>('SELECT MIN(minute) AS minute FROM buckets WHERE series = ?');
  const list = db.prepare<[number], { series: string; total: number }>(
    'SELECT series, SUM(count) AS total FROM buckets GROUP BY series ORDER BY total DESC LIMIT ?',
  );
  return {
    /** Oldest first. Without `sinceMinute`, the newest `limit` minutes. */
    range(series: string, limit: number, sinceMinute?: number): Bucket[] {
      if (sinceMinute !== undefined) return range.all(series, sinceMinute, limit);
      return latest.all(series, limit).reverse();
    },
    /** The series' oldest stored minute (one seek on the primary key), or null when it has none. */
    firstMinute(series: string): number | null {
      return first.get(series)?.minute ?? null;
    },
    list(limit: number): { series: string; total: number }[] {
      return list.all(limit);
    },
  };
}
