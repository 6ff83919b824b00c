/**
 * The escalation board: cards that need a human, shared live by the whole team. Every change
 * gets the next hub sequence number (`seq`) and is pushed to every connected client as
 * `board.changed`; a client that missed some asks `board.since` with its last `seq`.
 *
 * Writes to a card's fields carry the `version` they were based on. The hub refuses a write
 * when a field it sets was changed by someone else after that version and answers with the
 * fresh card and what changed (a `conflict` answer, not an error), never overwriting silently.
 */
import { z } from 'zod';
import { roleSchema } from '../domain.js';
import { ANY_ROLE, defineMethod } from './spec.js';

export const BOARD_STATUSES = ['new', 'triaged', 'assigned', 'in_progress', 'waiting_on_customer', 'resolved'] as const;
export const boardStatusSchema = z.enum(BOARD_STATUSES);
export type BoardStatus = z.infer<typeof boardStatusSchema>;

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export const prioritySchema = z.enum(PRIORITIES);
export type Priority = z.infer<typeof prioritySchema>;

/** Who creates escalations: operators feed the board, support leads and admins too. */
export const BOARD_CREATORS = ['operator', 'lead', 'admin'] as const;
/** Who triages, assigns and moves any card; anyone else may move only a card assigned to them. */
export const BOARD_TRIAGERS = ['lead', 'admin'] as const;

const cardIdSchema = z.number().int().positive();
const tagSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(40)
  .regex(/^[\p{L}\p{N}._:-]+$/u, 'tags are letters, digits, dot, dash, colon or underscore');
const tagsSchema = z.array(tagSchema).max(20);
const titleSchema = z.string().trim().min(1).max(300);
const handleSchema = z.string().trim().min(1).max(200);

/** A person as the board shows them (assignee, commenter, viewer). */
export const boardPersonSchema = z.object({ userId: z.string().nullable(), username: z.string(), displayName: z.string() });
export type BoardPerson = z.infer<typeof boardPersonSchema>;

/**
 * A post attached to a card, copied when it was attached (a post's text is untrusted: render it
 * as text). `postId` is the stored post, null for an alert's sample that was never stored.
 */
export const linkedPostSchema = z.object({
  postId: z.number().int().nullable(),
  source: z.string(),
  author: z.string(),
  text: z.string(),
  url: z.string().nullable(),
  createdAt: z.number().int().nullable(),
});
export type LinkedPost = z.infer<typeof linkedPostSchema>;

export const boardCommentSchema = z.object({
  id: z.number().int(),
  at: z.number().int(),
  author: boardPersonSchema,
  /** Plain text; render as text. */
  text: z.string(),
  /** Usernames of existing users named with @username in the text. */
  mentions: z.array(z.string()),
});
export type BoardComment = z.infer<typeof boardCommentSchema>;

export const SLA_TARGETS = ['firstResponse', 'nextResponse', 'resolution'] as const;
export type SlaTargetName = (typeof SLA_TARGETS)[number];

/**
 * One SLA clock of a card. `running`: counting toward `dueAt`; `paused`: the card waits on the
 * customer (`remainingMs` is frozen, `dueAt` is null); `met`: done (`breachedAt` set if late);
 * `breached`: still open past `dueAt`; `off`: no target for this priority, or not started (the
 * next-response clock starts only when the customer answers).
 */
export const slaClockSchema = z.object({
  state: z.enum(['running', 'paused', 'met', 'breached', 'off']),
  dueAt: z.number().int().nullable(),
  /** From here on the card shows amber (policy `warnBeforeMinutes` before `dueAt`). */
  warnAt: z.number().int().nullable(),
  /** Business time left when paused; null otherwise. */
  remainingMs: z.number().int().nullable(),
  metAt: z.number().int().nullable(),
  breachedAt: z.number().int().nullable(),
});
export type SlaClock = z.infer<typeof slaClockSchema>;

export const cardSlaSchema = z.object({
  firstResponse: slaClockSchema,
  nextResponse: slaClockSchema,
  resolution: slaClockSchema,
  /** The worst of the three as the engine last marked it (warnings and breaches are marked by its timer). */
  level: z.enum(['ok', 'warning', 'breached']),
});
export type CardSla = z.infer<typeof cardSlaSchema>;

