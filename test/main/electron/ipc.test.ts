import { describe, expect, it } from 'vitest';
import { HUB_LINK_CHANNEL, IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../../shared/contract/wire.js';
import { bindIpc, checkSender, IPC_HANDLED_CHANNELS } from '../../../main/electron/ipc.js';
import { createFakeElectron, FakeFrame, FakeWebContents } from './fakeElectron.js';
import { FakeEngine } from './fakeEngine.js';

function setup() {
  const { ipcMain } = createFakeElectron();
  const engine = new FakeEngine();
  const ours = new FakeWebContents();
  ours.mainFrame.url = 'app://surge/index.html';
  const trusted = [ours];
  const rejections: string[] = [];
  const binding = bindIpc({ ipcMain, engine, trustedContents: () => trusted, onRejected: (r) => rejections.push(r) });
  return { ipcMain, engine, ours, trusted, rejections, binding };
}

/** Every way a call can come from somewhere that is not our window's main frame. */
function forgedEvents(ours: FakeWebContents) {
  const foreign = new FakeWebContents();
  foreign.mainFrame.url = 'app://surge/index.html';
  const main = ours.mainFrame;
  return {
    'no sender frame': { sender: ours, senderFrame: null },
    'a webContents that is not ours': foreign.invokeEvent(),
    'a subframe of our window': ours.invokeEvent(new FakeFrame('app://surge/index.html', main.processId, 42, main)),
    'our main frame on a foreign origin': ours.invokeEvent(new FakeFrame('https://evil.example/', main.processId, main.routingId)),
    'our main frame on file://': ours.invokeEvent(new FakeFrame('file:///tmp/x.html', main.processId, main.routingId)),
    'our main frame on another app host': ours.invokeEvent(new FakeFrame('app://evil/index.html', main.processId, main.routingId)),
    'a frame claiming our routing id in another process': ours.invokeEvent(new FakeFrame('app://surge/', 999, main.routingId)),
    'a malformed event': { sender: undefined, senderFrame: undefined } as never,
  };
}

describe('IPC binding (RELIABILITY test 3, checklist 17)', () => {
  it('rejects a forged sender on every channel it handles, without calling the engine', async () => {
    const { ipcMain, engine, ours } = setup();
    expect(IPC_HANDLED_CHANNELS).toEqual([IPC_CALL_CHANNEL, HUB_LINK_CHANNEL]);
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...IPC_HANDLED_CHANNELS].sort());
    let rejected = 0;
    for (const channel of IPC_HANDLED_CHANNELS) {
      for (const [label, event] of Object.entries(forgedEvents(ours))) {
        const answer = await ipcMain.invoke(channel, event, 'status.get', {});
        expect(answer, label).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
        rejected += 1;
      }
    }
    expect(rejected).toBe(16);
    expect(engine.calls).toHaveLength(0);
  });

  it('rejects a sender whose window was destroyed', async () => {
    const { ipcMain, engine, ours } = setup();
    ours.destroyed = true;
    expect(await ipcMain.invoke(IPC_CALL_CHANNEL, ours.invokeEvent(), 'status.get', {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(engine.calls).toHaveLength(0);
  });

  it('dispatches a genuine call as admin over ipc and returns the envelope unchanged', async () => {
    const { ipcMain, engine, ours } = setup();
    engine.answer = () => ({ ok: false, error: { code: 'bad_request', message: 'nope' } });
    const answer = await ipcMain.invoke(IPC_CALL_CHANNEL, ours.invokeEvent(), 'incident.open', { reason: 'x' });
    expect(answer).toEqual({ ok: false, error: { code: 'bad_request', message: 'nope' } });
    expect(engine.calls).toEqual([
      {
        method: 'incident.open',
        params: { reason: 'x' },
        ctx: { role: 'admin', userId: null, transport: 'ipc', via: 'local', address: 'this computer' },
      },
    ]);
  });

  it('guards wrong types and engine failures: nothing throws across IPC', async () => {
    const { ipcMain, engine, ours } = setup();
    for (const method of [undefined, null, 42, {}, ['x'], '', 'x'.repeat(101)]) {
      expect(await ipcMain.invoke(IPC_CALL_CHANNEL, ours.invokeEvent(), method, {})).toMatchObject({
        ok: false,
        error: { code: 'bad_request' },
      });
    }
    expect(engine.calls).toHaveLength(0);
    engine.answer = () => {
      throw new Error('boom with /secret/path');
    };
    const answer = await ipcMain.invoke(IPC_CALL_CHANNEL, ours.invokeEvent(), 'status.get', {});
    expect(answer).toEqual({ ok: false, error: { code: 'internal', message: expect.not.stringContaining('secret') } });
  });

  it('forwards engine events to every trusted window showing the app, as {event, data}', () => {
    const { engine, ours, trusted } = setup();
    const second = new FakeWebContents();
    second.mainFrame.url = 'app://surge/index.html';
    const navigatedAway = new FakeWebContents();
    navigatedAway.mainFrame.url = 'https://evil.example/';
    const closed = new FakeWebContents();
    closed.mainFrame.url = 'app://surge/index.html';
    closed.destroyed = true;
    trusted.push(second, navigatedAway, closed);
    engine.emit('alert.opened', { id: 1 });
    for (const contents of [ours, second]) {
      expect(contents.sent).toEqual([{ channel: IPC_EVENT_CHANNEL, args: [{ event: 'alert.opened', data: { id: 1 } }] }]);
    }
    expect(navigatedAway.sent).toEqual([]);
    expect(closed.sent).toEqual([]);
  });

  it('keeps forwarding when one window throws on send', () => {
    const { engine, ours, trusted } = setup();
    const broken = new FakeWebContents();
    broken.mainFrame.url = 'app://surge/index.html';
    broken.send = () => {
      throw new Error('An object could not be cloned');
    };
    trusted.unshift(broken);
    expect(() => engine.emit('x', 1)).not.toThrow();
    expect(ours.sent).toHaveLength(1);
  });

  it('dispose removes the handler and stops forwarding', () => {
    const { ipcMain, engine, ours, binding } = setup();
    binding.dispose();
    expect(ipcMain.handlers.size).toBe(0);
    engine.emit('x', 1);
    expect(ours.sent).toHaveLength(0);
  });

  it('checkSender explains why', () => {
    const ours = new FakeWebContents();
    ours.mainFrame.url = 'app://surge/';
    expect(checkSender(ours.invokeEvent(), [ours])).toBeNull();
    expect(checkSender(ours.invokeEvent(null), [ours])).toMatch(/no sender frame/);
  });
});
