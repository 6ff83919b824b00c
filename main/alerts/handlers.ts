/** The alerts domain of the contract: alerts, their per-series settings and the backtest. */
import type { DomainHandlers } from '../../shared/contract/handlers.js';
import type { Store } from '../store/index.js';
import type { DetectionService } from './service.js';

export interface AlertsHandlerDeps {
  store: Pick<Store, 'alertsRead'>;
  detection: Pick<DetectionService, 'policies' | 'backtest'>;
}

export function alertsHandlers({ store, detection }: AlertsHandlerDeps): DomainHandlers<'alerts'> {
  return {
    'alerts.list': (input) => store.alertsRead.list(input.limit, input.includeResolved),
    'detection.getSettings': (input) => ({ series: input.series, ...detection.policies.get(input.series) }),
    'detection.saveSettings': (input) => {
      detection.policies.set(input.series, input.policy);
      // Not read back through the policy cache: this runs inside the audit transaction, and a
      // rollback would leave the cache holding a policy that was never stored.
      return { series: input.series, policy: input.policy, inherited: false };
    },
    'alerts.backtest': (input) => detection.backtest(input.series, input.policy, input.days),
  };
}
