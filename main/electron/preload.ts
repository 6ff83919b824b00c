/**
 * Preload of every window (STYLE habit 3, checklist 20). Exposes exactly
 * `window.surgeBridge` with exactly `call`, `onEvent` and `hubLink` (connect to a team hub,
 * disconnect, or ask which; the main process parses every request). The renderer never sees
 * ipcRenderer, an IpcRendererEvent (its `sender` is ipcRenderer itself) or a generic send.
 *
 * Imports only electron's bridge and shared/ (a lint rule holds this). Sandboxed preloads
 * cannot load ESM or most Node modules, so scripts/build-electron.mjs bundles this file
 * to out/electron/preload.cjs (CommonJS, `electron` external); the tests run that bundle.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { HUB_LINK_CHANNEL, IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type SurgeBridge } from '../../shared/contract/wire.js';

const surgeBridge: SurgeBridge = Object.freeze({
  call(method: string, params: unknown): Promise<unknown> {
    if (typeof method !== 'string') return Promise.reject(new TypeError('method must be a string'));
    return ipcRenderer.invoke(IPC_CALL_CHANNEL, method, params);
  },
  onEvent(listener: (event: string, data: unknown) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    const handler = (_event: unknown, frame: unknown): void => {
      if (typeof frame !== 'object' || frame === null) return;
      const { event, data } = frame as { event?: unknown; data?: unknown };
      if (typeof event === 'string') listener(event, data);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
    };
  },
  hubLink(request: unknown): Promise<unknown> {
    return ipcRenderer.invoke(HUB_LINK_CHANNEL, request);
  },
});

contextBridge.exposeInMainWorld('surgeBridge', surgeBridge);
