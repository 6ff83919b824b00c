import type { Alert } from '../../../../shared/domain.js';
import { memoLast } from '../memo.js';
import type { DeskState } from '../types.js';

const active = memoLast((alerts: Alert[]) => alerts.filter((alert) => alert.state !== 'resolved'));
const resolved = memoLast((alerts: Alert[]) => alerts.filter((alert) => alert.state === 'resolved'));

export const alertsSelectors = {
  active: (s: DeskState): Alert[] => active(s.alerts),
  resolved: (s: DeskState): Alert[] => resolved(s.alerts),
  activeCount: (s: DeskState): number => active(s.alerts).length,
};
