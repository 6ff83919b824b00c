import type { Migration } from '../migrate.js';

/**
 * The live wall (issue 13): who acknowledged an alert and when; each alert's opened,
 * escalated and resolved moments (the chart's markers: an alert row keeps only its latest
 * state); and the outbound notification targets, their URL encrypted like source secrets.
 */
export const liveWall: Migration = {
  version: 7,
  name: 'live-wall',
  up(db) {
    db.exec(`
      ALTER TABLE alerts ADD COLUMN acknowledged_at INTEGER;
      ALTER TABLE alerts ADD COLUMN acknowledged_by TEXT;

      CREATE TABLE alert_events (
        id INTEGER PRIMARY KEY,
        alert_id INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
        series TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('opened', 'escalated', 'resolved')),
        severity TEXT NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX alert_events_series_at ON alert_events (series, at);

      CREATE TABLE notify_targets (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('slack', 'json')),
        url_secret TEXT NOT NULL,
        min_severity TEXT NOT NULL CHECK (min_severity IN ('info', 'warning', 'critical')),
        enabled INTEGER NOT NULL DEFAULT 1,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `);
  },
};
