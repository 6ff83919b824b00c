/** Settings as JSON values under string keys (alert policies, later hub settings). */
import type { WriteDb } from './db.js';

export function createSettingsRepo(db: WriteDb) {
  const get = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  const set = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  return {
    get(key: string): unknown {
      const row = get.get(key);
      return row === undefined ? undefined : (JSON.parse(row.value) as unknown);
    },
    set(key: string, value: unknown): void {
      set.run(key, JSON.stringify(value));
    },
  };
}
