import type { Migration } from '../migrate.js';

/** Sources an admin adds in the app (the config file's stay in the file). Secrets are encrypted. */
export const sourceConfigs: Migration = {
  version: 2,
  name: 'source-configs',
  up(db) {
    db.exec(`
      CREATE TABLE source_configs (
        name TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        config TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `);
  },
};
