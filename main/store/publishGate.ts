/**
 * The incident gate and the scheduler's claims, in SQL so the check and the claim are one
 * statement sequence inside one transaction (the caller wraps it: `durableTransaction`).
 * Nothing here knows about networks: a claim is "this delivery may be sent now, with this key".
 */
import type { IncidentScope } from '../../shared/contract/incidents.js';
import type { Network } from '../../shared/publishing/networks.js';
import type { WriteDb } from './db.js';
import { statementCache } from './publishing.js';
import { countOf } from '../../shared/plural.js';

export interface IncidentRow {
  active: boolean;
  since: number | null;
  by: string | null;
  reason: string | null;
  scope: IncidentScope;
  automatic: boolean;
  inFlightAtEnter: number;
  release: { perAccountEveryMinutes: number; startedAt: number; startedBy: string; total?: number } | null;
  remindedAt: number | null;
}

interface RawIncident {
  active: number;
  since: number | null;
  by: string | null;
  reason: string | null;
  scope: string;
  automatic: number;
  in_flight_at_enter: number;
  release: string | null;
  reminded_at: number | null;
}

export interface Claim {
  postId: number;
  account: string;
  network: Network;
  key: string;
  text: string;
  attempt: number;
  claimedAt: number;
}

export type DeliveryResult =
  | { kind: 'sent'; remoteId: string; remoteUrl: string | null }
  | { kind: 'retry'; at: number; error: string }
  | { kind: 'failed'; error: string }
  | { kind: 'unknown'; error: string };

/** States the gate holds: a held post waits in catch-up. `approved` posts have no time yet. */
const HOLDABLE = "('scheduled', 'publishing')";

/**
 * SQL that is true when the scope covers post `p`: its campaign is named, or any of its
 * deliveries goes to a named network or account. Parameters are JSON arrays.
 */
export function coveredSql(scope: IncidentScope): { sql: string; params: Record<string, string> } {
  if (scope.kind === 'everything') return { sql: '1', params: {} };
  return {
    // `IS NOT NULL AND`: a post without a campaign must read as not covered (false), never NULL,
    // or `NOT covered` would drop it from claims too.
    sql: `((p.campaign_id IS NOT NULL AND p.campaign_id IN (SELECT value FROM json_each(@scopeCampaigns)))
      OR EXISTS (SELECT 1 FROM deliveries sd WHERE sd.post_id = p.id
        AND (sd.network IN (SELECT value FROM json_each(@scopeNetworks)) OR sd.account IN (SELECT value FROM json_each(@scopeAccounts)))))`,
    params: {
      scopeCampaigns: JSON.stringify(scope.campaigns),
      scopeNetworks: JSON.stringify(scope.networks),
      scopeAccounts: JSON.stringify(scope.accounts),
    },
  };
}

/** The same rule in JS, for one post (approvals, decisions). */
export function scopeCovers(
  scope: IncidentScope,
  post: { campaignId: number | null; deliveries: ReadonlyArray<{ account: string; network: Network }> },
): boolean {
  if (scope.kind === 'everything') return true;
  if (post.campaignId !== null && scope.campaigns.includes(post.campaignId)) return true;
  return post.deliveries.some((d) => scope.networks.includes(d.network) || scope.accounts.includes(d.account));
}