export const boardCardSchema = z.object({
  id: cardIdSchema,
  title: z.string(),
  status: boardStatusSchema,
  priority: prioritySchema,
  assignee: boardPersonSchema.nullable(),
  customerHandle: z.string().nullable(),
  tags: z.array(z.string()),
  posts: z.array(linkedPostSchema),
  /** The alert it was created from, if any. */
  alertId: z.number().int().nullable(),
  comments: z.array(boardCommentSchema),
  /** Goes up by one with every change to the card (fields, comments, acknowledgement, SLA marks). */
  version: z.number().int().positive(),
  createdAt: z.number().int(),
  createdBy: boardPersonSchema,
  updatedAt: z.number().int(),
  acknowledgedAt: z.number().int().nullable(),
  acknowledgedBy: boardPersonSchema.nullable(),
  resolvedAt: z.number().int().nullable(),
  sla: cardSlaSchema,
  /** Pages sent for this card so far and when the next one is due (null: none pending). */
  paging: z.object({ pagesSent: z.number().int().nonnegative(), nextPageAt: z.number().int().nullable() }),
});
export type BoardCard = z.infer<typeof boardCardSchema>;

/** The fields `board.update` may set; each one is conflict-checked on its own. */
export const EDITABLE_FIELDS = ['title', 'status', 'priority', 'assigneeId', 'customerHandle', 'tags'] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

export const cardPatchSchema = z
  .object({
    title: titleSchema.optional(),
    status: boardStatusSchema.optional(),
    priority: prioritySchema.optional(),
    /** A user id; null unassigns. */
    assigneeId: z.string().min(1).max(64).nullable().optional(),
    customerHandle: handleSchema.nullable().optional(),
    tags: tagsSchema.optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'change at least one field');
export type CardPatch = z.infer<typeof cardPatchSchema>;

/** What one field looked like before and after someone else's change. */
export const fieldChangeSchema = z.object({
  field: z.string(),
  from: z.unknown(),
  to: z.unknown(),
  by: boardPersonSchema,
  at: z.number().int(),
  version: z.number().int(),
});
export type FieldChange = z.infer<typeof fieldChangeSchema>;

export const updateResultSchema = z.discriminatedUnion('result', [
  z.object({ result: z.literal('updated'), seq: z.number().int(), card: boardCardSchema }),
  z.object({
    result: z.literal('conflict'),
    /** Plain words for the person, naming who changed what. */
    message: z.string(),
    /** The card as it is now; retry with its `version` if the change still makes sense. */
    current: boardCardSchema,
    /** The fields of the patch someone else changed after `baseVersion`. */
    conflicting: z.array(z.string()),
    /** Every field change after `baseVersion`, oldest first. */
    changes: z.array(fieldChangeSchema),
  }),
]);
export type UpdateResult = z.infer<typeof updateResultSchema>;

/** Who has which card open right now (connections of the same person count once). */
export const presenceEntrySchema = z.object({ cardId: cardIdSchema, viewers: z.array(boardPersonSchema) });
export type PresenceEntry = z.infer<typeof presenceEntrySchema>;

export const boardSnapshotSchema = z.object({
  /** The last change included; pass it to `board.since` after a reconnect. */
  seq: z.number().int().nonnegative(),
  cards: z.array(boardCardSchema),
  presence: z.array(presenceEntrySchema),
  /** The hub's clock when the snapshot was taken, so a client with a skewed clock can correct countdowns. */
  serverNow: z.number().int(),
});
export type BoardSnapshot = z.infer<typeof boardSnapshotSchema>;

export const boardChangeSchema = z.object({ seq: z.number().int().positive(), card: boardCardSchema });
export type BoardChange = z.infer<typeof boardChangeSchema>;

/**
 * A card as the change events carry it: everything but its comments, which go out one at a time
 * as `board.commented` (a busy card's thread is not re-sent to every client on every move).
 * Answers to writes, `board.since` and snapshots still carry whole cards, so a client that
 * missed an event gets every comment back by catching up.
 */
export const boardCardHeadSchema = boardCardSchema.omit({ comments: true });
export type BoardCardHead = z.infer<typeof boardCardHeadSchema>;
export const boardHeadChangeSchema = z.object({ seq: z.number().int().positive(), card: boardCardHeadSchema });
export type BoardHeadChange = z.infer<typeof boardHeadChangeSchema>;
/** A comment was added: the card as it is after it (its `seq` and version count the comment), and the comment. */
export const boardCommentedSchema = boardHeadChangeSchema.extend({ comment: boardCommentSchema });
export type BoardCommented = z.infer<typeof boardCommentedSchema>;

export const sinceResultSchema = z.discriminatedUnion('kind', [
  /** The cards changed after the asked `seq`, each in its latest state once, in `seq` order. */
  z.object({ kind: z.literal('changes'), seq: z.number().int().nonnegative(), changes: z.array(boardChangeSchema) }),
  /** Too far behind (or the hub's log does not reach back that far): call `board.snapshot`. */
  z.object({ kind: z.literal('tooFarBehind'), seq: z.number().int().nonnegative() }),
]);
export type SinceResult = z.infer<typeof sinceResultSchema>;

export const historyEntrySchema = z.object({
  seq: z.number().int(),
  at: z.number().int(),
  version: z.number().int(),
  by: boardPersonSchema,
  /** created, updated, commented, acknowledged, sla_warning, sla_breached, paged. */
  kind: z.string(),
  changes: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })),
  /** One line in plain words, e.g. "Dana moved it to in progress". */
  summary: z.string(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM (24-hour)');

/** An IANA zone name the runtime knows (Europe/Berlin, America/New_York, UTC). */
export const timeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'not a known time zone');

