import type { Alert } from '../../../../shared/domain.js';

export interface AlertsState {
  /** Newest first by openedAt. */
  alerts: Alert[];
  alertsStatus: 'idle' | 'loading' | 'ready' | 'error';
  alertsError: string | null;
}

export const initialAlertsState: AlertsState = { alerts: [], alertsStatus: 'idle', alertsError: null };
