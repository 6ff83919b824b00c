/** Source configurations added in the app, as stored JSON (secret fields already encrypted by the caller). */
import type { WriteDb } from './db.js';

export interface StoredSourceConfig {
  name: string;
  type: string;
  config: Record<string, unknown>;
}

export function createSourceConfigsRepo(db: WriteDb) {
  const all = db.prepare<[], { name: string; type: string; config: string }>(
    'SELECT name, type, config FROM source_configs ORDER BY created_at, name',
  );
  const upsert = db.prepare(`
    INSERT INTO source_configs (name, type, config, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (name) DO UPDATE SET type = excluded.type, config = excluded.config, updated_at = excluded.updated_at`);
  const remove = db.prepare('DELETE FROM source_configs WHERE name = ?');
  return {
    list(): StoredSourceConfig[] {
      return all.all().map((row) => ({ name: row.name, type: row.type, config: JSON.parse(row.config) as Record<string, unknown> }));
    },
    save(entry: StoredSourceConfig, now: number): void {
      upsert.run(entry.name, entry.type, JSON.stringify(entry.config), now, now);
    },
    remove(name: string): boolean {
      return remove.run(name).changes > 0;
    },
  };
}
