/** The seven top-level views, in nav order; the index is the Alt+<n> shortcut. */
export const VIEWS = [
  { id: 'live', label: 'Live', title: 'Live volume' },
  { id: 'alerts', label: 'Alerts', title: 'Alerts' },
  { id: 'incident', label: 'Incident', title: 'Incident mode' },
  { id: 'campaigns', label: 'Campaigns', title: 'Campaigns' },
  { id: 'board', label: 'Board', title: 'Escalation board' },
  { id: 'sources', label: 'Sources', title: 'Sources' },
  { id: 'settings', label: 'Settings', title: 'Settings' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];

export const DEFAULT_VIEW: ViewId = 'live';

/** `#/alerts` → `alerts`; anything unknown → the default view. */
export function viewFromHash(hash: string): ViewId {
  const id = hash.replace(/^#\/?/, '').split(/[/?&]/)[0];
  return VIEWS.find((view) => view.id === id)?.id ?? DEFAULT_VIEW;
}

export const hashFor = (view: ViewId): string => `#/${view}`;

/** Alt+1 … Alt+7 (no other modifier) → the view at that position. */
export function viewForShortcut(event: {
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  key: string;
  code?: string;
}): ViewId | null {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
  // `code` survives keyboard layouts where Alt+digit types another character (macOS).
  const digit = event.code?.startsWith('Digit') ? event.code.slice(5) : event.key;
  const index = Number.parseInt(digit, 10);
  if (!Number.isInteger(index) || index < 1 || index > VIEWS.length) return null;
  return VIEWS[index - 1]!.id;
}
