/**
 * The IPC transport of the contract (STYLE habits 3–5, checklist 17 and 20). One invoke
 * channel for calls, one send channel for events. Every call is checked: the sender frame
 * must be the main frame of one of our windows, showing our own app origin. Nothing
 * throws across the boundary; every answer is an envelope.
 */
import { fail, type Envelope } from '../../shared/contract/envelope.js';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../shared/contract/wire.js';
import type { Engine } from '../core/engineTypes.js';
import type { FrameLike, IpcMainInvokeEventLike, IpcMainLike, WebContentsLike } from './electronApi.js';
import { isAppUrl } from './security.js';

/** Every channel this binding answers; a test calls each one from a forged frame. */
export const IPC_HANDLED_CHANNELS = [IPC_CALL_CHANNEL] as const;

const MAX_METHOD_LENGTH = 100;

export interface IpcBindingOptions {
  ipcMain: IpcMainLike;
  engine: Pick<Engine, 'dispatch' | 'onEvent'>;
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
  const { ipcMain, engine } = options;
  const rejected = options.onRejected ?? (() => undefined);

  ipcMain.handle(IPC_CALL_CHANNEL, async (event, method, params): Promise<Envelope<unknown>> => {
    try {
      const reason = checkSender(event, options.trustedContents());
      if (reason) {
        rejected(reason);
        return fail('forbidden', 'This window may not call the engine.');
      }
      if (typeof method !== 'string' || method.length === 0 || method.length > MAX_METHOD_LENGTH) {
        return fail('bad_request', 'The method name must be a short string.');
      }
      // The local desktop user owns this engine: admin over IPC (hub clients get real roles).
      return await engine.dispatch(method, params, { role: 'admin', userId: null, transport: 'ipc' });
    } catch {
      return fail('internal', 'The engine failed to answer this call.');
    }
  });

  const unsubscribe = engine.onEvent((name, data) => {
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
      ipcMain.removeHandler(IPC_CALL_CHANNEL);
    },
  };
}
