import type { Alert } from '../../../../shared/domain.js';
import type { DeskSliceCreator } from '../types.js';

export interface AlertsAction {
  loadAlerts(): Promise<void>;
  /** An `alerts.changed` event: the alert as it is now (new, updated or resolved). */
  applyAlertChanged(alert: Alert): void;
}

const ALERTS_LIMIT = 100;
const newestFirst = (a: Alert, b: Alert) => b.openedAt - a.openedAt || b.id - a.id;

export const createAlertsSlice: DeskSliceCreator<AlertsAction> = (set, get, _api, deps) => ({
  async loadAlerts() {
    if (get().alertsStatus !== 'ready') set({ alertsStatus: 'loading' });
    const answer = await deps.client.call('alerts.list', { includeResolved: true, limit: ALERTS_LIMIT });
    if (answer.ok) set({ alerts: [...answer.value].sort(newestFirst), alertsStatus: 'ready', alertsError: null });
    else set({ alertsStatus: 'error', alertsError: answer.error.message });
  },
  applyAlertChanged(alert) {
    const alerts = get().alerts;
    const current = alerts.find((existing) => existing.id === alert.id);
    // Events can overtake a list answer; never replace a newer version with an older one.
    if (current && current.updatedAt > alert.updatedAt) return;
    const next = [alert, ...alerts.filter((existing) => existing.id !== alert.id)].sort(newestFirst).slice(0, ALERTS_LIMIT);
    set({ alerts: next });
  },
});
