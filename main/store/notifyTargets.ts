/** Outbound notification targets (Slack or JSON webhooks); the URL is stored encrypted by the caller. */
import type { Severity } from '../../shared/domain.js';
import type { WriteDb } from './db.js';

export interface StoredNotifyTarget {
  name: string;
  kind: 'slack' | 'json';
  urlSecret: string;
  minSeverity: Severity;
  enabled: boolean;
}

interface Row {
  name: string;
  kind: 'slack' | 'json';
  url_secret: string;
  min_severity: Severity;
  enabled: number;
}

const fromRow = (row: Row): StoredNotifyTarget => ({
  name: row.name,
  kind: row.kind,
  urlSecret: row.url_secret,
  minSeverity: row.min_severity,
  enabled: row.enabled === 1,
});

export function createNotifyTargetsRepo(db: WriteDb) {
  const all = db.prepare<[], Row>('SELECT name, kind, url_secret, min_severity, enabled FROM notify_targets ORDER BY name');
  const upsert = db.prepare<[string, string, string, string, number, number, number]>(`
    INSERT INTO notify_targets (name, kind, url_secret, min_severity, enabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, url_secret = excluded.url_secret, min_severity = excluded.min_severity,
      enabled = excluded.enabled, updated_at = excluded.updated_at`);
  const remove = db.prepare<[string]>('DELETE FROM notify_targets WHERE name = ?');
  return {
    list: (): StoredNotifyTarget[] => all.all().map(fromRow),
    save(target: StoredNotifyTarget, at: number): void {
      upsert.run(target.name, target.kind, target.urlSecret, target.minSeverity, target.enabled ? 1 : 0, at, at);
    },
    remove: (name: string): boolean => remove.run(name).changes === 1,
  };
}
