/**
 * Guards installed on every webContents and on the session (checklist 5, 11–15). Applied
 * from `app.on('web-contents-created')`, so even a webContents we did not create ourselves
 * (a devtools page, anything a future change adds) gets them.
 */
import type { NavigationEvent, SessionLike, ShellLike, WebContentsLike } from './electronApi.js';
import { DEFAULT_EXTERNAL_HOSTS, isAllowedExternalUrl, isAppUrl } from './security.js';

export interface HardenOptions {
  shell: ShellLike;
  allowedExternalHosts?: readonly string[];
  /** Told about every refusal, for the log (never shown to the renderer). */
  onBlocked?: (what: 'navigate' | 'redirect' | 'frame-navigate' | 'window-open' | 'webview', url: string) => void;
}

export function hardenWebContents(contents: WebContentsLike, options: HardenOptions): void {
  const hosts = options.allowedExternalHosts ?? DEFAULT_EXTERNAL_HOSTS;
  const blocked = options.onBlocked ?? (() => undefined);

  // checklist 14–15: no new windows ever; an allow-listed https link goes to the browser.
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url, hosts)) {
      void options.shell.openExternal(new URL(url).href).catch(() => undefined);
    } else {
      blocked('window-open', String(url));
    }
    return { action: 'deny' };
  });

  // checklist 13: navigation only within our own origin.
  const sameOriginOnly = (what: 'navigate' | 'redirect' | 'frame-navigate') => (details: NavigationEvent) => {
    if (isAppUrl(details.url)) return;
    details.preventDefault();
    blocked(what, String(details.url));
  };
  contents.on('will-navigate', sameOriginOnly('navigate'));
  contents.on('will-redirect', sameOriginOnly('redirect'));
  contents.on('will-frame-navigate', sameOriginOnly('frame-navigate'));

  // checklist 11–12: we never use <webview>; refuse any attempt to attach one.
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    blocked('webview', '');
  });
}

/** checklist 5: the UI asks for no permission (notifications are shown from main). */
export function hardenSession(session: SessionLike): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