/** Business hours: when SLA clocks run for priorities that use them. Days are ISO (1 = Monday). */
export const businessHoursSchema = z.object({
  zone: timeZoneSchema,
  days: z
    .array(z.object({ day: z.number().int().min(1).max(7), start: hhmm, end: hhmm }))
    .min(1)
    .max(21)
    .refine((days) => days.every((d) => d.start < d.end), 'each day’s end must be after its start'),
});
export type BusinessHours = z.infer<typeof businessHoursSchema>;

const minutesSchema = z
  .number()
  .int()
  .min(1)
  .max(60 * 24 * 90);
export const slaTargetsSchema = z.object({
  /** From creation to the first response (acknowledged, commented or worked on); null: no target. */
  firstResponseMinutes: minutesSchema.nullable(),
  /** From the customer answering (leaving waiting on customer) to the next response. */
  nextResponseMinutes: minutesSchema.nullable(),
  /** From creation to resolved; paused while waiting on the customer. */
  resolutionMinutes: minutesSchema.nullable(),
  /** Count only business hours (when the policy has them); false: around the clock. */
  businessHoursOnly: z.boolean(),
});
export type SlaTargets = z.infer<typeof slaTargetsSchema>;

export const slaPolicySchema = z.object({
  targets: z.object({ P1: slaTargetsSchema, P2: slaTargetsSchema, P3: slaTargetsSchema, P4: slaTargetsSchema }),
  /** A card turns amber this long before a target is due. */
  warnBeforeMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60),
  businessHours: businessHoursSchema.nullable(),
});
export type SlaPolicy = z.infer<typeof slaPolicySchema>;

/** Whom a tier pages: one user, or everyone holding a role. */
export const pageTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), userId: z.string().min(1).max(64) }),
  z.object({ kind: z.literal('role'), role: roleSchema }),
]);
export type PageTarget = z.infer<typeof pageTargetSchema>;

export const escalationPolicySchema = z.object({
  /** Priorities it applies to; by default P1 and P2. */
  priorities: z.array(prioritySchema).min(1).max(4),
  /**
   * Tier n pages `delayMinutes` after tier n-1 (tier 1: after the card was created) while the
   * card is unacknowledged; acknowledging stops every pending page at once.
   */
  tiers: z
    .array(z.object({ delayMinutes: z.number().int().min(1).max(1440), targets: z.array(pageTargetSchema).min(1).max(20) }))
    .min(1)
    .max(6),
  /** After the last tier, run the tiers again this many times (0: once through). */
  repeat: z.number().int().min(0).max(5),
  /**
   * An acknowledged card still unresolved past its resolution target pages the first tier
   * again, at most this many times, each `reescalateEveryMinutes` apart.
   */
  reescalate: z.object({ maxTimes: z.number().int().min(0).max(5), everyMinutes: z.number().int().min(5).max(1440) }),
  /** No page at all for a card older than this: a stale card never wakes someone a week later. */
  maxAgeHours: z.number().int().min(1).max(168),
});
export type EscalationPolicy = z.infer<typeof escalationPolicySchema>;

