/**
 * Incident mode: the cord, its scope, catch-up decisions and the paced release, the admin
 * policy (suggest or enter on a surge alert) and the reminder. The gate itself is the
 * store's (publishGate); this service decides who moves it and tells everyone.
 */
import { ContractFailure } from '../../shared/contract/envelope.js';
import type { CallContext } from '../../shared/contract/handlers.js';
import {
  DEFAULT_INCIDENT_POLICY,
  incidentPolicySchema,
  type DecideInput,
  type IncidentPolicy,
  type IncidentPreview,
  type IncidentScope,
  type IncidentStatus,
} from '../../shared/contract/incidents.js';
import type { ScheduledPost } from '../../shared/contract/campaigns.js';
import { isDrillSeries, type Alert, type Severity } from '../../shared/domain.js';
import { checkTextFor } from '../../shared/publishing/textLimits.js';
import type { Logger } from '../lib/log.js';
import type { Store } from '../store/index.js';
import { scopeCovers } from '../store/publishGate.js';
import { actorName, type Emit, type PostService } from '../publish/posts.js';
import type { AccountRow } from '../store/publishing.js';
import { incidentHistoryPage } from './history.js';
import { countOf } from '../../shared/plural.js';

const POLICY_KEY = 'incident.policy';
const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

export interface IncidentServiceDeps {
  store: Pick<Store, 'publishing' | 'publishGate' | 'settings' | 'audit' | 'durableTransaction'>;
  posts: PostService;
  now(): number;
  emit: Emit;
  accounts(): AccountRow[];
  logger: Logger;
}

