/**
 * The IPC transport of the contract (STYLE habits 3–5, checklist 17 and 20). One invoke
 * channel for calls, one send channel for events. Every call is checked: the sender frame
 * must be the main frame of one of our windows, showing our own app origin. Nothing
 * throws across the boundary; every answer is an envelope.
 */
import { fail, type Envelope } from '../../shared/contract/envelope.js';
import type { HubLinkState } from '../../shared/contract/hubLink.js';
import { HUB_LINK_CHANNEL, IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../shared/contract/wire.js';
import type { Engine } from '../core/engineTypes.js';
import type { FrameLike, IpcMainInvokeEventLike, IpcMainLike, WebContentsLike } from './electronApi.js';
import { isAppUrl } from './security.js';

/** Every channel this binding answers; a test calls each one from a forged frame. */
export const IPC_HANDLED_CHANNELS = [IPC_CALL_CHANNEL, HUB_LINK_CHANNEL] as const;

const MAX_METHOD_LENGTH = 100;

/** Where the window's calls go: this computer's engine, or a team hub (main/electron/hubLink.ts). */
export interface IpcTarget {
  call(method: string, params: unknown): Promise<Envelope<unknown>>;
  onEvent(listener: (event: string, data: unknown) => void): () => void;
}

/** This computer's user, in the audit log as "local admin" from "this computer". */
const LOCAL_ADMIN = Object.freeze({ role: 'admin', userId: null, transport: 'ipc', via: 'local', address: 'this computer' } as const);

/** The local desktop user owns this engine: admin over IPC (hub clients, and this window on a hub, get real roles). */
export function localTarget(engine: Pick<Engine, 'dispatch' | 'onEvent'>): IpcTarget {
  return {
    call: (method, params) => engine.dispatch(method, params, LOCAL_ADMIN),
    onEvent: (listener) => engine.onEvent(listener),
  };
}

/** The hub while `remote` is active, else the local engine; events only from the side in use. */
export function routeTarget(local: IpcTarget, remote: IpcTarget & { readonly active: boolean }): IpcTarget {
  return {
    call: (method, params) => (remote.active ? remote : local).call(method, params),
    onEvent(listener) {
      const offLocal = local.onEvent((event, data) => {
        if (!remote.active) listener(event, data);
      });
      const offRemote = remote.onEvent((event, data) => {
        if (remote.active) listener(event, data);
      });
      return () => {
        offLocal();
        offRemote();
      };
    },
  };
}

/**
 * Calls the main process answers itself (the window's settings for this app, `shell.*`), ahead
 * of the engine or hub; every other call goes on to `target`, events come from it unchanged.
 */
export function withShellCalls(
  target: IpcTarget,
  calls: Readonly<Record<string, (params: unknown) => Envelope<unknown> | Promise<Envelope<unknown>>>>,
): IpcTarget {
  return {
    call: async (method, params) => (Object.hasOwn(calls, method) ? calls[method]!(params) : target.call(method, params)),
    onEvent: (listener) => target.onEvent(listener),
  };
}

/** Answers the window's connect / disconnect / status requests (HubLink in the app). */
export interface HubLinkHandler {
  handle(request: unknown): Promise<Envelope<HubLinkState>>;
}

export interface IpcBindingOptions {
  ipcMain: IpcMainLike;
  /** The engine (served as its local admin), or a target that may route to a hub. */
  engine?: Pick<Engine, 'dispatch' | 'onEvent'>;
  target?: IpcTarget;
  hubLink?: HubLinkHandler;
  /** The webContents of our own windows, looked up at call time (windows come and go). */
  trustedContents: () => Iterable<WebContentsLike>;
  /** For the log: why a call was refused. Never sent to the renderer. */
  onRejected?: (reason: string) => void;
}

export interface IpcBinding {
  /** Removes the handler and stops forwarding events. */
  dispose(): void;
}

function sameFrame(a: FrameLike, b: FrameLike): boolean {
  return a.processId === b.processId && a.routingId === b.routingId;
}

/** Returns null when the sender is ours, or the reason it is not. */
export function checkSender(event: IpcMainInvokeEventLike, trusted: Iterable<WebContentsLike>): string | null {
  const frame = event?.senderFrame;
  if (!frame) return 'no sender frame (it navigated or was destroyed)';
  const sender = event.sender;
  let owner: WebContentsLike | undefined;
  for (const contents of trusted) {
    if (!contents.isDestroyed() && contents === sender) owner = contents;
  }
  if (!owner) return 'sender is not one of our windows';
  if (!sameFrame(frame, owner.mainFrame) || frame.parent) return 'sender is not the main frame of our window';
  if (!isAppUrl(frame.url)) return 'sender frame is not showing the app origin';
  return null;
}

export function bindIpc(options: IpcBindingOptions): IpcBinding {
  const { ipcMain } = options;
  const target = options.target ?? (options.engine ? localTarget(options.engine) : null);
  if (!target) throw new TypeError('bindIpc needs an engine or a target');
  const rejected = options.onRejected ?? (() => undefined);
  const refuse = (event: IpcMainInvokeEventLike): Envelope<never> | null => {
    const reason = checkSender(event, options.trustedContents());
    if (!reason) return null;
    rejected(reason);
    return fail('forbidden', 'This window may not call the engine.');
  };

  ipcMain.handle(IPC_CALL_CHANNEL, async (event, method, params): Promise<Envelope<unknown>> => {
    try {
      const refused = refuse(event);
      if (refused) return refused;
      if (typeof method !== 'string' || method.length === 0 || method.length > MAX_METHOD_LENGTH) {
        return fail('bad_request', 'The method name must be a short string.');
      }
      return await target.call(method, params);
    } catch {
      return fail('internal', 'The engine failed to answer this call.');
    }
  });

  ipcMain.handle(HUB_LINK_CHANNEL, async (event, request): Promise<Envelope<HubLinkState>> => {
    try {
      const refused = refuse(event);
      if (refused) return refused;
      if (!options.hubLink) return fail('unavailable', 'This build of the app cannot connect to a team hub.');
      return await options.hubLink.handle(request);
    } catch {
      return fail('internal', 'Connecting to the hub failed unexpectedly.');
    }
  });

  const unsubscribe = target.onEvent((name, data) => {
    for (const contents of options.trustedContents()) {
      try {
        if (!contents.isDestroyed() && isAppUrl(contents.mainFrame.url)) contents.send(IPC_EVENT_CHANNEL, { event: name, data });
      } catch {
        // A window closing mid-send, or data that cannot be cloned: never break the engine's loop.
      }
    }
  });

  return {
    dispose() {
      unsubscribe();
      for (const channel of IPC_HANDLED_CHANNELS) ipcMain.removeHandler(channel);
    },
  };
}
