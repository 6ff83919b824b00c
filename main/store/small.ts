/** The small key-value style tables: audit log, settings, source state, status incidents. */
import type { StatusIncident } from '../sources/types.js';
import type { ReadDb, WriteDb } from './db.js';

export interface AuditEntry {
  at: number;
  actor: string;
  action: string;
  subject: string | null;
  detail: Record<string, unknown>;
}

export function createAuditRepo(db: WriteDb) {
  const insert = db.prepare('INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)');
  const recent = db.prepare<[number], { at: number; actor: string; action: string; subject: string | null; detail: string }>(
    'SELECT at, actor, action, subject, detail FROM audit_log ORDER BY id DESC LIMIT ?',
  );
  return {
    record(entry: AuditEntry): void {
      insert.run(entry.at, entry.actor, entry.action, entry.subject, JSON.stringify(entry.detail));
    },
    recent(limit: number): AuditEntry[] {
      return recent.all(limit).map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }));
    },
  };
}

export function createSettingsRepo(db: WriteDb) {
  const get = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  const set = db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
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

/** Per-source poller state (cursor, backoff, health) as opaque JSON owned by the poller. */
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

export function createIncidentsRepo(db: WriteDb) {
  const upsert = db.prepare(`
    INSERT INTO status_incidents (source, external_id, name, status, impact, url, started_at, updated_at, resolved_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (source, external_id) DO UPDATE SET name = excluded.name, status = excluded.status,
      impact = excluded.impact, url = excluded.url, updated_at = excluded.updated_at, resolved_at = excluded.resolved_at`);
  return {
    upsertMany: db.transaction((incidents: readonly StatusIncident[]) => {
      for (const i of incidents) {
        upsert.run(i.source, i.externalId, i.name, i.status, i.impact, i.url, i.startedAt, i.updatedAt, i.resolvedAt);
      }
    }),
  };
}

export function createIncidentsReader(db: ReadDb) {
  const overlapping = db.prepare<[number, number], { source: string; name: string; url: string | null }>(`
    SELECT source, name, url FROM status_incidents
    WHERE started_at <= ? AND (resolved_at IS NULL OR resolved_at >= ?)
    ORDER BY started_at DESC LIMIT 1`);
  return {
    /** The newest status-page incident active at any point in [fromMs, toMs]. */
    activeDuring(fromMs: number, toMs: number): { source: string; name: string; url: string | null } | null {
      return overlapping.get(toMs, fromMs) ?? null;
    },
  };
}
