import { describe, expect, it } from 'vitest';
import { createNotifier } from '../../../main/electron/notifications.js';
import { createTray, trayTooltip } from '../../../main/electron/tray.js';
import { alertNotices } from '../../../main/electron/alertNotices.js';
import { createFakeElectron } from './fakeElectron.js';

describe('notifications', () => {
  it('shows plain, clipped text and wires the click', () => {
    const electron = createFakeElectron();
    const notifier = createNotifier(electron, { iconPath: '/i.png' });
    let clicked = 0;
    expect(
      notifier.notify({
        title: 'Surge on "is it down"',
        body: `x\u0007${'y'.repeat(1000)}`,
        urgency: 'critical',
        onClick: () => (clicked += 1),
      }),
    ).toBe(true);
    const shown = electron.Notification.shown[0]!;
    expect(shown.options.body.length).toBeLessThanOrEqual(400);
    expect(shown.options.body).not.toContain('\u0007');
    expect(shown.options).toMatchObject({ urgency: 'critical', icon: '/i.png', silent: false });
    shown.emit('click');
    expect(clicked).toBe(1);
  });

  it('returns false where notifications are not supported', () => {
    const electron = createFakeElectron({ notificationsSupported: false });
    const notifier = createNotifier(electron);
    expect(notifier.supported).toBe(false);
    expect(notifier.notify({ title: 't', body: 'b' })).toBe(false);
    expect(electron.Notification.shown).toHaveLength(0);
  });
});

describe('tray', () => {
  it('returns null when the desktop has no tray', () => {
    const electron = createFakeElectron({ trayThrows: true });
    expect(createTray(electron, { iconPath: '/t.png', onShow: () => undefined, onQuit: () => undefined })).toBeNull();
  });

  it('clicking the icon shows the window', () => {
    const electron = createFakeElectron();
    let shown = 0;
    createTray(electron, { iconPath: '/t.png', onShow: () => (shown += 1), onQuit: () => undefined });
    electron.Tray.instances[0]!.emit('click');
    expect(shown).toBe(1);
    expect(electron.Tray.instances[0]!.tooltip).toBe('Surge Desk');
  });
});

describe('incident mode in the tray and notifications', () => {
  it('the tooltip says it is on, by whom and why; a policy entry, a suggestion and a reminder reach the OS', async () => {
    const { incidentNotices } = await import('../../../main/electron/incidentNotices.js');
    const electron = createFakeElectron();
    const notifier = createNotifier(electron);
    const tips: string[] = [];
    const listen = incidentNotices(
      notifier,
      (t) => tips.push(t),
      () => undefined,
    );
    const status = {
      on: true,
      since: Date.UTC(2027, 0, 4, 9, 0),
      by: 'otto',
      reason: 'Checkout is down',
      scope: { kind: 'everything' },
      automatic: false,
      held: 2,
      inFlightAtEnter: 0,
      release: null,
    };
    listen('incident.changed', status);
    expect(tips.at(-1)).toMatch(/^Surge Desk — INCIDENT MODE ON since .+ by otto: Checkout is down$/);
    listen('incident.changed', { ...status, on: false, since: null, by: null, reason: null });
    expect(tips.at(-1)).toBe('Surge Desk');
    listen('incident.suggested', {
      alert: { id: 1, title: 'Surge', severity: 'critical' },
      autoEntered: true,
      message: 'INCIDENT MODE IS ON: …',
      hours: 4,
      posts: [],
    });
    listen('incident.reminder', { since: 0, by: 'otto', reason: 'x', minutesOn: 30, message: 'Is it still needed?' });
    listen('incident.changed', { nonsense: true });
    expect(electron.Notification.shown.map((n) => n.options.title)).toEqual([
      'Incident mode is ON (entered by policy)',
      'Incident mode is still on',
    ]);
  });
});

describe('tray count of open alerts', () => {
  const alert = (id: number, state: 'open' | 'resolved', series = 'total') => ({
    id,
    series,
    state,
    severity: 'warning',
    openedAt: 1,
    updatedAt: 1,
    resolvedAt: state === 'resolved' ? 1 : null,
    title: 'Surge',
    math: {
      windowMinutes: 15,
      expected: 3,
      bandLow: 1,
      bandHigh: 6,
      observed: 40,
      ratio: 13,
      score: 0.9,
      persistedMinutes: 1,
      sources: [],
    },
    drivers: { topTerms: [], samplePosts: [], outageIntent: 0, statusIncident: null },
  });

  it('follows alerts opening and resolving, and a drill notification says DRILL', () => {
    const electron = createFakeElectron();
    const tray = createTray(electron, { iconPath: '/t.png', onShow: () => undefined, onQuit: () => undefined })!;
    const listener = alertNotices(
      createNotifier(electron),
      () => undefined,
      (count) => tray.setToolTip(trayTooltip(count)),
    );
    listener('alerts.changed', alert(1, 'open'));
    listener('alerts.changed', alert(2, 'open', 'drill'));
    expect(electron.Tray.instances[0]!.tooltip).toBe('Surge Desk — 2 open alerts');
    listener('alerts.changed', alert(1, 'resolved'));
    expect(electron.Tray.instances[0]!.tooltip).toBe('Surge Desk — 1 open alert');
    expect(electron.Notification.shown.map((n) => n.options.title)).toEqual(['Surge', 'DRILL: Surge']);
  });
});
