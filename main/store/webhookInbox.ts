/**
 * Webhook deliveries accepted but not yet stored as posts. A sender is told 202 only once its
 * delivery is committed here (fsynced), so a crash between "accepted" and "stored" loses
 * nothing: the webhook source drains these rows like any other source reads its API.
 */
import type { WriteDb } from './db.js';

export interface InboxLimits {
  maxPosts: number;
  maxBytes: number;
}

export interface InboxDelivery {
  id: number;
  receivedAt: number;
  /** The normalized posts as JSON, exactly as the webhook adapter wrote them. */
  posts: string;
}

export interface InboxWaiting {
  deliveries: number;
  posts: number;
  bytes: number;
}

type Durable = <T>(fn: () => T) => T;

export function createWebhookInboxRepo(db: WriteDb, durable: Durable) {
  const waitingStmt = db.prepare<[string], InboxWaiting>(
    'SELECT COUNT(*) AS deliveries, COALESCE(SUM(post_count), 0) AS posts, COALESCE(SUM(bytes), 0) AS bytes FROM webhook_inbox WHERE source = ?',
  );
  const insert = db.prepare<[string, number, number, number, string]>(
    'INSERT INTO webhook_inbox (source, received_at, post_count, bytes, posts) VALUES (?, ?, ?, ?, ?)',
  );
  const afterStmt = db.prepare<[string, number], { id: number; received_at: number; post_count: number; posts: string }>(
    'SELECT id, received_at, post_count, posts FROM webhook_inbox WHERE source = ? AND id > ? ORDER BY id',
  );
  const deleteThroughStmt = db.prepare<[string, number]>('DELETE FROM webhook_inbox WHERE source = ? AND id <= ?');

  const waiting = (source: string): InboxWaiting => waitingStmt.get(source) ?? { deliveries: 0, posts: 0, bytes: 0 };

  return {
    /**
     * Commits one delivery durably and returns its id, or null (nothing written) when the
     * source already has `limits` worth waiting. The check sits inside the write transaction
     * so two hubs on one file cannot both squeeze past the bound. Store failures throw.
     */
    append(source: string, receivedAt: number, postsJson: string, postCount: number, limits: InboxLimits): number | null {
      const bytes = Buffer.byteLength(postsJson, 'utf8');
      return durable(() => {
        const now = waiting(source);
        if (now.posts + postCount > limits.maxPosts || now.bytes + bytes > limits.maxBytes) return null;
        return Number(insert.run(source, receivedAt, postCount, bytes, postsJson).lastInsertRowid);
      });
    },
    /**
     * Deliveries after `afterId`, oldest first, whole ones only, up to `maxPosts` posts (at
     * least one delivery, however large). `more` says whether others are waiting behind them.
     */
    after(source: string, afterId: number, maxPosts: number): { deliveries: InboxDelivery[]; more: boolean } {
      const deliveries: InboxDelivery[] = [];
      let posts = 0;
      // Iterated, not fetched whole: a backlog can be many MiB and only the head is wanted.
      for (const row of afterStmt.iterate(source, afterId)) {
        if (deliveries.length > 0 && posts + row.post_count > maxPosts) return { deliveries, more: true };
        deliveries.push({ id: row.id, receivedAt: row.received_at, posts: row.posts });
        posts += row.post_count;
      }
      return { deliveries, more: false };
    },
    /** Forgets deliveries whose posts the store has accepted. */
    deleteThrough(source: string, id: number): number {
      return deleteThroughStmt.run(source, id).changes;
    },
    waiting,
  };
}

export type WebhookInboxRepo = ReturnType<typeof createWebhookInboxRepo>;
