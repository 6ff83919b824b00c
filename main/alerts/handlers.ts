/** The alerts domain of the contract: alerts, their per-series settings and the backtest. */
import { ContractFailure } from '../../shared/contract/envelope.js';
import { actorOf } from '../../shared/contract/access.js';
import type { DomainHandlers } from '../../shared/contract/handlers.js';
import type { Alert } from '../../shared/domain.js';
import type { Store } from '../store/index.js';
import type { DetectionService } from './service.js';
import type { WatchedTerms } from './watchTerms.js';
import type { Outbound } from './outbound.js';

export interface AlertsHandlerDeps {
  store: Pick<Store, 'alerts' | 'alertsRead'>;
  detection: Pick<DetectionService, 'policies' | 'backtest' | 'band' | 'runDrill'>;
  now(): number;
  /** Tells every window about an alert that changed outside detection (an acknowledgement). */
  onAlert(alert: Alert): void;
  terms: WatchedTerms;
  onTermsChanged(terms: string[]): void;
  outbound: Outbound;
}

export function alertsHandlers({
  store,
  detection,
  now,
  onAlert,
  terms,
  onTermsChanged,
  outbound,
}: AlertsHandlerDeps): DomainHandlers<'alerts'> {
  const changed = (list: string[]) => {
    onTermsChanged(list);
    return list;
  };
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
    'alerts.band': (input) => {
      const until = input.untilMinute ?? input.sinceMinute + 10_080;
      return { series: input.series, points: detection.band(input.series, input.sinceMinute, until) };
    },
    'alerts.markers': (input) => store.alertsRead.events(input.series, input.since, input.limit),
    'alerts.acknowledge': (input, ctx) => {
      if (!store.alertsRead.get(input.id)) throw new ContractFailure('not_found', 'There is no such alert (it may have been removed).');
      store.alerts.acknowledge(input.id, actorOf(ctx), now());
      const alert = store.alertsRead.get(input.id)!;
      onAlert(alert);
      return alert;
    },
    'alerts.runDrill': () => ({ alert: detection.runDrill() }),
    'notify.targets': () => outbound.list(),
    'notify.saveTarget': (input) => outbound.save(input),
    'notify.removeTarget': (input) => outbound.remove(input.name),
    'notify.test': (input) => outbound.test(input.name),
    'terms.list': () => terms.list(),
    'terms.add': (input) => changed(terms.add(input.term)),
    'terms.remove': (input) => changed(terms.remove(input.term)),
  };
}
