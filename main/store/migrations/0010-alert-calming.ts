import type { Migration } from '../migrate.js';

/**
 * An alert whose surge has died down says since when, and when it resolves if it stays calm
 * (issue 4): both null while the surge holds, and for every alert written before.
 */
export const alertCalming: Migration = {
  version: 10,
  name: 'alert-calming',
  up(db) {
    db.exec(`
      ALTER TABLE alerts ADD COLUMN calming_since INTEGER;
      ALTER TABLE alerts ADD COLUMN resolves_at INTEGER;
    `);
  },
};
