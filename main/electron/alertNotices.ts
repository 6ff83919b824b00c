/**
 * Turns the engine's `alerts.changed` events into native notifications: once when an alert
 * opens, once more when it escalates, never for updates in between or for its resolution
 * (a war room watching the window does not need the OS to repeat the chart).
 */
import { alertSchema, type Alert } from '../../shared/domain.js';
import type { EventListener } from '../core/engineTypes.js';
import type { Notifier } from './notifications.js';

const describe = (alert: Alert): string => {
  const { observed, expected } = alert.math;
  const terms = alert.drivers.topTerms.slice(0, 3).map((t) => t.term);
  return `${Math.round(observed)} posts vs ~${Math.round(expected)} expected${terms.length ? ` · ${terms.join(', ')}` : ''}`;
};

export function alertNotices(notifier: Notifier, onClick: () => void): EventListener {
  // The last state each alert was announced in, so an update of an open alert stays quiet.
  const announced = new Map<number, Alert['state']>();
  return (event, data) => {
    if (event !== 'alerts.changed') return;
    const parsed = alertSchema.safeParse(data);
    if (!parsed.success) return;
    const alert = parsed.data;
    if (alert.state === 'resolved') {
      announced.delete(alert.id);
      return;
    }
    const before = announced.get(alert.id);
    if (before === alert.state || (before === 'escalating' && alert.state === 'open')) return;
    announced.set(alert.id, alert.state);
    notifier.notify({
      title: alert.state === 'escalating' ? `Escalating: ${alert.title}` : alert.title,
      body: describe(alert),
      urgency: alert.severity === 'critical' || alert.state === 'escalating' ? 'critical' : 'normal',
      onClick,
    });
  };
}