export function createPublishGateRepo(db: WriteDb) {
  const prepare = statementCache(db);
  const readIncident = prepare<[], RawIncident>('SELECT * FROM incident_state WHERE id = 1');
  const sendingCount = prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM deliveries WHERE state = 'sending'");
  const heldCount = prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM scheduled_posts WHERE state = 'held'");
  const markSending = prepare(
    "UPDATE deliveries SET state = 'sending', attempts = attempts + 1, claimed_at = ? WHERE post_id = ? AND account = ? AND state IN ('waiting', 'retrying')",
  );
  const markPublishing = prepare(
    "UPDATE scheduled_posts SET state = 'publishing', state_at = ?, version = version + 1, updated_at = ? WHERE id = ? AND state = 'scheduled'",
  );
  const missed = prepare(
    `UPDATE scheduled_posts SET state = 'approved', why = ?, state_at = ?, version = version + 1, updated_at = ?
     WHERE id = ? AND state = 'scheduled'`,
  );
  const finish = prepare(
    `UPDATE deliveries SET state = @state, due_at = @dueAt, last_error = @error, remote_id = COALESCE(@remoteId, remote_id),
       remote_url = COALESCE(@remoteUrl, remote_url) WHERE post_id = @postId AND account = @account AND state = 'sending'`,
  );
  const tally = prepare<[number], { state: string; n: number; err: string | null }>(
    'SELECT state, COUNT(*) AS n, MAX(last_error) AS err FROM deliveries WHERE post_id = ? GROUP BY state',
  );
  const postState = prepare<[number], { state: string }>('SELECT state FROM scheduled_posts WHERE id = ?');
  const settle = prepare(
    'UPDATE scheduled_posts SET state = ?, why = ?, released = 0, state_at = ?, version = version + 1, updated_at = ? WHERE id = ?',
  );
  const sendingRows = prepare<[], { post_id: number; account: string; network: Network; claimed_at: number | null }>(
    "SELECT post_id, account, network, claimed_at FROM deliveries WHERE state = 'sending'",
  );

  const incident = (): IncidentRow => {
    const r = readIncident.get()!;
    return {
      active: r.active === 1,
      since: r.since,
      by: r.by,
      reason: r.reason,
      scope: JSON.parse(r.scope) as IncidentScope,
      automatic: r.automatic === 1,
      inFlightAtEnter: r.in_flight_at_enter,
      release: r.release ? (JSON.parse(r.release) as IncidentRow['release']) : null,
      remindedAt: r.reminded_at,
    };
  };

  /** Which posts a hold for `scope` moves: one condition for the hold itself and for its preview. */
  const holdable = (scope: IncidentScope) => {
    const cover = coveredSql(scope);
    return { sql: `p.state IN ${HOLDABLE} AND ${cover.sql}`, params: cover.params };
  };

  /** Moves every covered scheduled/publishing post to held in one statement; returns how many. */
  const holdCovered = (scope: IncidentScope, now: number): number => {
    const where = holdable(scope);
    return prepare(
      `UPDATE scheduled_posts AS p SET prior_state = p.state, state = 'held', released = 0, state_at = @now, version = p.version + 1, updated_at = @now
         WHERE ${where.sql}`,
    ).run({ now, ...where.params }).changes;
  };

  /** A post whose deliveries are all done becomes published, failed or cancelled; otherwise it stays as it is. */
  const settlePost = (postId: number, now: number): string | null => {
    const current = postState.get(postId)?.state;
    if (!current || current === 'cancelled') return current ?? null;
    const counts = new Map<string, { n: number; err: string | null }>();
    for (const t of tally.all(postId)) counts.set(t.state, { n: t.n, err: t.err });
    const n = (s: string) => counts.get(s)?.n ?? 0;
    if (n('waiting') + n('retrying') + n('sending') > 0) return current;
    const failed = n('failed') + n('unknown');
    const next = failed > 0 ? 'failed' : n('sent') > 0 ? 'published' : 'cancelled';
    const why = failed > 0 ? (counts.get('unknown')?.err ?? counts.get('failed')?.err ?? null) : null;
    if (next !== current) settle.run(next, why, now, now, postId);
    return next;
  };

  return {
    incident,
    settle: settlePost,
    heldCount: () => heldCount.get()!.n,
    sendingCount: () => sendingCount.get()!.n,
    /** Turns the gate on (or changes its scope) and holds what it covers. Run inside a durable transaction. */
    enter(fields: { since: number; by: string; reason: string; scope: IncidentScope; automatic: boolean }): {
      held: number;
      inFlight: number;
    } {
      const inFlight = sendingCount.get()!.n;
      prepare(
        `UPDATE incident_state SET active = 1, since = @since, by = @by, reason = @reason, scope = @scope, automatic = @automatic,
           in_flight_at_enter = @inFlight, reminded_at = @since WHERE id = 1`,
      ).run({ ...fields, scope: JSON.stringify(fields.scope), automatic: fields.automatic ? 1 : 0, inFlight });
      return { held: holdCovered(fields.scope, fields.since), inFlight };
    },
    setScope(scope: IncidentScope, now: number): number {
      prepare('UPDATE incident_state SET scope = ? WHERE id = 1').run(JSON.stringify(scope));
      return incident().active ? holdCovered(scope, now) : 0;
    },
    exit(): void {
      prepare('UPDATE incident_state SET active = 0, automatic = 0, scope = \'{"kind":"everything"}\' WHERE id = 1').run();
    },
    /**
     * The posts entering (or re-scoping to) `scope` would hold right now, by time: the ids of
     * those due before `until`, and how many more are due later.
     */
    wouldHold(scope: IncidentScope, until: number): { due: number[]; later: number } {
      const where = holdable(scope);
      const rows = prepare<[Record<string, unknown>], { id: number; at: number }>(
        `SELECT p.id, p.at FROM scheduled_posts AS p WHERE ${where.sql} ORDER BY p.at, p.id`,
      ).all(where.params);
      const due = rows.filter((r) => r.at < until).map((r) => r.id);
      return { due, later: rows.length - due.length };
    },
    /** Holds what the gate covers now (after a post became scheduled while the gate is on). */
    holdIfActive(now: number): number {
      const s = incident();
      return s.active ? holdCovered(s.scope, now) : 0;
    },
    setRelease(release: IncidentRow['release']): void {
      prepare('UPDATE incident_state SET release = ? WHERE id = 1').run(release ? JSON.stringify(release) : null);
    },
    setReminded: (at: number) => void prepare('UPDATE incident_state SET reminded_at = ? WHERE id = 1').run(at),
    releasedRemaining: () =>
      prepare<[], { n: number; next: number | null }>(
        "SELECT COUNT(*) AS n, MIN(at) AS next FROM scheduled_posts WHERE released = 1 AND state = 'scheduled'",
      ).get()!,
    /** Stopping a release: released posts that have not gone out return to catch-up. */
    unrelease: (now: number): number =>
      prepare(
        "UPDATE scheduled_posts SET prior_state = 'scheduled', state = 'held', released = 0, state_at = ?, version = version + 1, updated_at = ? WHERE released = 1 AND state = 'scheduled'",
      ).run(now, now).changes,

    /**
     * Claims the earliest due delivery of up to `limit` accounts (one per account) that the
     * gate does not cover, writing each as `sending`. Run it in a durable transaction and start
     * the sends at once: one per account means no claim waits behind another account's send,
     * so nothing claimed can start after a later `enter` committed.
     * A post not yet started more than `lateMs` late is not sent: it waits for a new time.
     */
    claimDue(now: number, limit: number, lateMs: number): { claims: Claim[]; missed: number[] } {
      const s = incident();
      if (s.active && s.scope.kind === 'everything') return { claims: [], missed: [] };
      const cover = s.active ? coveredSql(s.scope) : null;
      const rows = prepare<
        [Record<string, unknown>],
        {
          post_id: number;
          account: string;
          network: Network;
          idempotency_key: string;
          due_at: number;
          attempts: number;
          text: string;
          post_state: string;
        }
      >(
        // SQLite takes the bare columns from the row holding MIN(due_at): each account's earliest.
        `SELECT d.post_id, d.account, d.network, d.idempotency_key, MIN(d.due_at) AS due_at, d.attempts, p.text, p.state AS post_state
           FROM deliveries d JOIN scheduled_posts p ON p.id = d.post_id LEFT JOIN campaigns c ON c.id = p.campaign_id
           WHERE d.state IN ('waiting', 'retrying') AND d.due_at <= @now
             AND p.state IN ${HOLDABLE} AND (c.paused IS NULL OR c.paused = 0)
             ${cover ? `AND NOT ${cover.sql}` : ''}
           GROUP BY d.account
           ORDER BY due_at, d.post_id LIMIT @limit`,
      ).all({ now, limit, ...(cover?.params ?? {}) });
      const claims: Claim[] = [];
      const missedPosts = new Set<number>();
      for (const r of rows) {
        if (r.post_state === 'scheduled' && now - r.due_at > lateMs) {
          const minutes = Math.round((now - r.due_at) / 60_000);
          const why = `It missed its time by ${countOf(minutes, 'minute')} (the app was not running or the clock jumped): give it a new time.`;
          if (missed.run(why, now, now, r.post_id).changes === 1) missedPosts.add(r.post_id);
          continue;
        }
        if (missedPosts.has(r.post_id)) continue;
        markSending.run(now, r.post_id, r.account);
        markPublishing.run(now, now, r.post_id);
        claims.push({
          postId: r.post_id,
          account: r.account,
          network: r.network,
          key: r.idempotency_key,
          text: r.text,
          attempt: r.attempts + 1,
          claimedAt: now,
        });
      }
      return { claims, missed: [...missedPosts] };
    },

    /** Records a send's answer and settles the post when all its accounts are done. Returns the post's new state. */
    complete(claim: Pick<Claim, 'postId' | 'account'>, result: DeliveryResult, now: number): string | null {
      finish.run({
        postId: claim.postId,
        account: claim.account,
        state: result.kind === 'retry' ? 'retrying' : result.kind,
        dueAt: result.kind === 'retry' ? result.at : now,
        error: result.kind === 'sent' ? null : result.error,
        remoteId: result.kind === 'sent' ? result.remoteId : null,
        remoteUrl: result.kind === 'sent' ? result.remoteUrl : null,
      });
      return settlePost(claim.postId, now);
    },

    /** Deliveries a crash left `sending` (the answer never got recorded). */
    inFlight: () => sendingRows.all(),
    /** After a crash: send again with the same key (safe for Mastodon and Bluesky). */
    resend: (postId: number, account: string, now: number) =>
      void prepare("UPDATE deliveries SET state = 'retrying', due_at = ? WHERE post_id = ? AND account = ? AND state = 'sending'").run(
        now,
        postId,
        account,
      ),
  };
}

export type PublishGateRepo = ReturnType<typeof createPublishGateRepo>;
