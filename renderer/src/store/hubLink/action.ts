/**
 * The desktop's "Connect to a team hub" (a browser has no such thing: `deps.desktop` is absent
 * and the slice stays null). The main process does the connecting and keeps the session token;
 * this slice only asks and shows what it answered. On a connect or disconnect the main process
 * reloads the window, so the views start afresh on the other side.
 */
import { envelopeSchema } from '../../../../shared/contract/envelope.js';
import { hubLinkStateSchema, type HubLinkRequest, type HubLinkState } from '../../../../shared/contract/hubLink.js';
import type { DeskDeps, DeskSliceCreator } from '../types.js';

export type HubConnectRequest = Extract<HubLinkRequest, { action: 'join' | 'signIn' }>;

export interface HubLinkAction {
  loadHubLink(): Promise<void>;
  /** True when connected; false with `hubLinkError` set otherwise. */
  connectHub(request: HubConnectRequest): Promise<boolean>;
  disconnectHub(): Promise<boolean>;
}

type Answer = { ok: true; state: HubLinkState } | { ok: false; message: string };

async function ask(desktop: NonNullable<DeskDeps['desktop']>, request: HubLinkRequest): Promise<Answer> {
  let raw: unknown;
  try {
    raw = await desktop.hubLink(request);
  } catch (error) {
    return { ok: false, message: `The app did not answer: ${error instanceof Error ? error.message : String(error)}` };
  }
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) return { ok: false, message: 'The app sent an answer this window cannot read.' };
  if (!envelope.data.ok) return { ok: false, message: envelope.data.error.message };
  const state = hubLinkStateSchema.safeParse(envelope.data.value);
  return state.success ? { ok: true, state: state.data } : { ok: false, message: 'The app sent an answer this window cannot read.' };
}

export const createHubLinkSlice: DeskSliceCreator<HubLinkAction> = (set, get, _api, deps) => ({
  async loadHubLink() {
    if (!deps.desktop) return;
    const answer = await ask(deps.desktop, { action: 'status' });
    if (!answer.ok) {
      set({ hubLinkError: answer.message });
      return;
    }
    set({ hubLink: answer.state });
    // The board copy is keyed by this answer: a hub found down before it came shows the copy now.
    if (answer.state.mode === 'hub' && answer.state.link.state === 'closed') get().restoreBoardCache();
  },
  async connectHub(request) {
    if (!deps.desktop) return false;
    set({ hubLinkBusy: true, hubLinkError: null });
    const answer = await ask(deps.desktop, request);
    if (answer.ok) set({ hubLinkBusy: false, hubLink: answer.state });
    else set({ hubLinkBusy: false, hubLinkError: answer.message });
    return answer.ok;
  },
  async disconnectHub() {
    if (!deps.desktop) return false;
    set({ hubLinkBusy: true, hubLinkError: null });
    const answer = await ask(deps.desktop, { action: 'disconnect' });
    if (answer.ok) {
      // The session ended: its board copy goes, while the state still names the hub it was kept for.
      deps.boardCache?.clear();
      set({ hubLinkBusy: false, hubLink: answer.state });
    } else set({ hubLinkBusy: false, hubLinkError: answer.message });
    return answer.ok;
  },
});
