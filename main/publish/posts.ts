/**
 * The rules of campaigns and scheduled posts: who may move a post from which state to which,
 * what a time means, when the text is too long. Every change runs inside the caller's
 * transaction (the dispatcher's audited one), so the rule check, the write and the audit
 * entry land together; clients hear about it once it committed.
 */
import { randomUUID } from 'node:crypto';
import { ContractFailure } from '../../shared/contract/envelope.js';
import type { CallContext } from '../../shared/contract/handlers.js';
import { rolesOf } from '../../shared/contract/access.js';
import type { EventName, EventPayload } from '../../shared/contract/methods.js';
import type { Campaign, PostFilters, ScheduleAt, ScheduledPost } from '../../shared/contract/campaigns.js';
import { checkTextFor } from '../../shared/publishing/textLimits.js';
import { formatInstant, resolveScheduleTime } from '../../shared/publishing/scheduleTime.js';
import type { Network } from '../../shared/publishing/networks.js';
import type { Store } from '../store/index.js';
import type { AccountRow } from '../store/publishing.js';
import { makeTid } from './bluesky.js';

export type Emit = <E extends EventName>(event: E, data: EventPayload<E>) => void;

/** Events for more posts than this say "reload" instead of carrying them. */
export const EVENT_POSTS_MAX = 200;

export interface PostServiceDeps {
  store: Pick<Store, 'publishing' | 'publishGate'>;
  now(): number;
  emit: Emit;
  accounts(): AccountRow[];
}

/** The name the audit log gives a caller is also the author and approver name (see dispatch's actorOf). */
export const actorName = (ctx: CallContext): string => ctx.username ?? ctx.userId ?? ctx.role ?? 'signed out';

const fail = (code: 'bad_request' | 'not_found' | 'conflict' | 'forbidden', message: string): never => {
  throw new ContractFailure(code, message);
};

export function newKey(network: Network, now: number): string {
  return network === 'bluesky' ? makeTid(now) : `${network}-${randomUUID()}`;
}

