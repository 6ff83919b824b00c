/**
 * Runs the real preload bundle (what ships) in a vm with a fake `electron`, and checks the
 * bridge it exposes (checklist 20, RELIABILITY test 3): exactly `surgeBridge`, with exactly
 * `call`, `onEvent` and `hubLink`, no ipcRenderer and no IpcRendererEvent leaking to the page.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUB_LINK_CHANNEL, IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../../shared/contract/wire.js';

const repo = path.resolve(import.meta.dirname, '../../..');
let outdir: string;
let source: string;

interface BuildModule {
  buildElectron(options: { outdir: string; only?: 'main' | 'preload' }): Promise<string[]>;
  PRELOAD_EXTERNALS: string[];
}

beforeAll(async () => {
  outdir = mkdtempSync(path.join(tmpdir(), 'surge-preload-'));
  const script = pathToFileURL(path.join(repo, 'scripts', 'build-electron.mjs')).href;
  const { buildElectron } = (await import(script)) as BuildModule;
  await buildElectron({ outdir, only: 'preload' });
  source = readFileSync(path.join(outdir, 'preload.cjs'), 'utf8');
}, 60_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

function runPreload() {
  const exposed: { key: string; api: unknown }[] = [];
  const listeners = new Map<string, ((...args: unknown[]) => void)[]>();
  const invoked: unknown[][] = [];
  const ipcRenderer = {
    invoke: (...args: unknown[]) => {
      invoked.push(args);
      return Promise.resolve({ ok: true, value: 'pong' });
    },
    on: (channel: string, listener: (...args: unknown[]) => void) => listeners.set(channel, [...(listeners.get(channel) ?? []), listener]),
    removeListener: (channel: string, listener: (...args: unknown[]) => void) =>
      listeners.set(
        channel,
        (listeners.get(channel) ?? []).filter((l) => l !== listener),
      ),
    send: () => {
      throw new Error('the bridge must never use send');
    },
    sendSync: () => {
      throw new Error('the bridge must never use sendSync');
    },
  };
  const electron = { contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.push({ key, api }) }, ipcRenderer };
  const required: string[] = [];
  const sandboxRequire = (name: string) => {
    required.push(name);
    if (name === 'electron') return electron;
    throw new Error(`a sandboxed preload cannot require ${name}`);
  };
  const module = { exports: {} };
  vm.runInNewContext(source, { require: sandboxRequire, module, exports: module.exports, console });
  return { exposed, listeners, invoked, required, ipcRenderer };
}

describe('preload bundle', () => {
  it('is CommonJS and requires nothing but electron', () => {
    const requires = [...source.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect([...new Set(requires)]).toEqual(['electron']);
    expect(source).not.toMatch(/^\s*import\s|^\s*export\s/m);
    expect(runPreload().required).toEqual(['electron']);
  });

  it('exposes exactly window.surgeBridge with exactly call, onEvent and hubLink', () => {
    const { exposed } = runPreload();
    expect(exposed.map((e) => e.key)).toEqual(['surgeBridge']);
    const bridge = exposed[0]!.api as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual(['call', 'hubLink', 'onEvent']);
    expect(Object.isFrozen(bridge)).toBe(true);
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
    expect(JSON.stringify(Object.getOwnPropertyNames(bridge))).not.toMatch(/ipc|send|invoke/i);
  });

  it('call invokes only the call channel; a non-string method is refused', async () => {
    const { exposed, invoked } = runPreload();
    const bridge = exposed[0]!.api as { call(m: unknown, p: unknown): Promise<unknown> };
    await expect(bridge.call('status.get', { a: 1 })).resolves.toEqual({ ok: true, value: 'pong' });
    expect(invoked).toEqual([[IPC_CALL_CHANNEL, 'status.get', { a: 1 }]]);
    await expect(bridge.call({ toString: () => 'x' }, {})).rejects.toThrow(/method must be a string/);
    expect(invoked).toHaveLength(1);
  });

  it('hubLink invokes only the hub-link channel, with the request as given (main parses it)', async () => {
    const { exposed, invoked } = runPreload();
    const bridge = exposed[0]!.api as { hubLink(r: unknown): Promise<unknown> };
    await bridge.hubLink({ action: 'status' });
    expect(invoked).toEqual([[HUB_LINK_CHANNEL, { action: 'status' }]]);
  });

  it('onEvent hands the page only (event, data), never the IpcRendererEvent, and unsubscribes', () => {
    const { exposed, listeners } = runPreload();
    const bridge = exposed[0]!.api as { onEvent(l: (...args: unknown[]) => void): () => void };
    const received: unknown[][] = [];
    const off = bridge.onEvent((...args) => received.push(args));
    const ipcEvent = { sender: 'ipcRenderer itself', ports: [] };
    const deliver = (frame: unknown) => listeners.get(IPC_EVENT_CHANNEL)!.forEach((l) => l(ipcEvent, frame));
    deliver({ event: 'alert.opened', data: { id: 7 } });
    deliver('garbage');
    deliver({ event: 42 });
    expect(received).toEqual([['alert.opened', { id: 7 }]]);
    off();
    off();
    expect(listeners.get(IPC_EVENT_CHANNEL)).toEqual([]);
    expect(() => bridge.onEvent('nope' as never)).toThrow(/listener must be a function/);
  });
});
