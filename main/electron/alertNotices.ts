/**
 * Turns the engine's `alerts.changed` events into native notifications (see shared/alertNotice:
 * once when an alert opens, again when its severity rises) unless the window's settings mute
 * that severity, and keeps the tray's count of open alerts current either way.
 */
import { createAnnouncer, noticeText } from '../../shared/alertNotice.js';
import { alertSchema, type Severity } from '../../shared/domain.js';
import type { EventListener } from '../core/engineTypes.js';
import type { Notifier } from './notifications.js';

export function alertNotices(
  notifier: Notifier,
  onClick: () => void,
  onOpenCount?: (count: number) => void,
  isMuted: (severity: Severity) => boolean = () => false,
): EventListener {
  const announcer = createAnnouncer();
  const open = new Set<number>();
  return (event, data) => {
    if (event !== 'alerts.changed') return;
    const parsed = alertSchema.safeParse(data);
    if (!parsed.success) return;
    const alert = parsed.data;
    const wasOpen = open.has(alert.id);
    if (alert.state === 'resolved') open.delete(alert.id);
    else open.add(alert.id);
    if (wasOpen !== open.has(alert.id)) onOpenCount?.(open.size);
    const kind = announcer.next(alert);
    if (!kind || isMuted(alert.severity)) return;
    notifier.notify({
      ...noticeText(alert, kind),
      urgency: alert.severity === 'critical' || kind === 'escalated' ? 'critical' : 'normal',
      onClick,
    });
  };
}
