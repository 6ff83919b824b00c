/**
 * Campaigns, scheduled posts and their per-account deliveries, and the publishing accounts.
 * Rows come back in the contract's shapes (ScheduledPost, Campaign); the rules about who may
 * move a post where live in main/publish, the incident gate and claims in publishGate.ts.
 */
import type { Campaign, Delivery, PostFilters, PostState, ScheduledPost } from '../../shared/contract/campaigns.js';
import type { Network } from '../../shared/publishing/networks.js';
import type { Role } from '../../shared/domain.js';
import type Database from 'better-sqlite3';
import type { WriteDb } from './db.js';

export interface AccountRow {
  name: string;
  network: Network;
  handle: string | null;
  charLimit: number;
  origin: 'file' | 'app';
  settings: Record<string, unknown>;
  /** Keyring blob. */
  secrets: string;
  /** Keyring blob, Bluesky only. */
  session: string | null;
}

interface RawPost {
  id: number;
  campaign_id: number | null;
  text: string;
  at: number;
  zone: string;
  author: string;
  state: PostState;
  prior_state: PostState | null;
  state_at: number;
  state_by: string | null;
  approved_by: string | null;
  approved_at: number | null;
  reviewer_comment: string | null;
  reviewed_by: string | null;
  why: string | null;
  released: number;
  version: number;
  created_at: number;
  updated_at: number;
}

interface RawDelivery {
  post_id: number;
  account: string;
  network: Network;
  state: Delivery['state'];
  due_at: number;
  attempts: number;
  idempotency_key: string;
  last_error: string | null;
  remote_id: string | null;
  remote_url: string | null;
}

interface RawCampaign {
  id: number;
  name: string;
  description: string;
  paused: number;
  required_role: Role | null;
  created_at: number;
  created_by: string;
}

export interface NewPost {
  campaignId: number | null;
  text: string;
  at: number;
  zone: string;
  author: string;
  state: 'draft' | 'pending';
  targets: ReadonlyArray<{ account: string; network: Network; key: string }>;
  now: number;
}

/** Columns a service may change on a post; `version` is bumped by every write. */
export interface PostChange {
  campaign_id?: number | null;
  text?: string;
  at?: number;
  zone?: string;
  state?: PostState;
  prior_state?: PostState | null;
  state_by?: string | null;
  approved_by?: string | null;
  approved_at?: number | null;
  reviewer_comment?: string | null;
  reviewed_by?: string | null;
  why?: string | null;
  released?: number;
}

const campaignOf = (r: RawCampaign): Campaign => ({
  id: r.id,
  name: r.name,
  description: r.description,
  paused: r.paused === 1,
  requiredApproverRole: r.required_role,
  createdAt: r.created_at,
  createdBy: r.created_by,
});

function statusOf(r: RawPost, now: number): ScheduledPost['status'] {
  switch (r.state) {
    case 'draft':
      return { state: 'draft', reviewerComment: r.reviewer_comment, reviewedBy: r.reviewed_by };
    case 'pending':
      return { state: 'pending', submittedAt: r.state_at, submittedBy: r.state_by ?? r.author };
    case 'approved':
      return { state: 'approved', approvedBy: r.approved_by ?? '', approvedAt: r.approved_at ?? r.state_at, why: r.why ?? '' };
    case 'scheduled':
      return { state: 'scheduled', approvedBy: r.approved_by ?? r.state_by ?? '', approvedAt: r.approved_at ?? r.state_at };
    case 'publishing':
      return { state: 'publishing', startedAt: r.state_at };
    case 'published':
      return { state: 'published', publishedAt: r.state_at };
    case 'failed':
      return { state: 'failed', reason: r.why ?? 'The networks refused it.' };
    case 'held':
      return { state: 'held', heldAt: r.state_at, heldFrom: r.prior_state ?? 'scheduled', overdue: r.at < now };
    case 'paused':
      return { state: 'paused', pausedFrom: r.prior_state ?? 'scheduled' };
    case 'cancelled':
      return { state: 'cancelled', cancelledAt: r.state_at, cancelledBy: r.state_by ?? '' };
  }
}

