/**
 * The tray icon: Show brings the window back, Quit really quits (closing the window only
 * hides it while the tray exists, so alerts keep arriving).
 */
import { countOf } from '../../shared/plural.js';

export interface MenuItemSpec {
  label: string;
  click: () => void;
}

export interface TrayLike {
  setToolTip(text: string): void;
  setContextMenu(menu: unknown): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

export interface TrayDeps {
  Tray: new (icon: string) => TrayLike;
  Menu: { buildFromTemplate(template: MenuItemSpec[]): unknown };
}

export interface TrayOptions {
  iconPath: string;
  onShow: () => void;
  onQuit: () => void;
  tooltip?: string;
}

export function trayMenuTemplate(options: Pick<TrayOptions, 'onShow' | 'onQuit'>): MenuItemSpec[] {
  return [
    { label: 'Show Surge Desk', click: options.onShow },
    { label: 'Quit', click: options.onQuit },
  ];
}

/** The tray's hover text: the app, and how many alerts are open when any are. */
export function trayTooltip(openAlerts: number): string {
  if (openAlerts <= 0) return 'Surge Desk';
  return `Surge Desk — ${countOf(openAlerts, 'open alert')}`;
}

/** Windows cuts tray tooltips at 127 characters. */
const MAX_TOOLTIP = 127;

/** Any tooltip, plus "paged: N" while cards wait for this person's acknowledgement; kept whole at the end. */
export function withPaged(tooltip: string, paged: number): string {
  if (paged <= 0) return tooltip;
  const suffix = ` · paged: ${paged}`;
  return `${tooltip.slice(0, MAX_TOOLTIP - suffix.length)}${suffix}`;
}

/** Returns null when the platform has no tray (some Linux desktops): the app still works. */
export function createTray(deps: TrayDeps, options: TrayOptions): TrayLike | null {
  try {
    const tray = new deps.Tray(options.iconPath);
    tray.setToolTip(options.tooltip ?? 'Surge Desk');
    tray.setContextMenu(deps.Menu.buildFromTemplate(trayMenuTemplate(options)));
    tray.on('click', options.onShow);
    return tray;
  } catch {
    return null;
  }
}
