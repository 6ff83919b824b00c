import { describe, expect, it } from 'vitest';
import { createClient } from '../../shared/contract/client.js';
import { createIpcTransport } from '../../renderer/src/transport/ipc.js';
import { hubSocketUrl, resolveToken, TOKEN_STORAGE_KEY } from '../../renderer/src/transport/pick.js';
import { viewForShortcut, viewFromHash } from '../../renderer/src/routes.js';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
}

describe('hub socket url and token', () => {
  it('builds ws:// for http and wss:// for https, on the page host', () => {
    expect(hubSocketUrl({ protocol: 'http:', host: '127.0.0.1:4477', hash: '' }, null)).toBe('ws://127.0.0.1:4477/api/ws');
    expect(hubSocketUrl({ protocol: 'https:', host: 'hub.example:443', hash: '' }, 'a b&c')).toBe(
      'wss://hub.example:443/api/ws?token=a%20b%26c',
    );
  });

  it('takes the token from #token= and remembers it, else from storage', () => {
    const storage = memoryStorage();
    expect(resolveToken({ protocol: 'http:', host: 'h', hash: '#token=s3cret' }, storage)).toBe('s3cret');
    expect(storage.data.get(TOKEN_STORAGE_KEY)).toBe('s3cret');
    expect(resolveToken({ protocol: 'http:', host: 'h', hash: '#/live' }, storage)).toBe('s3cret');
    expect(resolveToken({ protocol: 'http:', host: 'h', hash: '' }, null)).toBeNull();
  });
});

describe('IPC transport', () => {
  it('passes calls and events through the bridge and is always open', async () => {
    let emit: (event: string, data: unknown) => void = () => {};
    const bridge = {
      call: async (method: string) => ({
        ok: true,
        value: { name: 'Surge Desk', version: '1', startedAt: 1, demo: false, role: 'admin', transport: 'ipc', method },
      }),
      onEvent: (listener: (event: string, data: unknown) => void) => {
        emit = listener;
        return () => {};
      },
    };
    const transport = createIpcTransport(bridge);
    const client = createClient(transport);
    const info = await client.call('system.info', {});
    expect(info.ok && info.value.transport).toBe('ipc');
    const ticks: unknown[] = [];
    client.on('volume.tick', (tick) => ticks.push(tick));
    emit('volume.tick', { minute: 3, increments: { total: 2 } });
    expect(ticks).toEqual([{ minute: 3, increments: { total: 2 } }]);
    expect(transport.status().state).toBe('open');
  });
});

describe('routes', () => {
  it('maps hashes to views and Alt+digits to shortcuts', () => {
    expect(viewFromHash('#/sources')).toBe('sources');
    expect(viewFromHash('#token=abc')).toBe('live');
    expect(viewFromHash('')).toBe('live');
    const key = (k: string, extra: object = {}) => ({ altKey: true, ctrlKey: false, metaKey: false, shiftKey: false, key: k, ...extra });
    expect(viewForShortcut(key('1'))).toBe('live');
    expect(viewForShortcut(key('¡', { code: 'Digit2' }))).toBe('alerts');
    expect(viewForShortcut(key('7'))).toBe('settings');
    expect(viewForShortcut(key('8'))).toBeNull();
    expect(viewForShortcut(key('1', { ctrlKey: true }))).toBeNull();
  });
});