const deliveryOf = (d: RawDelivery): Delivery => ({
  account: d.account,
  network: d.network,
  state: d.state,
  attempts: d.attempts,
  lastError: d.last_error,
  nextAttemptAt: d.state === 'waiting' || d.state === 'retrying' ? d.due_at : null,
  remoteId: d.remote_id,
  remoteUrl: d.remote_url,
});

const CHANGE_COLUMNS = new Set([
  'campaign_id',
  'text',
  'at',
  'zone',
  'state',
  'prior_state',
  'state_by',
  'approved_by',
  'approved_at',
  'reviewer_comment',
  'reviewed_by',
  'why',
  'released',
]);

/**
 * `db.prepare` with the statement kept per SQL text: the scope and filter builders make a
 * handful of variants, and preparing them again on every tick costs more than running them.
 */
export function statementCache(db: WriteDb) {
  const cache = new Map<string, Database.Statement>();
  return <P extends unknown[] | object = unknown[], R = unknown>(sql: string): Database.Statement<P, R> => {
    let statement = cache.get(sql);
    if (!statement) {
      if (cache.size > 200) cache.clear();
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement as unknown as Database.Statement<P, R>;
  };
}

export function createPublishingRepo(db: WriteDb) {
  const prepare = statementCache(db);
  const insertPost = prepare(
    `INSERT INTO scheduled_posts (campaign_id, text, at, zone, author, state, state_at, state_by, created_at, updated_at)
     VALUES (@campaignId, @text, @at, @zone, @author, @state, @now, @author, @now, @now)`,
  );
  const insertDelivery = prepare(
    `INSERT INTO deliveries (post_id, account, network, state, due_at, idempotency_key) VALUES (?, ?, ?, 'waiting', ?, ?)`,
  );
  const postById = prepare<[number], RawPost>('SELECT * FROM scheduled_posts WHERE id = ?');
  const deliveriesOf = prepare<[number], RawDelivery>('SELECT * FROM deliveries WHERE post_id = ? ORDER BY account');
  const deliveriesIn = prepare<[string], RawDelivery>(
    'SELECT * FROM deliveries WHERE post_id IN (SELECT value FROM json_each(?)) ORDER BY post_id, account',
  );
  const deletePost = prepare('DELETE FROM scheduled_posts WHERE id = ?');
  const dueDeliveries = prepare("UPDATE deliveries SET due_at = ? WHERE post_id = ? AND state IN ('waiting', 'retrying')");
  const cancelDeliveries = prepare(
    "UPDATE deliveries SET state = 'cancelled' WHERE post_id = ? AND state IN ('waiting', 'retrying', 'failed', 'unknown')",
  );
  const insertCampaign = prepare('INSERT INTO campaigns (name, description, required_role, created_at, created_by) VALUES (?, ?, ?, ?, ?)');
  const campaignById = prepare<[number], RawCampaign>('SELECT * FROM campaigns WHERE id = ?');
  const campaignByName = prepare<[string], RawCampaign>('SELECT * FROM campaigns WHERE name = ?');
  const allCampaigns = prepare<[], RawCampaign>('SELECT * FROM campaigns ORDER BY name');
  const upsertAccount = prepare(
    `INSERT INTO publish_accounts (name, network, handle, char_limit, origin, settings, secrets, session, updated_at)
     VALUES (@name, @network, @handle, @charLimit, @origin, @settings, @secrets, NULL, @now)
     ON CONFLICT (name) DO UPDATE SET network = excluded.network, handle = excluded.handle, char_limit = excluded.char_limit,
       origin = excluded.origin, settings = excluded.settings, secrets = excluded.secrets, updated_at = excluded.updated_at,
       session = CASE WHEN publish_accounts.secrets = excluded.secrets OR publish_accounts.network <> 'bluesky' THEN publish_accounts.session ELSE NULL END`,
  );
  const allAccounts = prepare<
    [],
    {
      name: string;
      network: Network;
      handle: string | null;
      char_limit: number;
      origin: 'file' | 'app';
      settings: string;
      secrets: string;
      session: string | null;
    }
  >('SELECT * FROM publish_accounts ORDER BY name');
  const setSession = prepare('UPDATE publish_accounts SET session = ? WHERE name = ?');
  const deleteAccount = prepare("DELETE FROM publish_accounts WHERE name = ? AND origin = 'app'");
  // Posts still to go out to this account: deleting it would leave them nowhere to go.
  const openPostsFor = prepare<[string], { n: number }>(
    `SELECT count(DISTINCT d.post_id) AS n FROM deliveries d JOIN scheduled_posts p ON p.id = d.post_id
     WHERE d.account = ? AND d.state NOT IN ('sent', 'cancelled') AND p.state NOT IN ('published', 'cancelled', 'failed')`,
  );
  const removeFileAccounts = prepare("DELETE FROM publish_accounts WHERE origin = 'file' AND name NOT IN (SELECT value FROM json_each(?))");

  const toPosts = (rows: RawPost[], now: number): ScheduledPost[] => {
    if (rows.length === 0) return [];
    const byPost = new Map<number, Delivery[]>();
    const accounts = new Map<number, string[]>();
    for (const d of deliveriesIn.all(JSON.stringify(rows.map((r) => r.id)))) {
      (byPost.get(d.post_id) ?? byPost.set(d.post_id, []).get(d.post_id)!).push(deliveryOf(d));
      (accounts.get(d.post_id) ?? accounts.set(d.post_id, []).get(d.post_id)!).push(d.account);
    }
    return rows.map((r) => ({
      id: r.id,
      campaignId: r.campaign_id,
      text: r.text,
      at: r.at,
      zone: r.zone,
      author: r.author,
      accounts: accounts.get(r.id) ?? [],
      status: statusOf(r, now),
      deliveries: byPost.get(r.id) ?? [],
      version: r.version,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }));
  };

  const repo = {
    createPost(post: NewPost): number {
      const id = Number(insertPost.run({ ...post }).lastInsertRowid);
      for (const t of post.targets) insertDelivery.run(id, t.account, t.network, post.at, t.key);
      return id;
    },
    raw: (id: number): RawPost | undefined => postById.get(id),
    get(id: number, now: number): ScheduledPost | null {
      const row = postById.get(id);
      return row ? toPosts([row], now)[0]! : null;
    },
    many(ids: readonly number[], now: number): ScheduledPost[] {
      if (ids.length === 0) return [];
      const rows = prepare<[string], RawPost>(
        'SELECT * FROM scheduled_posts WHERE id IN (SELECT value FROM json_each(?)) ORDER BY at, id',
      ).all(JSON.stringify(ids));
      return toPosts(rows, now);
    },
    deliveries: (id: number): RawDelivery[] => deliveriesOf.all(id),
    list(filters: PostFilters, now: number): ScheduledPost[] {
      const where: string[] = [];
      const params: Record<string, unknown> = { limit: filters.limit };
      if (filters.campaignId !== undefined) {
        where.push('p.campaign_id = @campaignId');
        params.campaignId = filters.campaignId;
      }
      if (filters.states?.length) {
        where.push('p.state IN (SELECT value FROM json_each(@states))');
        params.states = JSON.stringify(filters.states);
      }
      if (filters.from !== undefined) {
        where.push('p.at >= @from');
        params.from = filters.from;
      }
      if (filters.to !== undefined) {
        where.push('p.at < @to');
        params.to = filters.to;
      }
      if (filters.network !== undefined || filters.account !== undefined) {
        where.push(
          'EXISTS (SELECT 1 FROM deliveries d WHERE d.post_id = p.id AND (@network IS NULL OR d.network = @network) AND (@account IS NULL OR d.account = @account))',
        );
        params.network = filters.network ?? null;
        params.account = filters.account ?? null;
      }
      const sql = `SELECT p.* FROM scheduled_posts p ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY p.at, p.id LIMIT @limit`;
      return toPosts(prepare<[Record<string, unknown>], RawPost>(sql).all(params), now);
    },
    /** Applies `change` when the post is still at `version` (when given); false when someone else changed it first. */
    change(id: number, change: PostChange, now: number, version?: number): boolean {
      const keys = Object.keys(change).filter((k) => CHANGE_COLUMNS.has(k));
      const sets = keys.map((k) => `${k} = @${k}`);
      if (change.state !== undefined) sets.push('state_at = @now');
      const sql = `UPDATE scheduled_posts SET ${[...sets, 'version = version + 1', 'updated_at = @now'].join(', ')} WHERE id = @id${version === undefined ? '' : ' AND version = @version'}`;
      const params: Record<string, unknown> = { id, now, ...(version === undefined ? {} : { version }) };
      for (const k of keys) params[k] = change[k as keyof PostChange];
      return prepare(sql).run(params).changes === 1;
    },
    /** The post's unsent deliveries become due at `at` (a new time, publish now, a release slot). */
    setDue: (id: number, at: number) => void dueDeliveries.run(at, id),
    /** Replaces the accounts of a draft: the deliveries are rebuilt with fresh keys. */
    replaceTargets(id: number, at: number, targets: ReadonlyArray<{ account: string; network: Network; key: string }>): void {
      prepare('DELETE FROM deliveries WHERE post_id = ?').run(id);
      for (const t of targets) insertDelivery.run(id, t.account, t.network, at, t.key);
    },
    cancelDeliveries: (id: number) => void cancelDeliveries.run(id),
    remove: (id: number) => deletePost.run(id).changes === 1,

    createCampaign(name: string, description: string, requiredRole: Role | null, by: string, now: number): Campaign {
      const id = Number(insertCampaign.run(name, description, requiredRole, now, by).lastInsertRowid);
      return campaignOf(campaignById.get(id)!);
    },
    campaign(id: number): Campaign | null {
      const row = campaignById.get(id);
      return row ? campaignOf(row) : null;
    },
    campaignNamed(name: string): Campaign | null {
      const row = campaignByName.get(name);
      return row ? campaignOf(row) : null;
    },
    campaigns: (): Campaign[] => allCampaigns.all().map(campaignOf),
    updateCampaign(id: number, change: { name?: string; description?: string; required_role?: Role | null; paused?: number }): void {
      const keys = Object.keys(change);
      if (keys.length === 0) return;
      prepare(`UPDATE campaigns SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE id = @id`).run({ ...change, id });
    },
    /** Pausing moves the campaign's scheduled posts to paused; resuming returns them (the caller re-checks times and the gate). */
    pauseCampaignPosts: (id: number, now: number): number =>
      prepare(
        "UPDATE scheduled_posts SET prior_state = state, state = 'paused', state_at = ?, version = version + 1, updated_at = ? WHERE campaign_id = ? AND state = 'scheduled'",
      ).run(now, now, id).changes,
    pausedPostIds: (id: number): number[] =>
      prepare<[number], { id: number }>("SELECT id FROM scheduled_posts WHERE campaign_id = ? AND state = 'paused'")
        .all(id)
        .map((r) => r.id),

    upsertAccount(row: Omit<AccountRow, 'session'>, now: number): void {
      upsertAccount.run({ ...row, settings: JSON.stringify(row.settings), now });
    },
    /** Forgets file accounts no longer in the config (their deliveries keep the name). */
    keepFileAccounts: (names: readonly string[]) => void removeFileAccounts.run(JSON.stringify(names)),
    accounts: (): AccountRow[] =>
      allAccounts.all().map((r) => ({
        name: r.name,
        network: r.network,
        handle: r.handle,
        charLimit: r.char_limit,
        origin: r.origin,
        settings: JSON.parse(r.settings) as Record<string, unknown>,
        secrets: r.secrets,
        session: r.session,
      })),
    saveSession: (name: string, blob: string | null) => void setSession.run(blob, name),
    /** Deletes an account added in the app (file accounts stay: the file declares them); true when one was deleted. */
    removeAppAccount: (name: string): boolean => deleteAccount.run(name).changes > 0,
    /** How many posts that have not gone out target the account. */
    openPostsFor: (name: string): number => openPostsFor.get(name)?.n ?? 0,
    /** Deliveries sent, per network (for /metrics at start). */
    toPosts,
  };
  return repo;
}

export type PublishingRepo = ReturnType<typeof createPublishingRepo>;
export type { RawPost, RawDelivery };
