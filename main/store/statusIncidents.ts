/** Status-page incidents (Atlassian Statuspage sources), kept for correlating alerts, not counted as posts. */
import type { StatusIncident } from '../../shared/domain.js';
import type { ReadDb, WriteDb } from './db.js';

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
