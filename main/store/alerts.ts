import { alertDriversSchema, alertMathSchema, type Alert, type AlertEvent } from '../../shared/domain.js';
import type { ReadDb, WriteDb } from './db.js';

interface AlertRow {
  id: number;
  series: string;
  state: Alert['state'];
  severity: Alert['severity'];
  opened_at: number;
  updated_at: number;
  resolved_at: number | null;
  title: string;
  math: string;
  drivers: string;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  calming_since: number | null;
  resolves_at: number | null;
}

interface EventRow {
  alert_id: number;
  series: string;
  kind: AlertEvent['kind'];
  severity: AlertEvent['severity'];
  at: number;
}

const fromRow = (row: AlertRow): Alert => ({
  id: row.id,
  series: row.series,
  state: row.state,
  severity: row.severity,
  openedAt: row.opened_at,
  updatedAt: row.updated_at,
  resolvedAt: row.resolved_at,
  title: row.title,
  // Parsed, not cast: a row written by an older build must not crash the window.
  math: alertMathSchema.parse(JSON.parse(row.math)),
  drivers: alertDriversSchema.parse(JSON.parse(row.drivers)),
  acknowledgedAt: row.acknowledged_at,
  acknowledgedBy: row.acknowledged_by,
  ...(row.calming_since !== null && row.resolves_at !== null ? { calming: { since: row.calming_since, resolvesAt: row.resolves_at } } : {}),
});

export type NewAlert = Omit<Alert, 'id' | 'acknowledgedAt' | 'acknowledgedBy'>;

export function createAlertsRepo(db: WriteDb) {
  const insert = db.prepare<unknown[], { id: number }>(`
    INSERT INTO alerts (series, state, severity, opened_at, updated_at, resolved_at, title, math, drivers, calming_since, resolves_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`);
  const update = db.prepare(`
    UPDATE alerts SET state = ?, severity = ?, updated_at = ?, resolved_at = ?, title = ?, math = ?, drivers = ?,
      calming_since = ?, resolves_at = ?
    WHERE id = ?`);
  const acknowledge = db.prepare<[number, string, number]>(
    'UPDATE alerts SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ? AND acknowledged_at IS NULL',
  );
  const addEvent = db.prepare<[number, string, string, string, number]>(
    'INSERT INTO alert_events (alert_id, series, kind, severity, at) VALUES (?, ?, ?, ?, ?)',
  );
  return {
    insert(alert: NewAlert): Alert {
      const row = insert.get(
        alert.series,
        alert.state,
        alert.severity,
        alert.openedAt,
        alert.updatedAt,
        alert.resolvedAt,
        alert.title,
        JSON.stringify(alert.math),
        JSON.stringify(alert.drivers),
        alert.calming?.since ?? null,
        alert.calming?.resolvesAt ?? null,
      );
      if (!row) throw new Error('Alert insert returned no id');
      return { ...alert, id: row.id };
    },
    /** First acknowledgement wins; answers whether this call recorded it. */
    acknowledge(id: number, by: string, at: number): boolean {
      return acknowledge.run(at, by, id).changes === 1;
    },
    recordEvent(event: AlertEvent): void {
      addEvent.run(event.alertId, event.series, event.kind, event.severity, event.at);
    },
    update(alert: Alert): void {
      update.run(
        alert.state,
        alert.severity,
        alert.updatedAt,
        alert.resolvedAt,
        alert.title,
        JSON.stringify(alert.math),
        JSON.stringify(alert.drivers),
        alert.calming?.since ?? null,
        alert.calming?.resolvesAt ?? null,
        alert.id,
      );
    },
  };
}

export function createAlertsReader(db: ReadDb) {
  const active = db.prepare<[number], AlertRow>("SELECT * FROM alerts WHERE state != 'resolved' ORDER BY updated_at DESC LIMIT ?");
  const all = db.prepare<[number], AlertRow>('SELECT * FROM alerts ORDER BY updated_at DESC LIMIT ?');
  const activeFor = db.prepare<[string], AlertRow>(
    "SELECT * FROM alerts WHERE series = ? AND state != 'resolved' ORDER BY id DESC LIMIT 1",
  );
  const openCount = db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM alerts WHERE state != 'resolved'");
  const byId = db.prepare<[number], AlertRow>('SELECT * FROM alerts WHERE id = ?');
  const events = db.prepare<[string, number, number], EventRow>(
    'SELECT alert_id, series, kind, severity, at FROM alert_events WHERE series = ? AND at >= ? ORDER BY at, id LIMIT ?',
  );
  return {
    get(id: number): Alert | null {
      const row = byId.get(id);
      return row ? fromRow(row) : null;
    },
    /** Oldest first: the markers of one series since `sinceMs`. */
    events(series: string, sinceMs: number, limit: number): AlertEvent[] {
      return events
        .all(series, sinceMs, limit)
        .map((r) => ({ alertId: r.alert_id, series: r.series, kind: r.kind, severity: r.severity, at: r.at }));
    },
    list(limit: number, includeResolved: boolean): Alert[] {
      return (includeResolved ? all : active).all(limit).map(fromRow);
    },
    activeFor(series: string): Alert | null {
      const row = activeFor.get(series);
      return row ? fromRow(row) : null;
    },
    openCount(): number {
      return openCount.get()?.n ?? 0;
    },
  };
}
