/**
 * The escalation board service. Every change to a card is one transaction that saves the card
 * and appends to the change log (its `seq`); `board.changed` (the card without its comments) or
 * `board.commented` (one new comment) goes to every client only after that transaction
 * committed (checked against the log, so a change the caller's transaction rolled back, e.g.
 * because its audit entry failed, is never announced).
 *
 * One timer, driven by the injected clock, wakes at the earliest `next_due_at` of any card to
 * mark SLA warnings and breaches and to send pages; it survives restarts because the instants
 * are stored, not held in memory.
 */
import type {
  BoardCard,
  BoardChange,
  BoardComment,
  BoardPerson,
  BoardSnapshot,
  CardPatch,
  EscalationPolicy,
  HistoryEntry,
  PresenceEntry,
  SinceResult,
  SlaPolicy,
  UpdateResult,
} from '../../shared/contract/board.js';
import { BOARD_TRIAGERS } from '../../shared/contract/board.js';
import { rolesOf } from '../../shared/contract/access.js';
import { ContractFailure } from '../../shared/contract/envelope.js';
import type { CallContext } from '../../shared/contract/handlers.js';
import type { EventName, EventPayload } from '../../shared/contract/methods.js';
import type { Clock } from '../lib/clock.js';
import { silentLogger, type Logger } from '../lib/log.js';
import type { FieldDiff, StoredCard } from '../store/board.js';
import type { Store } from '../store/index.js';
import type { UserRow } from '../store/users.js';
import { applyPatch, changesAfter, conflictingFields, conflictMessage, describeEvent, headOf, toCard } from './cards.js';
import { duePage, nextPage, type PagingSubject } from './escalation.js';
import { newCard, type CreateInput } from './newCard.js';
import { pagedUsers, personOf, personOfUser } from './people.js';
import { loadPolicies } from './policies.js';
import { createPresence } from './presence.js';
import { createDueTimer, createOutbox } from './scheduling.js';
import { advanceFacts, slaClocks, stepSla } from './sla.js';

export type BoardStore = Pick<Store, 'board' | 'users' | 'postsRead' | 'alertsRead' | 'transaction'>;

export interface BoardServiceDeps {
  store: BoardStore;
  clock: Clock;
  emit<E extends EventName>(event: E, data: EventPayload<E>): void;
  logger?: Logger;
  /** `since` answers tooFarBehind when more cards than this changed (a snapshot is cheaper then). */
  catchUpLimit?: number;
}

const SYSTEM: BoardPerson = { userId: null, username: 'surge-desk', displayName: 'Surge Desk' };
const MENTION = /(?:^|[^\w@.])@([a-z0-9._-]{2,64})/gi;

/** Whose request keys these are: a user, else the name a token or the local desktop goes by. */
const actorKey = (person: BoardPerson): string => (person.userId !== null ? `u:${person.userId}` : `n:${person.username}`);

export type MadeChange = BoardChange & { replayed?: true };

const notFound = (id: number) => new ContractFailure('not_found', `There is no escalation ${id} on the board.`);