export const boardPageSchema = z.object({
  cardId: cardIdSchema,
  title: z.string(),
  priority: prioritySchema,
  /** 1-based tier, and which time through the tiers (0 first). */
  tier: z.number().int().positive(),
  round: z.number().int().nonnegative(),
  reason: z.enum(['unacknowledged', 'unresolved']),
  /** The people paged: user ids named directly plus everyone holding a named role. */
  userIds: z.array(z.string()),
  roles: z.array(roleSchema),
  at: z.number().int(),
});
export type BoardPage = z.infer<typeof boardPageSchema>;

/**
 * A client's own name for one create or comment, so a call repeated after its answer was lost
 * (an offline queue replayed on reconnect) lands once: the hub answers a repeat with what the
 * first call made, and sends no event or mention again. Kept per caller. Optional: a call
 * without one is simply not deduplicated (clients older than contract version 3).
 */
export const requestKeySchema = z
  .string()
  .min(8)
  .max(100)
  .regex(/^[A-Za-z0-9._:-]+$/, 'a request key is letters, digits, dot, dash, colon or underscore');

/** What a person fills in to file an escalation (the create call without its request key). */
export const createEscalationSchema = z
  .object({
    /** Defaults to the alert's title, or the first post's first line. */
    title: titleSchema.optional(),
    /** Stored posts to attach (one action from any post list). */
    postIds: z.array(z.number().int().positive()).max(50).optional(),
    /** An alert whose sample posts are attached. */
    alertId: z.number().int().positive().optional(),
    /** Defaults to the first attached post's author. */
    customerHandle: handleSchema.optional(),
    priority: prioritySchema.default('P3'),
    tags: tagsSchema.default([]),
  })
  .strict();
export type EscalationDraft = z.input<typeof createEscalationSchema>;
const createInput = createEscalationSchema.extend({ requestKey: requestKeySchema.optional() });

export const commentTextSchema = z.string().trim().min(1).max(5000);

/** A create's or comment's answer; `replayed`: the request key was seen before, nothing new was made. */
const madeSchema = boardChangeSchema.extend({ replayed: z.boolean().optional() });

const cardAudit = (card: BoardCard) => ({ subject: `card ${card.id}`, detail: { title: card.title, version: card.version } });

