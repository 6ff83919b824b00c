/** The poller's saved state per source: cursor, backoff and health, resumed after a restart. */
import type { WriteDb } from './db.js';

/** Opaque JSON owned by the poller; a row that does not parse reads as a first start. */
export function createSourceStateRepo(db: WriteDb) {
  const get = db.prepare<[string], { state: string }>('SELECT state FROM source_state WHERE name = ?');
  const put = db.prepare(
    'INSERT INTO source_state (name, state, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at',
  );
  const del = db.prepare('DELETE FROM source_state WHERE name = ?');
  return {
    load(name: string): unknown {
      const row = get.get(name);
      if (!row) return null;
      try {
        return JSON.parse(row.state) as unknown;
      } catch {
        return null;
      }
    },
    save(name: string, state: unknown, now: number): void {
      put.run(name, JSON.stringify(state), now);
    },
    remove(name: string): void {
      del.run(name);
    },
  };
}
