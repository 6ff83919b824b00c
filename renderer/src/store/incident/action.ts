/**
 * Incident mode as the window sees it: the status (banner, title, header cord), the preview of
 * posts due soon, catch-up decisions and the paced release. The engine owns the gate; this
 * slice only shows what it answered and sends what a person decided.
 */
import type { ScheduledPost } from '../../../../shared/contract/campaigns.js';
import type { DecideInput, IncidentPolicy, IncidentScope, IncidentStatus } from '../../../../shared/contract/incidents.js';
import type { EventPayload } from '../../../../shared/contract/methods.js';
import type { DeskSliceCreator } from '../types.js';

export interface IncidentAction {
  /** Status, policy and catch-up together. */
  loadIncident(): Promise<void>;
  loadCatchUp(): Promise<void>;
  /** What `scope` would hold: the hub answers with the gate's own rule. A newer ask wins over an older answer. */
  loadIncidentPreview(scope: IncidentScope, hours?: number): Promise<void>;
  /** The newest page of incident history (again after every change; the older pages shown are dropped). */
  loadIncidentHistory(): Promise<void>;
  loadOlderIncidentHistory(): Promise<void>;
  enterIncident(reason: string, scope: IncidentScope): Promise<boolean>;
  exitIncident(reason?: string): Promise<boolean>;
  setIncidentScope(scope: IncidentScope, reason?: string): Promise<boolean>;
  /** One decision on one or many held posts; false when the call itself was refused. */
  decideHeld(input: DecideInput): Promise<boolean>;
  startRelease(perAccountEveryMinutes: number, postIds?: number[]): Promise<boolean>;
  stopRelease(): Promise<boolean>;
  saveIncidentPolicy(policy: IncidentPolicy): Promise<boolean>;
  openIncidentDialog(kind: 'enter' | 'scope' | 'leave' | null, from?: { alertTitle: string }): void;
  dismissIncidentSuggestion(): void;
  dismissIncidentReminder(): void;
  clearIncidentError(): void;
  applyIncidentChanged(status: IncidentStatus): void;
  applyIncidentSuggested(suggestion: EventPayload<'incident.suggested'>): void;
  applyIncidentReminder(reminder: EventPayload<'incident.reminder'>): void;
}

const HISTORY_PAGE = 30;
const byDue = (a: ScheduledPost, b: ScheduledPost) => a.at - b.at || a.id - b.id;

