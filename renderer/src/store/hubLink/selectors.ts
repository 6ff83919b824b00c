import type { DeskState } from '../types.js';

export const hubLinkSelectors = {
  /** A desktop app (it can connect to a hub), as opposed to a browser. */
  isDesktop: (s: DeskState): boolean => s.hubLink !== null,
  /** The hub's address while the desktop window talks to one, else null. */
  hubUrl: (s: DeskState): string | null => (s.hubLink?.mode === 'hub' ? s.hubLink.url : null),
};
