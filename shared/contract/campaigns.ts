/**
 * The campaigns domain: campaigns, the scheduled posts in them (write, submit, approve, reject,
 * schedule) and the publishing accounts they go to. Credentials never leave the engine.
 * A post's time is an instant plus the author's zone; the editor sends a wall time + zone and
 * the engine refuses a time that does not exist or exists twice unless `choice` says which.
 */
import { z } from 'zod';
import { roleSchema } from '../domain.js';
import { networkSchema } from '../publishing/networks.js';
import { LOCAL_TIME_PATTERN } from '../publishing/scheduleTime.js';
import { ADMIN, ANY_ROLE, defineMethod, empty } from './spec.js';

const SOCIAL = ['social', 'admin'] as const;

export const postIdSchema = z.number().int().positive();
const nameSchema = z.string().trim().min(1).max(100);
const accountNameSchema = z.string().min(1).max(100);
export const postTextSchema = z.string().max(10_000);
const commentSchema = z.string().trim().min(1, 'say why').max(2000);

/** A wall time in a zone, as typed; `choice` settles a DST gap or repeat the engine reported. */
export const scheduleAtSchema = z
  .object({
    localTime: z.string().regex(LOCAL_TIME_PATTERN, 'use YYYY-MM-DDTHH:mm'),
    zone: z.string().min(1).max(64),
    choice: z.enum(['earlier', 'later']).optional(),
  })
  .strict();
export type ScheduleAt = z.infer<typeof scheduleAtSchema>;

export const publishingAccountSchema = z.object({
  name: z.string(),
  network: networkSchema,
  /** The account as people know it (handle, @user@instance), when known. */
  handle: z.string().nullable(),
  /** The post length limit (Mastodon instances may differ from 500). */
  charLimit: z.number().int().positive(),
  /** 'file' accounts come from SURGE_CONFIG. */
  origin: z.enum(['file', 'app']),
});
export type PublishingAccount = z.infer<typeof publishingAccountSchema>;

/** An account as the admin form edits it: settings in full, credentials only as set or not. */
export const accountConfigViewSchema = publishingAccountSchema.extend({
  settings: z.record(z.string(), z.unknown()),
  secretsSet: z.array(z.string()),
});
export type AccountConfigView = z.infer<typeof accountConfigViewSchema>;

/** An account as typed in the form; the engine validates it per network. */
const accountConfigInput = z.record(z.string(), z.unknown()).refine((c) => Object.keys(c).length <= 20, 'too many fields');

export const accountTestResultSchema = z.object({
  /** null: nothing was sent because no harmless check call is known for this network. */
  ok: z.boolean().nullable(),
  /** What the network said (or why nothing was asked), in plain words. */
  message: z.string(),
  /** The account as the network knows it, when the check answered. */
  handle: z.string().nullable(),
});
export type AccountTestResult = z.infer<typeof accountTestResultSchema>;

export const campaignSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string(),
  paused: z.boolean(),
  /** Only someone holding this role may approve its posts; null: any social manager or admin. */
  requiredApproverRole: roleSchema.nullable(),
  createdAt: z.number().int(),
  createdBy: z.string(),
});
export type Campaign = z.infer<typeof campaignSchema>;

export const DELIVERY_STATES = ['waiting', 'sending', 'retrying', 'sent', 'failed', 'unknown', 'cancelled'] as const;
/**
 * One account's part of a post. `sending` is written before the network call; `unknown`
 * means a crash interrupted a send to a network without idempotency (X): a person must check
 * the account before deciding, because resending could post twice.
 */
export const deliverySchema = z.object({
  account: z.string(),
  network: networkSchema,
  state: z.enum(DELIVERY_STATES),
  attempts: z.number().int().nonnegative(),
  /** The service's reason for the last failure, in plain words. */
  lastError: z.string().nullable(),
  nextAttemptAt: z.number().int().nullable(),
  remoteId: z.string().nullable(),
  remoteUrl: z.string().nullable(),
});
export type Delivery = z.infer<typeof deliverySchema>;

export const POST_STATES = [
  'draft',
  'pending',
  'approved',
  'scheduled',
  'publishing',
  'published',
  'failed',
  'held',
  'paused',
  'cancelled',
] as const;
export const postStateSchema = z.enum(POST_STATES);
export type PostState = z.infer<typeof postStateSchema>;

/**
 * Where a post is in its life. draft → pending (approval) → scheduled → publishing →
 * published | failed. `approved`: approved after its slot had passed, it waits for a new time
 * instead of going out at once. Rejected posts return to draft with the reviewer's comment.
 * `held`: incident mode covers it (see incident.catchUp); `paused`: its campaign is paused.
 */
