import type { HubLinkState } from '../../../../shared/contract/hubLink.js';

export interface HubLinkSliceState {
  /** Which engine the desktop window talks to; null in a browser (or before the app said). */
  hubLink: HubLinkState | null;
  hubLinkBusy: boolean;
  /** Why connecting or disconnecting did not work, in the app's plain words. */
  hubLinkError: string | null;
}

export const initialHubLinkState: HubLinkSliceState = { hubLink: null, hubLinkBusy: false, hubLinkError: null };