export function createIncidentService(deps: IncidentServiceDeps) {
  const { store } = deps;
  const gate = store.publishGate;
  const repo = store.publishing;
  const seenAlerts = new Set<number>();

  const status = (): IncidentStatus => {
    const s = gate.incident();
    const released = s.release ? gate.releasedRemaining() : null;
    return {
      on: s.active,
      since: s.active ? s.since : null,
      by: s.active ? s.by : null,
      reason: s.active ? s.reason : null,
      scope: s.scope,
      automatic: s.active && s.automatic,
      held: gate.heldCount(),
      inFlightAtEnter: s.active ? s.inFlightAtEnter : 0,
      release: s.release && released && released.n > 0 ? { ...s.release, remaining: released.n, nextAt: released.next } : null,
    };
  };

  /** After the surrounding transaction: the status as committed, and a reload hint for post lists. */
  const announce = (postsToo: boolean) =>
    queueMicrotask(() => {
      try {
        deps.emit('incident.changed', status());
        if (postsToo) deps.emit('scheduled.changed', { posts: [], removed: [], reload: true });
      } catch (error) {
        // The store closed meanwhile (shutting down): there is no one left to tell.
        deps.logger.log('debug', 'An incident event was not sent', { reason: String(error) });
      }
    });

  const policy = (): IncidentPolicy => {
    const parsed = incidentPolicySchema.safeParse(store.settings.get(POLICY_KEY));
    return parsed.success ? parsed.data : DEFAULT_INCIDENT_POLICY;
  };

  const enter = (reason: string, scope: IncidentScope, by: string, automatic: boolean): IncidentStatus => {
    gate.enter({ since: deps.now(), by, reason, scope, automatic });
    announce(true);
    return status();
  };

  const refuse = (id: number, reason: string) => ({ id, reason });

  /** What the gate would hold for `scope` if it closed now: the gate's own query, so the preview cannot disagree with it. */
  const preview = (hours: number, scope: IncidentScope = { kind: 'everything' }): IncidentPreview => {
    const from = deps.now();
    const to = from + hours * 3_600_000;
    const held = gate.wouldHold(scope, to);
    return { from, to, posts: repo.many(held.due, from), later: held.later };
  };

  const reopen = (post: ScheduledPost, at: number, released: boolean) => {
    const sentSome = post.deliveries.some((d) => d.state === 'sent');
    repo.change(post.id, { state: sentSome ? 'publishing' : 'scheduled', prior_state: null, at, released: released ? 1 : 0 }, deps.now());
    repo.setDue(post.id, at);
  };

  return {
    status,
    policy,
    savePolicy(next: IncidentPolicy): IncidentPolicy {
      store.settings.set(POLICY_KEY, next);
      return next;
    },
    enter(reason: string, scope: IncidentScope, ctx: CallContext): IncidentStatus {
      const s = gate.incident();
      if (s.active)
        throw new ContractFailure(
          'conflict',
          `Incident mode is already on (since ${new Date(s.since ?? 0).toISOString()}, by ${s.by ?? 'someone'}): change its scope instead.`,
        );
      return enter(reason, scope, actorName(ctx), false);
    },
    exit(): IncidentStatus {
      if (!gate.incident().active) throw new ContractFailure('conflict', 'Incident mode is not on.');
      gate.exit();
      announce(false);
      return status();
    },
    setScope(scope: IncidentScope): IncidentStatus {
      if (!gate.incident().active) throw new ContractFailure('conflict', 'Incident mode is not on: enter it with a scope instead.');
      gate.setScope(scope, deps.now());
      announce(true);
      return status();
    },
    preview,
    history: (limit: number, before?: number) => incidentHistoryPage(store.audit, limit, before),
    catchUp: () => repo.list({ states: ['held'], limit: 5000 }, deps.now()),

    decide(input: DecideInput, ctx: CallContext) {
      const now = deps.now();
      const s = gate.incident();
      const changed: number[] = [];
      const refused: Array<{ id: number; reason: string }> = [];
      const at = input.action === 'reschedule' && input.at ? deps.posts.instantOf(input.at, now) : null;
      const accounts = deps.accounts();
      for (const id of [...new Set(input.postIds)]) {
        const post = repo.get(id, now);
        if (!post) {
          refused.push(refuse(id, 'It does not exist any more.'));
          continue;
        }
        if (post.status.state !== 'held') {
          refused.push(refuse(id, `It is ${post.status.state}, not waiting in catch-up.`));
          continue;
        }
        const covered = s.active && scopeCovers(s.scope, post);
        switch (input.action) {
          case 'publishNow':
          case 'reschedule':
            if (covered) {
              refused.push(refuse(id, 'Incident mode still covers it: leave incident mode or narrow its scope first.'));
              continue;
            }
            reopen(post, at ?? now, false);
            break;
          case 'edit': {
            const text = input.text ?? post.text;
            const targets = post.deliveries.map((d) => accounts.find((a) => a.name === d.account)).filter((a) => a !== undefined);
            const problems = checkTextFor(targets, text).filter((c) => !c.ok);
            if (problems.length) {
              refused.push(refuse(id, problems.map((p) => p.problem).join(' ')));
              continue;
            }
            repo.change(id, { text }, now);
            break;
          }
          case 'cancel':
            repo.cancelDeliveries(id);
            repo.change(id, { state: 'cancelled', state_by: actorName(ctx), released: 0 }, now);
            gate.settle(id, now);
            break;
          case 'backToApproval':
            if (post.deliveries.some((d) => d.state === 'sent')) {
              refused.push(refuse(id, 'It already went out to some accounts: publish or cancel the rest.'));
              continue;
            }
            repo.change(id, { state: 'pending', prior_state: null, state_by: actorName(ctx), approved_by: null, approved_at: null }, now);
            break;
        }
        changed.push(id);
      }
      deps.posts.announce(changed);
      announce(false);
      return { changed: repo.many(changed, now), refused };
    },

    /** One post per N minutes per account, oldest first, starting now; a post to several accounts takes the latest of their slots. */
    release(perAccountEveryMinutes: number, postIds: number[] | undefined, ctx: CallContext): IncidentStatus {
      const now = deps.now();
      const s = gate.incident();
      const wanted = postIds ? new Set(postIds) : null;
      const held = repo
        .list({ states: ['held'], limit: 5000 }, now)
        .filter((p) => (wanted ? wanted.has(p.id) : true) && !(s.active && scopeCovers(s.scope, p)));
      if (held.length === 0)
        throw new ContractFailure('bad_request', 'No held post can be released: none is waiting, or incident mode still covers them.');
      const gap = perAccountEveryMinutes * 60_000;
      const nextFree = new Map<string, number>();
      for (const post of held) {
        const slot = Math.max(now, ...post.accounts.map((a) => nextFree.get(a) ?? now));
        for (const a of post.accounts) nextFree.set(a, slot + gap);
        reopen(post, slot, true);
      }
      gate.setRelease({ perAccountEveryMinutes, startedAt: now, startedBy: actorName(ctx), total: held.length });
      deps.posts.announce(held.map((p) => p.id));
      announce(false);
      return status();
    },

    stopRelease(): IncidentStatus {
      gate.unrelease(deps.now());
      gate.setRelease(null);
      announce(true);
      return status();
    },

    /**
     * A surge alert opened: suggest incident mode with the posts due soon, or, when an admin's
     * policy says so, enter it (recorded in the audit log as the policy's doing) and say so loudly.
     */
    onAlert(alert: Alert): void {
      // A drill exercises alerting end to end but never suggests holding real posts.
      if (alert.state === 'resolved' || isDrillSeries(alert.series) || seenAlerts.has(alert.id)) return;
      const p = policy();
      if (SEVERITY_RANK[alert.severity] < SEVERITY_RANK[p.minSeverity]) return;
      seenAlerts.add(alert.id);
      const before = gate.incident().active;
      const autoEntered = p.autoEnterOnAlert && !before;
      if (autoEntered) {
        const reason = `Surge alert: ${alert.title}`;
        const scope: IncidentScope = { kind: 'everything' };
        store.durableTransaction(() => {
          const s = enter(reason, scope, 'policy', true);
          store.audit.record({
            at: deps.now(),
            actor: 'policy',
            action: 'incident.enter',
            subject: 'incident mode',
            detail: { reason, scope, automatic: true, alert: alert.id, held: s.held, inFlight: s.inFlightAtEnter },
          });
        });
        deps.logger.log('warn', 'Incident mode entered by policy on a surge alert', { alert: alert.id });
      }
      const hours = p.previewHours;
      const posts = preview(hours).posts;
      const message = autoEntered
        ? `INCIDENT MODE IS ON: the admin policy entered it by itself for the surge alert “${alert.title}”. Nothing covered will be published until someone leaves it.`
        : before
          ? `Surge alert “${alert.title}” while incident mode is already on.`
          : posts.length === 0
            ? `Surge alert “${alert.title}”. Nothing is scheduled in the next ${countOf(hours, 'hour')}; incident mode would hold anything scheduled while it is on.`
            : `Surge alert “${alert.title}”: ${countOf(posts.length, 'post')} ${posts.length === 1 ? 'is' : 'are'} due in the next ${countOf(hours, 'hour')}. Enter incident mode to hold ${posts.length === 1 ? 'it' : 'them'}?`;
      deps.emit('incident.suggested', {
        alert: { id: alert.id, title: alert.title, severity: alert.severity },
        autoEntered,
        message,
        hours,
        posts,
      });
    },

    /** Called on the engine's tick: asks every N minutes whether incident mode is still needed. */
    remind(): void {
      const s = gate.incident();
      const every = policy().reminderEveryMinutes;
      if (!s.active || every === 0 || s.since === null) return;
      const now = deps.now();
      const last = s.remindedAt ?? s.since;
      if (now - last < every * 60_000) return;
      gate.setReminded(now);
      const minutesOn = Math.floor((now - s.since) / 60_000);
      deps.emit('incident.reminder', {
        since: s.since,
        by: s.by ?? '',
        reason: s.reason ?? '',
        minutesOn,
        message: `Incident mode has been on for ${countOf(minutesOn, 'minute')} (${s.reason ?? 'no reason given'}). Is it still needed?`,
      });
    },
  };
}

export type IncidentService = ReturnType<typeof createIncidentService>;