export const boardMethods = {
  'board.snapshot': defineMethod({
    summary: 'Every card on the board, who has which open, and the sequence number they are current to.',
    input: z.object({ includeResolved: z.boolean().default(true) }).strict(),
    output: boardSnapshotSchema,
    roles: ANY_ROLE,
  }),
  'board.since': defineMethod({
    summary: 'What changed after a sequence number (after a reconnect), or that the client should take a fresh snapshot.',
    input: z.object({ seq: z.number().int().nonnegative() }).strict(),
    output: sinceResultSchema,
    roles: ANY_ROLE,
  }),
  'board.people': defineMethod({
    summary: 'Active users who can be assigned or @mentioned.',
    input: z.object({}).strict(),
    output: z.array(boardPersonSchema.extend({ roles: z.array(roleSchema) })),
    roles: ANY_ROLE,
  }),
  'board.create': defineMethod({
    summary:
      'Creates an escalation from stored posts, from an alert (its sample posts attached) or by hand; recorded in the audit log. A repeated `requestKey` answers the card it made.',
    input: createInput,
    output: madeSchema,
    roles: BOARD_CREATORS,
    audit: (_input, out) => ({
      ...(out.replayed ? { action: 'board.create.replayed' } : {}),
      ...cardAudit(out.card),
      detail: { title: out.card.title, priority: out.card.priority },
    }),
  }),
  'board.update': defineMethod({
    summary:
      'Changes fields of a card written on `baseVersion`; a field someone else changed since gets a conflict answer with the fresh card. Leads and admins change anything; others move only cards assigned to them.',
    input: z.object({ id: cardIdSchema, baseVersion: z.number().int().positive(), patch: cardPatchSchema }).strict(),
    output: updateResultSchema,
    roles: ['operator', 'lead', 'admin'],
    audit: (input, out) =>
      out.result === 'updated'
        ? { subject: `card ${input.id}`, detail: { patch: input.patch, version: out.card.version } }
        : { action: 'board.update.conflict', subject: `card ${input.id}`, detail: { conflicting: out.conflicting } },
  }),
  'board.comment': defineMethod({
    summary:
      'Adds a comment (plain text; @username mentions notify); recorded in the audit log. A repeated `requestKey` adds nothing and answers the card.',
    input: z.object({ id: cardIdSchema, text: commentTextSchema, requestKey: requestKeySchema.optional() }).strict(),
    output: madeSchema,
    roles: ANY_ROLE,
    audit: (input, out) => ({
      ...(out.replayed ? { action: 'board.comment.replayed' } : {}),
      subject: `card ${input.id}`,
      detail: { version: out.card.version },
    }),
  }),
  'board.acknowledge': defineMethod({
    summary: 'Acknowledges a card: stops every pending page for it at once; recorded in the audit log.',
    input: z.object({ id: cardIdSchema }).strict(),
    output: boardChangeSchema,
    roles: ['operator', 'lead', 'admin'],
    audit: (input, out) => cardAudit(out.card),
  }),
  'board.history': defineMethod({
    summary: 'Everything that happened to a card, oldest first.',
    input: z.object({ id: cardIdSchema }).strict(),
    output: z.array(historyEntrySchema),
    roles: ANY_ROLE,
  }),
  'board.presence': defineMethod({
    summary: 'Says which card this connection has open (null: none); everyone sees who is looking at what.',
    input: z.object({ cardId: cardIdSchema.nullable() }).strict(),
    output: z.array(presenceEntrySchema),
    roles: ANY_ROLE,
  }),
  'board.getSla': defineMethod({
    summary: 'The SLA policy: targets per priority, warning lead time, business hours.',
    input: z.object({}).strict(),
    output: slaPolicySchema,
    roles: ANY_ROLE,
  }),
  'board.saveSla': defineMethod({
    summary: 'Saves the SLA policy (support leads and admins); open cards are re-timed; recorded in the audit log.',
    input: z.object({ policy: slaPolicySchema }).strict(),
    output: slaPolicySchema,
    roles: BOARD_TRIAGERS,
    audit: (input) => ({ subject: 'sla policy', detail: { policy: input.policy } }),
  }),
  'board.getEscalationPolicy': defineMethod({
    summary: 'Who gets paged for an unacknowledged card, in which tiers, how often.',
    input: z.object({}).strict(),
    output: escalationPolicySchema,
    roles: ANY_ROLE,
  }),
  'board.saveEscalationPolicy': defineMethod({
    summary: 'Saves the escalation policy (support leads and admins); recorded in the audit log.',
    input: z.object({ policy: escalationPolicySchema }).strict(),
    output: escalationPolicySchema,
    roles: BOARD_TRIAGERS,
    audit: (input) => ({ subject: 'escalation policy', detail: { policy: input.policy } }),
  }),
} as const;

export const boardEvents = {
  /** To every signed-in client: a card changed (or was created), without its comments; keep the ones you have. */
  'board.changed': boardHeadChangeSchema,
  /** To every signed-in client: a comment was added to a card (the card's new state comes with it). */
  'board.commented': boardCommentedSchema,
  /** Who has a card open changed (one entry per affected card; empty `viewers`: nobody now). */
  'board.presence': z.object({ entries: z.array(presenceEntrySchema) }),
  /** Someone is paged for a card: show it to the named users and holders of the named roles. */
  'board.page': boardPageSchema,
  /** Someone was @mentioned in a comment. */
  'board.mention': z.object({ cardId: cardIdSchema, title: z.string(), by: boardPersonSchema, usernames: z.array(z.string()) }),
} as const;