export const createIncidentSlice: DeskSliceCreator<IncidentAction> = (set, get, _api, deps) => {
  let previewAsked = 0;
  /** A newer first page makes an older page's answer moot (its cursor belongs to the list it replaced). */
  let historyAsked = 0;
  /** A status-answering write: busy while in flight, the answer kept, or the hub's sentence. */
  async function statusCall(call: () => ReturnType<typeof deps.client.call<'incident.status'>>): Promise<boolean> {
    set({ incidentBusy: true, incidentError: null });
    const answer = await call();
    set({ incidentBusy: false });
    if (!answer.ok) {
      set({ incidentError: answer.error.message });
      return false;
    }
    get().applyIncidentChanged(answer.value);
    return true;
  }

  return {
    async loadIncident() {
      const [status, policy] = await Promise.all([
        deps.client.call('incident.status', {}),
        deps.client.call('incident.getPolicy', {}),
        get().loadCatchUp(),
      ]);
      if (status.ok) set({ incident: status.value });
      else if (status.error.code !== 'unknown_method') set({ incidentError: status.error.message });
      if (policy.ok) set({ incidentPolicy: policy.value });
    },
    async loadCatchUp() {
      if (get().catchUpStatus !== 'ready') set({ catchUpStatus: 'loading' });
      const answer = await deps.client.call('incident.catchUp', {});
      if (answer.ok) set({ catchUp: [...answer.value].sort(byDue), catchUpStatus: 'ready' });
      // A hub from before incident mode has no catch-up: nothing to show, nothing wrong.
      else if (answer.error.code === 'unknown_method') set({ catchUpStatus: 'ready' });
      else set({ catchUpStatus: 'error', incidentError: answer.error.message });
    },
    async loadIncidentPreview(scope, hours) {
      const asked = ++previewAsked;
      const answer = await deps.client.call('incident.preview', { hours: hours ?? get().incidentPolicy?.previewHours ?? 4, scope });
      if (asked !== previewAsked) return;
      if (answer.ok) set({ incidentPreview: { ...answer.value, scope }, incidentPreviewError: null });
      else set({ incidentPreviewError: answer.error.message });
    },
    async loadIncidentHistory() {
      const asked = ++historyAsked;
      if (get().incidentHistoryStatus !== 'ready') set({ incidentHistoryStatus: 'loading' });
      const answer = await deps.client.call('incident.history', { limit: HISTORY_PAGE });
      if (asked !== historyAsked) return;
      if (answer.ok)
        set({
          incidentHistory: answer.value.entries,
          incidentHistoryNext: answer.value.next,
          incidentHistoryStatus: 'ready',
          incidentHistoryError: null,
          incidentHistoryLoadingOlder: false,
        });
      else
        set({
          incidentHistoryStatus: 'error',
          incidentHistoryError:
            answer.error.code === 'unknown_method'
              ? 'This hub is from before incident history: update it to see it here.'
              : answer.error.message,
        });
    },
    async loadOlderIncidentHistory() {
      const before = get().incidentHistoryNext;
      if (before === null || get().incidentHistoryLoadingOlder) return;
      const asked = historyAsked;
      set({ incidentHistoryLoadingOlder: true });
      const answer = await deps.client.call('incident.history', { limit: HISTORY_PAGE, before });
      if (asked !== historyAsked) return;
      if (answer.ok)
        set({
          incidentHistory: [...get().incidentHistory, ...answer.value.entries],
          incidentHistoryNext: answer.value.next,
          incidentHistoryLoadingOlder: false,
          incidentHistoryError: null,
        });
      else set({ incidentHistoryLoadingOlder: false, incidentHistoryError: answer.error.message });
    },
    async enterIncident(reason, scope) {
      const entered = await statusCall(() => deps.client.call('incident.enter', { reason, scope }));
      if (entered) set({ incidentSuggestion: null });
      return entered;
    },
    async exitIncident(reason) {
      const left = await statusCall(() => deps.client.call('incident.exit', reason ? { reason } : {}));
      if (left) set({ incidentReminder: null });
      return left;
    },
    setIncidentScope: (scope, reason) => statusCall(() => deps.client.call('incident.setScope', { scope, ...(reason ? { reason } : {}) })),
    async decideHeld(input) {
      set({ incidentBusy: true, incidentError: null, decisionRefusals: [] });
      const answer = await deps.client.call('incident.decide', input);
      set({ incidentBusy: false });
      if (!answer.ok) {
        set({ incidentError: answer.error.message });
        return false;
      }
      const changed = new Map(answer.value.changed.map((post) => [post.id, post]));
      // A decided post leaves catch-up unless it is still held (an edit keeps it there).
      const catchUp = get()
        .catchUp.map((post) => changed.get(post.id) ?? post)
        .filter((post) => post.status.state === 'held');
      set({ catchUp, decisionRefusals: answer.value.refused });
      get().applyPostsChanged({ posts: answer.value.changed, removed: [], reload: false });
      return true;
    },
    async startRelease(perAccountEveryMinutes, postIds) {
      const started = await statusCall(() =>
        deps.client.call('incident.release', { perAccountEveryMinutes, ...(postIds ? { postIds } : {}) }),
      );
      if (started) void get().loadCatchUp();
      return started;
    },
    async stopRelease() {
      const stopped = await statusCall(() => deps.client.call('incident.stopRelease', {}));
      if (stopped) void get().loadCatchUp();
      return stopped;
    },
    async saveIncidentPolicy(policy) {
      const answer = await deps.client.call('incident.savePolicy', policy);
      if (!answer.ok) {
        set({ incidentError: answer.error.message });
        return false;
      }
      set({ incidentPolicy: answer.value, incidentError: null });
      return true;
    },
    openIncidentDialog(kind, from) {
      // A preview from an earlier opening is stale: the schedule may have moved since.
      set({
        incidentDialog: kind,
        incidentDialogReason: from ? `Surge alert: ${from.alertTitle}` : '',
        incidentError: null,
        incidentPreview: null,
        incidentPreviewError: null,
      });
    },
    dismissIncidentSuggestion() {
      set({ incidentSuggestion: null });
    },
    dismissIncidentReminder() {
      set({ incidentReminder: null });
    },
    clearIncidentError() {
      set({ incidentError: null, decisionRefusals: [] });
    },
    applyIncidentChanged(status) {
      const before = get().incident;
      set({ incident: status, ...(status.on ? {} : { incidentReminder: null }) });
      // Entering, leaving, a scope change or a release moves posts in or out of catch-up.
      if (
        !before ||
        before.on !== status.on ||
        before.held !== status.held ||
        (before.release?.remaining ?? 0) !== (status.release?.remaining ?? 0)
      )
        void get().loadCatchUp();
    },
    applyIncidentSuggested(suggestion) {
      set({ incidentSuggestion: suggestion });
    },
    applyIncidentReminder(reminder) {
      set({ incidentReminder: reminder });
    },
  };
};