export function createPostService(deps: PostServiceDeps) {
  const repo = deps.store.publishing;
  const gate = deps.store.publishGate;

  /** Tells clients after the current transaction: an event must not announce a change that rolls back. */
  const announce = (ids: readonly number[], removed: readonly number[] = []) => {
    queueMicrotask(() => {
      const reload = ids.length > EVENT_POSTS_MAX;
      let posts: ScheduledPost[] = [];
      try {
        posts = reload ? [] : repo.many(ids, deps.now());
      } catch {
        // The store closed meanwhile (shutting down): there is no one left to tell.
        return;
      }
      deps.emit('scheduled.changed', { posts, removed: [...removed], reload });
    });
  };
  const announceCampaign = (c: Campaign) => queueMicrotask(() => deps.emit('campaigns.changed', repo.campaign(c.id) ?? c));

  const instantOf = (at: ScheduleAt, now: number): number => {
    const r = resolveScheduleTime(at.localTime, at.zone, at.choice);
    if (r.kind !== 'ok') return fail('bad_request', r.message);
    if (r.at <= now) return fail('bad_request', `${formatInstant(r.at, at.zone)} has already passed: choose a time in the future.`);
    return r.at;
  };

  const targetsOf = (names: readonly string[], now: number) => {
    const known = new Map(deps.accounts().map((a) => [a.name, a]));
    const unique = [...new Set(names)];
    return unique.map((name) => {
      const account = known.get(name) ?? fail('bad_request', `There is no publishing account called “${name}”.`);
      return { account: name, network: account.network, key: newKey(account.network, now), charLimit: account.charLimit };
    });
  };

  const load = (id: number, version?: number): ScheduledPost => {
    const post = repo.get(id, deps.now()) ?? fail('not_found', `Post ${id} does not exist (it may have been deleted).`);
    if (version !== undefined && post.version !== version)
      fail('conflict', `Post ${id} was changed by someone else meanwhile: reload it and try again.`);
    return post;
  };

  const campaignOf = (id: number | null | undefined): Campaign | null =>
    id === null || id === undefined ? null : (repo.campaign(id) ?? fail('bad_request', `Campaign ${id} does not exist.`));

  const checkText = (post: { text: string; accounts: readonly string[] }) => {
    const targets = post.accounts.map((name) => deps.accounts().find((a) => a.name === name)).filter((a) => a !== undefined);
    const problems = checkTextFor(targets, post.text).filter((c) => !c.ok);
    if (problems.length) fail('bad_request', problems.map((p) => p.problem).join(' '));
  };

  const write = (id: number, change: Parameters<typeof repo.change>[1], version?: number) => {
    if (!repo.change(id, change, deps.now(), version))
      fail('conflict', `Post ${id} was changed by someone else meanwhile: reload it and try again.`);
  };

  /**
   * A post that may go out now becomes scheduled, unless its time has passed (then it waits
   * for a new one), its campaign is paused, or incident mode covers it (then it is held).
   */
  const makeScheduled = (id: number, approvedBy: string, approvedAt: number, cause: 'approved' | 'resumed' = 'approved') => {
    const now = deps.now();
    const post = load(id);
    const campaign = campaignOf(post.campaignId);
    if (post.at <= now) {
      const time = formatInstant(post.at, post.zone);
      write(id, {
        state: 'approved',
        approved_by: approvedBy,
        approved_at: approvedAt,
        why:
          cause === 'resumed'
            ? `Its time (${time}) passed while its campaign was paused: give it a new time.`
            : `Approved after its time (${time}) had passed: give it a new time.`,
      });
      return;
    }
    write(
      id,
      campaign?.paused
        ? { state: 'paused', prior_state: 'scheduled', approved_by: approvedBy, approved_at: approvedAt }
        : { state: 'scheduled', approved_by: approvedBy, approved_at: approvedAt },
    );
    repo.setDue(id, post.at);
    gate.holdIfActive(now);
  };

  return {
    announce,
    load,
    instantOf,
    makeScheduled,
    list: (filters: PostFilters) => repo.list(filters, deps.now()),
    campaigns: () => repo.campaigns(),

    createCampaign(input: { name: string; description: string; requiredApproverRole: Campaign['requiredApproverRole'] }, ctx: CallContext) {
      if (repo.campaignNamed(input.name)) fail('conflict', `A campaign called “${input.name}” already exists.`);
      const c = repo.createCampaign(input.name, input.description, input.requiredApproverRole, actorName(ctx), deps.now());
      announceCampaign(c);
      return c;
    },
    updateCampaign(input: { id: number; name?: string; description?: string; requiredApproverRole?: Campaign['requiredApproverRole'] }) {
      const c = campaignOf(input.id)!;
      if (input.name !== undefined && input.name.toLowerCase() !== c.name.toLowerCase() && repo.campaignNamed(input.name))
        fail('conflict', `A campaign called “${input.name}” already exists.`);
      repo.updateCampaign(c.id, {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.requiredApproverRole !== undefined ? { required_role: input.requiredApproverRole } : {}),
      });
      const updated = repo.campaign(c.id)!;
      announceCampaign(updated);
      return updated;
    },
    setCampaignPaused(id: number, paused: boolean) {
      const c = campaignOf(id)!;
      const now = deps.now();
      let ids: number[] = [];
      if (paused && !c.paused) {
        ids = repo.list({ campaignId: id, states: ['scheduled'], limit: 5000 }, now).map((p) => p.id);
        repo.pauseCampaignPosts(id, now);
        repo.updateCampaign(id, { paused: 1 });
      } else if (!paused && c.paused) {
        repo.updateCampaign(id, { paused: 0 });
        ids = repo.pausedPostIds(id);
        // Resumed posts follow the same rule as a fresh approval: a passed time waits for a new one.
        for (const postId of ids) {
          const post = load(postId);
          const approved = repo.raw(postId)!;
          makeScheduled(postId, approved.approved_by ?? post.author, approved.approved_at ?? now, 'resumed');
        }
      }
      const campaign = repo.campaign(id)!;
      announceCampaign(campaign);
      announce(ids);
      return { campaign, postsChanged: ids.length };
    },

    create(
      input: { campaignId?: number | null | undefined; text: string; accounts: string[]; at: ScheduleAt; submit: boolean },
      ctx: CallContext,
    ) {
      const now = deps.now();
      const at = instantOf(input.at, now);
      campaignOf(input.campaignId);
      const targets = targetsOf(input.accounts, now);
      if (input.submit) checkText(input);
      const id = repo.createPost({
        campaignId: input.campaignId ?? null,
        text: input.text,
        at,
        zone: input.at.zone,
        author: actorName(ctx),
        state: input.submit ? 'pending' : 'draft',
        targets,
        now,
      });
      announce([id]);
      return load(id);
    },

    update(input: {
      id: number;
      version?: number | undefined;
      campaignId?: number | null | undefined;
      text?: string | undefined;
      accounts?: string[] | undefined;
      at?: ScheduleAt | undefined;
    }) {
      const now = deps.now();
      const post = load(input.id, input.version);
      const state = post.status.state;
      const content = input.text !== undefined || input.accounts !== undefined || input.campaignId !== undefined;
      if (['published', 'publishing', 'cancelled'].includes(state))
        fail('conflict', `Post ${post.id} is ${state}: it can no longer be edited.`);
      if (content && state === 'held') fail('conflict', `Post ${post.id} is held by incident mode: edit it from catch-up.`);
      if (post.deliveries.some((d) => d.state === 'sent' || d.state === 'sending'))
        fail('conflict', `Post ${post.id} already went out to some accounts: cancel it and write a new one.`);
      const at = input.at ? instantOf(input.at, now) : post.at;
      campaignOf(input.campaignId);
      if (input.accounts) repo.replaceTargets(post.id, at, targetsOf(input.accounts, now));
      const backToDraft = content && state !== 'draft';
      write(post.id, {
        ...(input.text !== undefined ? { text: input.text } : {}),
        ...(input.campaignId !== undefined ? { campaign_id: input.campaignId } : {}),
        ...(input.at ? { at, zone: input.at.zone } : {}),
        ...(backToDraft ? { state: 'draft', approved_by: null, approved_at: null, why: null } : {}),
      });
      repo.setDue(post.id, at);
      // A new time for a post approved too late puts it back on the schedule, keeping its approval.
      if (!content && input.at && (post.status.state === 'approved' || post.status.state === 'scheduled'))
        makeScheduled(post.id, post.status.approvedBy, post.status.approvedAt);
      announce([post.id]);
      return load(post.id);
    },

    submit(id: number, version: number | undefined, ctx: CallContext) {
      const now = deps.now();
      const post = load(id, version);
      if (post.status.state !== 'draft') fail('conflict', `Post ${id} is ${post.status.state}, not a draft.`);
      if (post.at <= now) fail('bad_request', `Its time (${formatInstant(post.at, post.zone)}) has passed: give it a new time first.`);
      checkText(post);
      write(id, { state: 'pending', state_by: actorName(ctx), reviewer_comment: null, reviewed_by: null });
      announce([id]);
      return load(id);
    },

    approve(id: number, version: number | undefined, ctx: CallContext) {
      const post = load(id, version);
      if (post.status.state !== 'pending') fail('conflict', `Post ${id} is ${post.status.state}, not waiting for approval.`);
      const me = actorName(ctx);
      if (post.author === me) fail('forbidden', 'You wrote this post: someone else has to approve it.');
      const campaign = campaignOf(post.campaignId);
      if (campaign?.requiredApproverRole && !rolesOf(ctx).includes(campaign.requiredApproverRole))
        fail('forbidden', `Posts in “${campaign.name}” need approval by someone with the ${campaign.requiredApproverRole} role.`);
      checkText(post);
      makeScheduled(id, me, deps.now());
      announce([id]);
      return load(id);
    },

    reject(id: number, version: number | undefined, comment: string, ctx: CallContext) {
      const post = load(id, version);
      if (post.status.state !== 'pending') fail('conflict', `Post ${id} is ${post.status.state}, not waiting for approval.`);
      write(id, { state: 'draft', reviewer_comment: comment, reviewed_by: actorName(ctx) });
      announce([id]);
      return load(id);
    },

    cancel(id: number, version: number | undefined, ctx: CallContext) {
      const post = load(id, version);
      if (post.status.state === 'published' || post.status.state === 'cancelled')
        fail('conflict', `Post ${id} is already ${post.status.state}.`);
      repo.cancelDeliveries(id);
      write(id, { state: 'cancelled', state_by: actorName(ctx), released: 0 });
      announce([id]);
      return load(id);
    },

    remove(id: number, version: number | undefined) {
      const post = load(id, version);
      if (post.status.state !== 'draft' && post.status.state !== 'cancelled')
        fail('conflict', `Only drafts and cancelled posts can be deleted; post ${id} is ${post.status.state}.`);
      if (post.deliveries.some((d) => d.state === 'sent' || d.state === 'sending'))
        fail('conflict', `Post ${id} went out to some accounts: it stays on record.`);
      repo.remove(id);
      announce([], [id]);
      return { deleted: id };
    },
  };
}

export type PostService = ReturnType<typeof createPostService>;
