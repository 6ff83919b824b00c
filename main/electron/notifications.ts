/**
 * Native notifications for alerts (later issues call `notify` when an alert opens or an
 * incident starts). Text goes to the OS as plain text; nothing from a post is interpreted.
 */
export interface NotificationLike {
  show(): void;
  on(event: 'click', listener: () => void): unknown;
}

export interface NotificationDeps {
  Notification: {
    new (options: {
      title: string;
      body: string;
      silent?: boolean;
      urgency?: 'normal' | 'critical' | 'low';
      icon?: string;
    }): NotificationLike;
    isSupported(): boolean;
  };
}

export interface AlertNotice {
  title: string;
  body: string;
  urgency?: 'low' | 'normal' | 'critical';
  silent?: boolean;
  /** Called when the user clicks the notification (usually: show the window). */
  onClick?: () => void;
}

export interface Notifier {
  readonly supported: boolean;
  /** Shows the notification; false when the platform cannot (never throws). */
  notify(notice: AlertNotice): boolean;
}

const MAX_TITLE = 120;
const MAX_BODY = 400;

function clip(text: unknown, max: number): string {
  const flat = String(text ?? '').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function createNotifier(deps: NotificationDeps, defaults: { iconPath?: string } = {}): Notifier {
  let supported = false;
  try {
    supported = deps.Notification.isSupported();
  } catch {
    supported = false;
  }
  return {
    supported,
    notify(notice) {
      if (!supported) return false;
      try {
        const notification = new deps.Notification({
          title: clip(notice.title, MAX_TITLE),
          body: clip(notice.body, MAX_BODY),
          urgency: notice.urgency ?? 'normal',
          silent: notice.silent ?? false,
          ...(defaults.iconPath ? { icon: defaults.iconPath } : {}),
        });
        if (notice.onClick) notification.on('click', notice.onClick);
        notification.show();
        return true;
      } catch {
        return false;
      }
    },
  };
}