export const postStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('draft'), reviewerComment: z.string().nullable(), reviewedBy: z.string().nullable() }),
  z.object({ state: z.literal('pending'), submittedAt: z.number().int(), submittedBy: z.string() }),
  z.object({ state: z.literal('approved'), approvedBy: z.string(), approvedAt: z.number().int(), why: z.string() }),
  z.object({ state: z.literal('scheduled'), approvedBy: z.string(), approvedAt: z.number().int() }),
  z.object({ state: z.literal('publishing'), startedAt: z.number().int() }),
  z.object({ state: z.literal('published'), publishedAt: z.number().int() }),
  z.object({ state: z.literal('failed'), reason: z.string() }),
  z.object({
    state: z.literal('held'),
    heldAt: z.number().int(),
    /** What it was before incident mode held it. */
    heldFrom: postStateSchema,
    /** The post's time passed while held: publishing it now would be late. */
    overdue: z.boolean(),
  }),
  z.object({ state: z.literal('paused'), pausedFrom: postStateSchema }),
  z.object({ state: z.literal('cancelled'), cancelledAt: z.number().int(), cancelledBy: z.string() }),
]);
export type PostStatus = z.infer<typeof postStatusSchema>;

export const scheduledPostSchema = z.object({
  id: postIdSchema,
  campaignId: z.number().int().nullable(),
  text: z.string(),
  /** The instant it is due (epoch ms). */
  at: z.number().int(),
  /** The author's zone when scheduling; shown beside the viewer's own. */
  zone: z.string(),
  author: z.string(),
  accounts: z.array(z.string()),
  status: postStatusSchema,
  deliveries: z.array(deliverySchema),
  /** Bumped on every change; a write naming an older version is refused (someone else changed it). */
  version: z.number().int(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type ScheduledPost = z.infer<typeof scheduledPostSchema>;

export const postFiltersSchema = z
  .object({
    campaignId: z.number().int().optional(),
    network: networkSchema.optional(),
    account: accountNameSchema.optional(),
    states: z.array(postStateSchema).max(POST_STATES.length).optional(),
    /** Due at or after (epoch ms). */
    from: z.number().int().optional(),
    /** Due before (epoch ms). */
    to: z.number().int().optional(),
    limit: z.number().int().min(1).max(5000).default(1000),
  })
  .strict();
export type PostFilters = z.infer<typeof postFiltersSchema>;

const postDraftFields = {
  campaignId: z.number().int().nullable().optional(),
  text: postTextSchema,
  accounts: z.array(accountNameSchema).min(1, 'choose at least one account').max(20),
  at: scheduleAtSchema,
};

const versioned = { id: postIdSchema, version: z.number().int().optional() };

const postAudit = (post: ScheduledPost, extra: Record<string, unknown> = {}) => ({
  subject: `post ${post.id}`,
  detail: { state: post.status.state, at: post.at, accounts: post.accounts, ...extra },
});

export const campaignsMethods = {
  'accounts.list': defineMethod({
    summary: 'The publishing accounts (network, handle, length limit); never their credentials.',
    input: empty,
    output: z.array(publishingAccountSchema),
    roles: ANY_ROLE,
  }),
  'accounts.configs': defineMethod({
    summary: 'Every publishing account with its settings (credentials shown only as set or not).',
    input: empty,
    output: z.array(accountConfigViewSchema),
    roles: ADMIN,
  }),
  'accounts.add': defineMethod({
    summary: 'Adds a publishing account; its credentials are stored encrypted.',
    input: z.object({ config: accountConfigInput }).strict(),
    output: accountConfigViewSchema,
    roles: ADMIN,
    audit: (_input, view) => ({ subject: view.name, detail: { network: view.network } }),
  }),
  'accounts.update': defineMethod({
    summary: 'Changes an account added here (not one from the config file); credential fields left empty keep their stored value.',
    input: z.object({ name: accountNameSchema, config: accountConfigInput }).strict(),
    output: accountConfigViewSchema,
    roles: ADMIN,
    audit: (input, view) => ({ subject: view.name, detail: { network: view.network, fields: Object.keys(input.config).sort() } }),
  }),
  'accounts.remove': defineMethod({
    summary: 'Deletes an account added here; refused while posts that have not gone out target it.',
    input: z.object({ name: accountNameSchema }).strict(),
    output: z.object({ removed: z.string() }),
    roles: ADMIN,
    audit: (input) => ({ subject: input.name }),
  }),
  'accounts.test': defineMethod({
    summary: 'One harmless call to the network with the given settings (or a saved account); posts nothing, stores nothing.',
    input: z.union([
      z.object({ config: accountConfigInput, name: accountNameSchema.optional() }).strict(),
      z.object({ name: accountNameSchema }).strict(),
    ]),
    output: accountTestResultSchema,
    roles: ADMIN,
  }),
  'campaigns.list': defineMethod({
    summary: 'Every campaign, paused or not.',
    input: empty,
    output: z.array(campaignSchema),
    roles: ANY_ROLE,
  }),
  'campaigns.create': defineMethod({
    summary: 'Creates a campaign; recorded in the audit log.',
    input: z
      .object({
        name: nameSchema,
        description: z.string().max(2000).default(''),
        requiredApproverRole: roleSchema.nullable().default(null),
      })
      .strict(),
    output: campaignSchema,
    roles: SOCIAL,
    audit: (_input, c) => ({ subject: `campaign ${c.name}`, detail: { requiredApproverRole: c.requiredApproverRole } }),
  }),
  'campaigns.update': defineMethod({
    summary: 'Renames a campaign or changes who must approve its posts.',
    input: z
      .object({
        id: z.number().int(),
        name: nameSchema.optional(),
        description: z.string().max(2000).optional(),
        requiredApproverRole: roleSchema.nullable().optional(),
      })
      .strict(),
    output: campaignSchema,
    roles: SOCIAL,
    audit: (_input, c) => ({ subject: `campaign ${c.name}`, detail: { requiredApproverRole: c.requiredApproverRole } }),
  }),
  'campaigns.setPaused': defineMethod({
    summary: 'Pauses (its scheduled posts wait) or resumes a whole campaign; resumed posts whose time passed wait for a new time.',
    input: z.object({ id: z.number().int(), paused: z.boolean(), reason: z.string().max(500).optional() }).strict(),
    output: z.object({ campaign: campaignSchema, postsChanged: z.number().int() }),
    roles: SOCIAL,
    audit: (input, out) => ({
      action: input.paused ? 'campaigns.pause' : 'campaigns.resume',
      subject: `campaign ${out.campaign.name}`,
      detail: { postsChanged: out.postsChanged, ...(input.reason ? { reason: input.reason } : {}) },
    }),
  }),
  'scheduled.list': defineMethod({
    summary: 'Scheduled posts, by due time, filtered by campaign, network, account, state and time range.',
    input: postFiltersSchema,
    output: z.array(scheduledPostSchema),
    roles: ANY_ROLE,
  }),
  'scheduled.get': defineMethod({
    summary: 'One scheduled post with its per-account deliveries.',
    input: z.object({ id: postIdSchema }).strict(),
    output: scheduledPostSchema,
    roles: ANY_ROLE,
  }),
  'scheduled.create': defineMethod({
    summary: 'Writes a draft (text, accounts, time in a zone, campaign); `submit` sends it for approval at once.',
    input: z.object({ ...postDraftFields, submit: z.boolean().default(false) }).strict(),
    output: scheduledPostSchema,
    roles: SOCIAL,
    audit: (_input, post) => postAudit(post),
  }),
  'scheduled.update': defineMethod({
    summary:
      'Edits a post. Changing text, accounts or campaign sends an approved post back to draft; changing only the time keeps its approval.',
    input: z
      .object({
        ...versioned,
        campaignId: z.number().int().nullable().optional(),
        text: postTextSchema.optional(),
        accounts: postDraftFields.accounts.optional(),
        at: scheduleAtSchema.optional(),
      })
      .strict(),
    output: scheduledPostSchema,
    roles: SOCIAL,
    audit: (_input, post) => postAudit(post),
  }),
  'scheduled.submit': defineMethod({
    summary: 'Sends a draft for approval; refused when the text is too long for any of its networks.',
    input: z.object(versioned).strict(),
    output: scheduledPostSchema,
    roles: SOCIAL,
    audit: (_input, post) => postAudit(post),
  }),
  'scheduled.approve': defineMethod({
    summary:
      'Approves a pending post (never your own; the campaign may require a role). If its time already passed it waits for a new time.',
    input: z.object({ ...versioned, comment: z.string().max(2000).optional() }).strict(),
    output: scheduledPostSchema,
    roles: SOCIAL,
    audit: (input, post) => postAudit(post, input.comment ? { comment: input.comment } : {}),
  }),
  'scheduled.reject': defineMethod({
    summary: 'Rejects a pending post: it goes back to draft with your comment.',
    input: z.object({ ...versioned, comment: commentSchema }).strict(),
    output: scheduledPostSchema,
    roles: SOCIAL,
    audit: (input, post) => postAudit(post, { comment: input.comment }),
  }),
  'scheduled.cancel': defineMethod({
    summary: 'Cancels a post that has not gone out (accounts already sent stay sent).',
    input: z.object({ ...versioned, reason: z.string().max(500).optional() }).strict(),
    output: scheduledPostSchema,
    roles: SOCIAL,
    audit: (input, post) => postAudit(post, input.reason ? { reason: input.reason } : {}),
  }),
  'scheduled.delete': defineMethod({
    summary: 'Deletes a draft or cancelled post.',
    input: z.object(versioned).strict(),
    output: z.object({ deleted: postIdSchema }),
    roles: SOCIAL,
    audit: (input) => ({ subject: `post ${input.id}` }),
  }),
} as const;

export const campaignsEvents = {
  /** Publishing accounts were added, changed or removed: the whole list as `accounts.list` answers it. */
  'accounts.changed': z.object({ accounts: z.array(publishingAccountSchema) }),
  'campaigns.changed': campaignSchema,
  /**
   * Posts changed. `posts` carries them when few changed; `reload` is true when many did at
   * once (entering incident mode over thousands): read `scheduled.list` again.
   */
  'scheduled.changed': z.object({ posts: z.array(scheduledPostSchema), removed: z.array(postIdSchema), reload: z.boolean() }),
} as const;