export function createBoardService(deps: BoardServiceDeps) {
  const { store, clock } = deps;
  const repo = store.board;
  const logger = deps.logger ?? silentLogger;
  const catchUpLimit = deps.catchUpLimit ?? 500;
  let policies = loadPolicies(repo, logger);
  const presence = createPresence();

  // Events wait until the writing transaction has committed (see the file comment).
  const afterCommit = createOutbox(logger, () => timer.arm());

  const userLookup = (id: string): UserRow | null => store.users.get(id);
  const assigneeOf = (card: StoredCard, lookup: (id: string) => UserRow | null = userLookup): BoardPerson | null => {
    if (card.assigneeId === null) return null;
    const user = lookup(card.assigneeId);
    return user ? personOfUser(user) : null;
  };
  const build = (card: StoredCard): BoardCard =>
    toCard(card, { posts: repo.postsOf(card.id), comments: repo.commentsOf(card.id) }, assigneeOf(card), policies.sla, clock.now());

  const pagingOf = (card: StoredCard, now: number): PagingSubject => {
    const resolution = slaClocks(policies.sla, card, now).resolution.clock;
    return {
      priority: card.priority,
      createdAt: card.createdAt,
      acknowledgedAt: card.acknowledgedAt,
      resolved: card.status === 'resolved',
      pageStep: card.pageStep,
      reescalations: card.reescalations,
      resolutionDueAt: resolution.state === 'running' || resolution.state === 'breached' ? resolution.dueAt : null,
    };
  };

  /** Marks thresholds already passed and stores when the timer must look at the card next. */
  const reschedule = (card: StoredCard, now: number): void => {
    const step = stepSla(policies.sla, card, card.slaMarks, now);
    card.slaMarks = step.marks;
    const page = nextPage(policies.escalation, pagingOf(card, now));
    card.nextPageAt = page?.at ?? null;
    const candidates = [step.nextAt, card.nextPageAt].filter((at): at is number => at !== null);
    card.nextDueAt = candidates.length ? Math.min(...candidates) : null;
  };

  /**
   * Saves a changed card as its next version and logs it; the event leaves after commit. The
   * caller gets the whole card; the event carries it without comments, and a new comment on its own.
   */
  const commit = (
    card: StoredCard,
    kind: string,
    actor: BoardPerson,
    changes: FieldDiff[],
    now: number,
    comment?: BoardComment,
  ): BoardChange => {
    card.version += 1;
    card.updatedAt = now;
    reschedule(card, now);
    repo.saveCard(card);
    const seq = repo.appendEvent({ cardId: card.id, version: card.version, at: now, actor, kind, changes });
    const change = { seq, card: build(card) };
    const head = { seq, card: headOf(change.card) };
    afterCommit(() => {
      if (!repo.eventExists(seq, card.id, card.version)) return;
      if (comment) deps.emit('board.commented', { ...head, comment });
      else deps.emit('board.changed', head);
    });
    return change;
  };

  const mustGet = (id: number): StoredCard =>
    repo.getCard(id) ??
    (() => {
      throw notFound(id);
    })();
  /**
   * A create or comment sent again under a request key this caller already used (its answer was
   * lost): what the first one made, with no event or mention sent again. Null for a new key.
   */
  const replayOf = (actor: BoardPerson, key: string | undefined, kind: 'create' | 'comment', cardId?: number): MadeChange | null => {
    if (key === undefined) return null;
    const seen = repo.findRequest(actorKey(actor), key);
    if (!seen) return null;
    if (seen.kind !== kind || (cardId !== undefined && seen.cardId !== cardId))
      throw new ContractFailure('bad_request', 'This request key was already used for another change; send it again with a new key.');
    return { seq: repo.lastSeqOf(seen.cardId), card: build(mustGet(seen.cardId)), replayed: true };
  };
  const keep = (
    actor: BoardPerson,
    key: string | undefined,
    kind: 'create' | 'comment',
    cardId: number,
    commentId: number | null,
    at: number,
  ) => {
    if (key !== undefined) repo.recordRequest({ actor: actorKey(actor), key, kind, cardId, commentId, at });
  };
  const isTriager = (ctx: CallContext) => rolesOf(ctx).some((r) => (BOARD_TRIAGERS as readonly string[]).includes(r));

  /** Re-times every open card after a policy change; only cards whose SLA or paging changed are announced. */
  function retimeOpenCards(actor: BoardPerson, now: number): void {
    for (const card of repo.listCards(false)) {
      const before = JSON.stringify([
        toCard(card, { posts: [], comments: [] }, null, policies.sla, now).sla,
        card.nextPageAt,
        card.nextDueAt,
      ]);
      const copy = { ...card };
      reschedule(copy, now);
      const after = JSON.stringify([
        toCard(copy, { posts: [], comments: [] }, null, policies.sla, now).sla,
        copy.nextPageAt,
        copy.nextDueAt,
      ]);
      if (before !== after) commit(card, 'policy', actor, [], now);
    }
  }

  function processDue(id: number, now: number): void {
    const card = repo.getCard(id);
    if (!card) return;
    const step = stepSla(policies.sla, card, card.slaMarks, now);
    const due = duePage(policies.escalation, pagingOf(card, now), now);
    const changes: FieldDiff[] = step.newly.map((n) => ({ field: `sla.${n.name}`, from: null, to: n.what }));
    let page: EventPayload<'board.page'> | null = null;
    if (due) {
      const tier = policies.escalation.tiers[due.page.tier - 1]!;
      const users = store.users.list();
      const paged = pagedUsers(tier.targets, users);
      const names = paged.userIds.map((uid) => users.find((u) => u.id === uid)?.displayName ?? uid);
      repo.recordPage({ cardId: card.id, at: now, tier: due.page.tier, round: due.page.round, reason: due.page.reason, ...paged });
      card.pageStep = due.pageStep;
      card.reescalations = due.reescalations;
      card.pagesSent += 1;
      const whom = names.length > 0 ? names.join(', ') : `nobody holds ${paged.roles.join(' or ') || 'a paged role'}`;
      changes.push({ field: 'page', from: null, to: `tier ${due.page.tier} (${whom})` });
      page = { cardId: card.id, title: card.title, priority: card.priority, ...due.page, ...paged, at: now };
    }
    if (changes.length === 0) {
      reschedule(card, now);
      repo.saveCard(card);
      return;
    }
    const kind = due ? 'paged' : step.newly.some((n) => n.what === 'breached') ? 'sla_breached' : 'sla_warning';
    const change = commit(card, kind, SYSTEM, changes, now);
    if (page) {
      const sent = page;
      afterCommit(() => {
        if (repo.eventExists(change.seq, card.id, card.version)) deps.emit('board.page', sent);
      });
    }
  }

  const timer = createDueTimer({
    clock,
    logger,
    nextDueAt: () => repo.nextDueAt(),
    dueIds: (now) => repo.dueIds(now),
    run: (id, now) => store.transaction(() => processDue(id, now)),
    deferTo: (id, at) => repo.setNextDueAt(id, at),
  });

  return {
    start: timer.start,
    stop: timer.stop,
    /** For tests: run what is due now. */
    tick: timer.tick,

    snapshot(includeResolved: boolean): BoardSnapshot {
      const now = clock.now();
      const seq = repo.lastSeq();
      const users = new Map(store.users.list().map((u) => [u.id, u]));
      const lookup = (id: string) => users.get(id) ?? null;
      const { posts, comments } = repo.allAttachments();
      const cards = repo
        .listCards(includeResolved)
        .map((c) =>
          toCard(c, { posts: posts.get(c.id) ?? [], comments: comments.get(c.id) ?? [] }, assigneeOf(c, lookup), policies.sla, now),
        );
      return { seq, cards, presence: presence.all(), serverNow: now };
    },

    since(seq: number): SinceResult {
      const last = repo.lastSeq();
      // A seq beyond ours comes from another database (a reset hub): only a snapshot is right.
      if (seq > last) return { kind: 'tooFarBehind', seq: last };
      // Seqs are dense, so this many changes behind can never fit the limit: skip reading them.
      if (last - seq > catchUpLimit * 20) return { kind: 'tooFarBehind', seq: last };
      const rows = repo.changedSince(seq, catchUpLimit + 1);
      if (rows.length > catchUpLimit) return { kind: 'tooFarBehind', seq: last };
      return { kind: 'changes', seq: last, changes: rows.map((r) => ({ seq: r.seq, card: build(mustGet(r.cardId)) })) };
    },

    people() {
      return store.users
        .list()
        .filter((u) => u.disabledAt === null)
        .map((u) => ({ ...personOfUser(u), roles: u.roles }));
    },

    create(input: CreateInput, ctx: CallContext): MadeChange {
      const now = clock.now();
      const createdBy = personOf(ctx, userLookup);
      return store.transaction(() => {
        const replay = replayOf(createdBy, input.requestKey, 'create');
        if (replay) return replay;
        const { card, posts } = newCard(store, input, createdBy, now);
        card.id = repo.insertCard({ ...card, version: 1 }, posts);
        keep(createdBy, input.requestKey, 'create', card.id, null, now);
        return commit(card, 'created', card.createdBy, [], now);
      });
    },

    update(input: { id: number; baseVersion: number; patch: CardPatch }, ctx: CallContext): UpdateResult {
      const now = clock.now();
      return store.transaction((): UpdateResult => {
        const card = mustGet(input.id);
        const fields = Object.keys(input.patch);
        if (!isTriager(ctx)) {
          const own = ctx.userId !== null && card.assigneeId === ctx.userId;
          if (!own || fields.some((f) => f !== 'status')) {
            throw new ContractFailure(
              'forbidden',
              'Only support leads and admins triage and assign; you can move the status of escalations assigned to you.',
            );
          }
        }
        if (input.baseVersion > card.version) {
          throw new ContractFailure('bad_request', `Escalation ${card.id} has no version ${input.baseVersion} yet; reload the board.`);
        }
        if (input.patch.assigneeId) {
          const user = store.users.get(input.patch.assigneeId);
          if (!user || user.disabledAt !== null)
            throw new ContractFailure('bad_request', 'There is no active user with that id to assign.');
        }
        const actor = personOf(ctx, userLookup);
        if (input.baseVersion < card.version) {
          const changes = changesAfter(repo.eventsOf(card.id, input.baseVersion));
          const conflicting = conflictingFields(card, input.patch, changes, actor);
          if (conflicting.length > 0) {
            return { result: 'conflict', message: conflictMessage(conflicting, changes), current: build(card), conflicting, changes };
          }
        }
        const { card: next, diffs } = applyPatch(card, input.patch, now);
        if (diffs.length === 0) return { result: 'updated', seq: repo.lastSeqOf(card.id), card: build(card) };
        return { result: 'updated', ...commit(next, 'updated', actor, diffs, now) };
      });
    },

    comment(input: { id: number; text: string; requestKey?: string | undefined }, ctx: CallContext): MadeChange {
      const now = clock.now();
      const author = personOf(ctx, userLookup);
      return store.transaction((): MadeChange => {
        const replay = replayOf(author, input.requestKey, 'comment', input.id);
        if (replay) return replay;
        const card = mustGet(input.id);
        const named = new Set([...input.text.matchAll(MENTION)].map((m) => m[1]!.toLowerCase()));
        const mentions = [...named].filter((name) => {
          const user = store.users.byUsername(name);
          return user !== null && user.disabledAt === null;
        });
        const comment = { at: now, author, text: input.text, mentions };
        const id = repo.addComment({ cardId: card.id, ...comment });
        keep(author, input.requestKey, 'comment', card.id, id, now);
        card.slaFacts = advanceFacts(card.slaFacts, { kind: 'comment' }, now);
        const change = commit(card, 'commented', author, [], now, { id, ...comment });
        if (mentions.length > 0) {
          afterCommit(() => {
            if (repo.eventExists(change.seq, card.id, card.version)) {
              deps.emit('board.mention', { cardId: card.id, title: card.title, by: author, usernames: mentions });
            }
          });
        }
        return change;
      });
    },

    acknowledge(id: number, ctx: CallContext): BoardChange {
      const now = clock.now();
      return store.transaction(() => {
        const card = mustGet(id);
        if (card.acknowledgedAt !== null) return { seq: repo.lastSeqOf(card.id), card: build(card) };
        const by = personOf(ctx, userLookup);
        card.acknowledgedAt = now;
        card.acknowledgedBy = by;
        card.slaFacts = advanceFacts(card.slaFacts, { kind: 'acknowledge' }, now);
        return commit(card, 'acknowledged', by, [{ field: 'acknowledged', from: null, to: now }], now);
      });
    },

    history(id: number): HistoryEntry[] {
      mustGet(id);
      const nameOf = (userId: string) => store.users.get(userId)?.displayName ?? 'a removed user';
      return repo.eventsOf(id, 0).map((e) => ({
        seq: e.seq,
        at: e.at,
        version: e.version,
        by: e.actor,
        kind: e.kind,
        changes: e.changes,
        summary: describeEvent(e, nameOf),
      }));
    },

    setPresence(cardId: number | null, ctx: CallContext): PresenceEntry[] {
      if (cardId !== null) mustGet(cardId);
      const changed = presence.set(ctx.connectionId ?? ctx.sessionToken ?? 'local', personOf(ctx, userLookup), cardId);
      if (changed.length > 0) deps.emit('board.presence', { entries: changed });
      return presence.all();
    },

    connectionClosed(connectionId: string): void {
      const changed = presence.drop(connectionId);
      if (changed.length > 0) deps.emit('board.presence', { entries: changed });
    },

    getSla: (): SlaPolicy => policies.sla,
    getEscalationPolicy: (): EscalationPolicy => policies.escalation,

    saveSla(policy: SlaPolicy, ctx: CallContext): SlaPolicy {
      return savePolicy('sla', policy, ctx).sla;
    },
    saveEscalationPolicy(policy: EscalationPolicy, ctx: CallContext): EscalationPolicy {
      return savePolicy('escalation', policy, ctx).escalation;
    },
  };

  function savePolicy(name: 'sla' | 'escalation', policy: SlaPolicy | EscalationPolicy, ctx: CallContext) {
    const now = clock.now();
    const by = personOf(ctx, userLookup);
    return store.transaction(() => {
      repo.savePolicy(name, policy, now, by.username);
      policies = name === 'sla' ? { ...policies, sla: policy as SlaPolicy } : { ...policies, escalation: policy as EscalationPolicy };
      retimeOpenCards(by, now);
      // If the caller's transaction rolls back, what is stored is what counts.
      afterCommit(() => {
        policies = loadPolicies(repo, logger);
      });
      return policies;
    });
  }
}

export type BoardService = ReturnType<typeof createBoardService>;
