/**
 * Migration runner: one small numbered step per file, each applied in one transaction
 * together with the `user_version` bump, so a step is never half-applied. Refuses gaps,
 * duplicates, and a database newer than this build (never downgrade silently).
 */
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export function checkMigrationList(list: readonly Migration[]): void {
  list.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new MigrationError(
        `Migration list has a gap or is out of order: position ${index + 1} holds version ${migration.version} (${migration.name}).`,
      );
    }
  });
}

export function runMigrations(db: Database.Database, list: readonly Migration[]): number {
  checkMigrationList(list);
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > list.length) {
    throw new MigrationError(
      `This database was written by a newer Surge Desk (schema ${current}, this build knows ${list.length}). Update the app; the data was left untouched.`,
    );
  }
  for (const migration of list.slice(current)) {
    const apply = db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    });
    try {
      apply();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new MigrationError(`Migration ${migration.version} (${migration.name}) failed and was rolled back: ${reason}`);
    }
  }
  return list.length - current;
}
