/**
 * The store: repositories over one SQLite file. Engines and services receive this object;
 * a PostgreSQL adapter later implements the same shape.
 */
import { createAlertsReader, createAlertsRepo } from './alerts.js';
import { createBucketsReader, createBucketsRepo } from './buckets.js';
import { createCheckpointer, foldLogForClose, type CheckpointerOptions } from './checkpointer.js';
import { openDatabase, type OpenOptions, type WriteDb } from './db.js';
import { createPostsReader, createPostsRepo } from './posts.js';
import { createAuditRepo } from './audit.js';
import { createSettingsRepo } from './settings.js';
import { createSourceStateRepo } from './sourceState.js';
import { createIncidentsReader, createIncidentsRepo } from './statusIncidents.js';
import { createSourceConfigsRepo } from './sourceConfigs.js';
import { createTokensRepo } from './tokens.js';
import { createUsersRepo } from './users.js';
import { createSessionsRepo } from './sessions.js';
import { createInvitesRepo } from './invites.js';
import { createWebhookInboxRepo } from './webhookInbox.js';
import { createPublishingRepo } from './publishing.js';
import { createPublishGateRepo } from './publishGate.js';
import { createBoardRepo } from './board.js';
import { createNotifyTargetsRepo } from './notifyTargets.js';

export type StoreOptions = OpenOptions & Pick<CheckpointerOptions, 'logger' | 'now' | 'heldAtBytes'>;

export function createStore(file: string, options: StoreOptions = {}) {
  const db: WriteDb = openDatabase(file, options);
  const { nativeBinding: _binding, ...watch } = options;
  const checkpointer = createCheckpointer(db, file, options.nativeBinding ?? null, watch);
  const durableTransaction = <T>(fn: () => T): T => {
    // Nested in another transaction: the outer one commits, and must itself be durable.
    if (db.inTransaction) return fn();
    db.pragma('synchronous = FULL');
    try {
      return db.transaction(fn).immediate();
    } finally {
      db.pragma('synchronous = NORMAL');
      checkpointer.afterCommit();
    }
  };
  return {
    db,
    posts: createPostsRepo(db),
    postsRead: createPostsReader(db),
    buckets: createBucketsRepo(db),
    bucketsRead: createBucketsReader(db),
    alerts: createAlertsRepo(db),
    alertsRead: createAlertsReader(db),
    audit: createAuditRepo(db),
    settings: createSettingsRepo(db),
    sourceState: createSourceStateRepo(db),
    incidents: createIncidentsRepo(db),
    incidentsRead: createIncidentsReader(db),
    tokens: createTokensRepo(db),
    users: createUsersRepo(db),
    sessions: createSessionsRepo(db),
    invites: createInvitesRepo(db),
    sourceConfigs: createSourceConfigsRepo(db),
    notifyTargets: createNotifyTargetsRepo(db),
    webhookInbox: createWebhookInboxRepo(db, durableTransaction),
    publishing: createPublishingRepo(db),
    publishGate: createPublishGateRepo(db),
    board: createBoardRepo(db),
    /** Runs `fn` in one write transaction (BEGIN IMMEDIATE, so writers never deadlock). */
    transaction<T>(fn: () => T): T {
      const result = db.transaction(fn).immediate();
      checkpointer.afterCommit();
      return result;
    },
    /**
     * Like `transaction`, but its commit is fsynced (synchronous=FULL) before it returns, so a
     * confirmed write survives power loss on storage that honours fsync.
     */
    durableTransaction,
    close(): void {
      checkpointer.stop();
      if (db.open) {
        if (!foldLogForClose(db)) {
          // Nothing is lost: the log stays beside the file and the next open reads it back.
          options.logger?.log(
            'warn',
            'The database log (WAL) could not be folded back at close: another program holds a read open on it. It will be read back on the next start.',
          );
        }
        db.close();
      }
    },
  };
}

export type Store = ReturnType<typeof createStore>;
