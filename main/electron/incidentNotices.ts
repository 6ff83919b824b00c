/**
 * Incident mode outside the window: the tray tooltip says whether it is on (since when, by
 * whom, why), and the OS is told loudly when a policy entered it by itself, when a surge alert
 * suggests it, and when the reminder asks whether it is still needed.
 */
import { incidentEvents } from '../../shared/contract/incidents.js';
import type { EventListener } from '../core/engineTypes.js';
import type { Notifier } from './notifications.js';

const TITLE = 'Surge Desk';

const hhmm = (ms: number): string => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** The tray tooltip for a status: plain "Surge Desk" when off. */
export function incidentTooltip(status: { on: boolean; since: number | null; by: string | null; reason: string | null }): string {
  if (!status.on) return TITLE;
  return `${TITLE} — INCIDENT MODE ON since ${status.since === null ? '?' : hhmm(status.since)} by ${status.by ?? 'someone'}: ${status.reason ?? ''}`.slice(
    0,
    127,
  );
}

export function incidentNotices(notifier: Notifier, setTooltip: (text: string) => void, onClick: () => void): EventListener {
  return (event, data) => {
    if (event === 'incident.changed') {
      const status = incidentEvents['incident.changed'].safeParse(data);
      if (status.success) setTooltip(incidentTooltip(status.data));
      return;
    }
    if (event === 'incident.suggested') {
      const s = incidentEvents['incident.suggested'].safeParse(data);
      if (!s.success) return;
      notifier.notify({
        title: s.data.autoEntered ? 'Incident mode is ON (entered by policy)' : 'Enter incident mode?',
        body: s.data.message,
        urgency: 'critical',
        onClick,
      });
      return;
    }
    if (event === 'incident.reminder') {
      const r = incidentEvents['incident.reminder'].safeParse(data);
      if (r.success) notifier.notify({ title: 'Incident mode is still on', body: r.data.message, urgency: 'normal', onClick });
    }
  };
}
