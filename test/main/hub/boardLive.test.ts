/**
 * The board over real hub sockets: a change by one user reaches every signed-in client; a
 * signed-out or malformed caller gets an error and the hub keeps serving the others; a client
 * catches up by sequence number after the hub restarted on the same database file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { BoardChange, SinceResult } from '../../../shared/contract/board.js';
import { startHub, type Hub } from '../../../main/hub/server.js';
import WebSocket from 'ws';
import {
  CALL_BURST,
  FLOOD_COOLDOWN_SECONDS,
  READ_BURST_BYTES,
  READ_BURST_FRAMES,
  READ_BYTES_PER_SECOND,
  READ_FRAMES_PER_SECOND,
} from '../../../main/hub/socket.js';
import { MAX_FRAME_BYTES } from '../../../shared/contract/wire.js';
import { COOLING_DOWN_MESSAGE, httpRefusalProbe } from '../../../shared/transport/refusal.js';
import { createWebSocketTransport, type SocketLike } from '../../../shared/transport/websocket.js';
import { boardRig, PASSWORD, type BoardRig } from '../board/helpers.js';
import { connectClient, type TestClient } from './wsClient.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** `now`: the clock read budgets refill by, so a test can let a cooldown pass without waiting it out. */
async function hubFor(rig: BoardRig, now?: () => number, refusalHoldMs = 0): Promise<Hub> {
  const hub = await startHub({
    ...(now ? { now } : {}),
    // Most tests here time the refusal itself; the hold before it has its own tests below.
    refusalHoldMs,
    engine: rig.engine,
    host: '127.0.0.1',
    port: 0,
    staticDir: '/nonexistent',
    tokens: rig.engine.accessTokens,
    auth: rig.engine.auth,
    loopbackAdmin: false,
    health: () => ({}),
    metrics: () => '',
  });
  cleanups.push(() => hub.close());
  return hub;
}

async function signedIn(hub: Hub, username: string, from?: string): Promise<TestClient & { token: string }> {
  const client = await connectClient(hub.url, '', from ? { localAddress: from } : {});
  cleanups.push(() => client.close());
  const answer = await client.call('auth.login', { username, password: PASSWORD });
  if (!answer.ok) throw new Error(answer.error!.message);
  return Object.assign(client, { token: (answer.value as { token: string }).token });
}

const changes = (c: TestClient) => c.events.filter((e) => e.event === 'board.changed').map((e) => e.data as BoardChange);

describe('the board over the hub', () => {
  it('a change by one user reaches every signed-in client; a signed-out one gets nothing and is told to sign in', async () => {
    const rig = boardRig();
    cleanups.push(() => rig.engine.stop());
    const hub = await hubFor(rig);
    const lead = await signedIn(hub, 'lena');
    const operator = await signedIn(hub, 'omar');
    const stranger = await connectClient(hub.url);
    cleanups.push(() => stranger.close());
    expect(await stranger.call('board.snapshot', {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });

    const created = await operator.call('board.create', { title: 'Checkout down', priority: 'P1' });
    expect(created.ok).toBe(true);
    const { card } = created.value as BoardChange;
    await lead.waitFor(() => changes(lead).length === 1);
    const moved = await lead.call('board.update', { id: card.id, baseVersion: 1, patch: { assigneeId: 'u-omar' } });
    expect(moved).toMatchObject({ ok: true, value: { result: 'updated', card: { status: 'assigned' } } });
    await operator.waitFor(() => changes(operator).length === 2);
    expect(changes(operator).map((c) => [c.seq, c.card.status])).toEqual([
      [1, 'new'],
      [2, 'assigned'],
    ]);
    expect(stranger.events).toEqual([]);
    // Presence crosses clients too, and closing the socket releases it.
    await lead.call('board.presence', { cardId: card.id });
    await operator.waitFor(() => operator.events.some((e) => e.event === 'board.presence'));
    lead.close();
    await operator.waitFor(() => operator.events.filter((e) => e.event === 'board.presence').length === 2);
    expect(operator.events.filter((e) => e.event === 'board.presence').at(-1)!.data).toEqual({
      entries: [{ cardId: card.id, viewers: [] }],
    });
  });

  it('malformed frames (random bytes, wrong types, huge, binary) get an error; the hub keeps serving everyone else', async () => {
    const rig = boardRig();
    cleanups.push(() => rig.engine.stop());
    const hub = await hubFor(rig);
    const bystander = await signedIn(hub, 'lena');
    let abuser = await signedIn(hub, 'omar');
    const frames = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      fc
        .record({
          type: fc.oneof(fc.constant('call'), fc.anything()),
          // Negative ids only: a stray answer must not land on the test client's own (positive) call ids.
          id: fc.oneof(
            fc.integer({ max: -1 }),
            fc.string({ maxLength: 80 }),
            fc.anything().filter((v) => typeof v !== 'number' || v < 0),
          ),
          method: fc.oneof(
            fc.constantFrom('board.update', 'board.create', 'board.since', 'board.presence', 'board.saveSla'),
            fc.anything(),
          ),
          params: fc.anything({ maxDepth: 3 }),
        })
        .map((v) => JSON.stringify(v) ?? 'null'),
    );
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(frames, async (frame) => {
        const before = abuser.unaddressed.length;
        abuser.ws.send(frame);
        // Every frame is answered: an addressed error, an unaddressed one, or (not here) a result.
        const ping = await abuser.call('board.since', { seq: 0 });
        expect(ping.ok).toBe(true);
        answered += abuser.unaddressed.length - before;
      }),
      { numRuns: 150 },
    );
    expect(answered).toBeGreaterThan(0);
    // Frames the hub could not read are refused as such; any it could (a valid call with a stray id) answer an
    // ordinary envelope. None made a handler fail.
    for (const r of abuser.unaddressed) {
      if (r.ok) continue;
      expect(['bad_request', 'too_large', 'unknown_method', 'forbidden', 'not_found']).toContain(r.error!.code);
      expect(r.error!.message).not.toMatch(/\.ts:|at [A-Za-z]+ \(/);
    }

    // A deeply nested frame and a 1 MiB+ frame: typed errors, still connected.
    const mark = abuser.unaddressed.length;
    abuser.ws.send('['.repeat(200_000));
    abuser.ws.send(JSON.stringify({ type: 'call', id: 1, method: 'board.create', params: { title: 'x'.repeat(1024 * 1024) } }));
    abuser.ws.send(Buffer.from([0xde, 0xad, 0xbe, 0xef]), { binary: true });
    await abuser.waitFor(() => abuser.unaddressed.length >= mark + 3);
    expect(abuser.unaddressed.slice(mark).map((r) => r.error!.code)).toEqual(['bad_request', 'too_large', 'bad_request']);

    // Invalid UTF-8 in a text frame and a frame above the hard limit close that connection only.
    abuser.ws.send(Buffer.from([0xff, 0xfe, 0xfd]), { binary: false });
    expect(await abuser.closed).toBe(1007);
    abuser = await signedIn(hub, 'omar');
    abuser.ws.send('x'.repeat(9 * 1024 * 1024));
    expect(await abuser.closed).toBe(1009);

    // Everyone else was served throughout, and still is.
    const other = await signedIn(hub, 'olga');
    const created = await other.call('board.create', { title: 'Still here', priority: 'P3' });
    expect(created.ok).toBe(true);
    await bystander.waitFor(() => changes(bystander).some((c) => c.card.title === 'Still here'));
    expect((await bystander.call('board.snapshot', {})).ok).toBe(true);
  });

  it('catches up by sequence number after the hub restarted on the same database file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'surge-board-restart-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const dbFile = join(dir, 'surge.db');

    let rig = boardRig({ dbFile });
    let hub = await hubFor(rig);
    const watcher = await signedIn(hub, 'omar');
    const lead = await signedIn(hub, 'lena');
    const a = ((await lead.call('board.create', { title: 'A', priority: 'P2' })).value as BoardChange).card;
    await watcher.waitFor(() => changes(watcher).length === 1);
    const lastSeen = changes(watcher).at(-1)!.seq;
    watcher.close();
    await lead.call('board.update', { id: a.id, baseVersion: 1, patch: { status: 'triaged' } });
    const b = ((await lead.call('board.create', { title: 'B', priority: 'P3' })).value as BoardChange).card;
    await hub.close();
    await rig.engine.stop();

    rig = boardRig({ dbFile });
    cleanups.push(() => rig.engine.stop());
    hub = await hubFor(rig);
    const lead2 = await signedIn(hub, 'lena');
    await lead2.call('board.update', { id: b.id, baseVersion: 1, patch: { priority: 'P1' } });
    // The watcher comes back with its kept session and its last seq.
    const back = await connectClient(hub.url, `?session=${watcher.token}`);
    cleanups.push(() => back.close());
    const since = await back.call('board.since', { seq: lastSeen });
    expect(since.ok).toBe(true);
    const result = since.value as SinceResult;
    expect(result.kind).toBe('changes');
    if (result.kind !== 'changes') return;
    expect(result.seq).toBe(4);
    expect(result.changes.map((c) => [c.seq, c.card.title, c.card.status, c.card.priority, c.card.version])).toEqual([
      [2, 'A', 'triaged', 'P2', 2],
      [4, 'B', 'new', 'P1', 2],
    ]);
    // Seq numbers continue across the restart; nothing was reused.
    const c = (await lead2.call('board.create', { title: 'C', priority: 'P4' })).value as BoardChange;
    expect(c.seq).toBe(5);
  });
});

describe('a flooding connection', () => {
  it('is answered rate_limited past its burst, and the others are still served', async () => {
    const rig = boardRig();
    cleanups.push(() => rig.engine.stop());
    const hub = await hubFor(rig);
    const bystander = await signedIn(hub, 'lena');
    const flood = await signedIn(hub, 'omar');
    const answers = await Promise.all(Array.from({ length: CALL_BURST + 200 }, () => flood.call('board.since', { seq: 0 }, 20_000)));
    const limited = answers.filter((a) => !a.ok);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]!.error).toEqual({
      code: 'rate_limited',
      message: 'Too many calls on this connection; slow down and try again in a moment.',
    });
    expect(await bystander.call('board.snapshot', {})).toMatchObject({ ok: true });
    // The allowance refills.
    await new Promise((r) => setTimeout(r, 50));
    expect(await flood.call('board.since', { seq: 0 })).toMatchObject({ ok: true });
  });

  it('is closed (1008) once it keeps sending far past that, well-formed or not; the others are still served', async () => {
    const rig = boardRig();
    cleanups.push(() => rig.engine.stop());
    const hub = await hubFor(rig);
    const bystander = await signedIn(hub, 'lena');
    const flood = await signedIn(hub, 'omar');
    const started = performance.now();
    for (let i = 0; i < READ_BURST_FRAMES + 500; i++)
      flood.ws.send(i % 2 ? '{"type":"call","id":' : '{"type":"call","id":-1,"method":"board.since","params":{"seq":0}}');
    expect(await flood.closed).toBe(1008);
    // The burst, plus what the allowance refilled while the frames arrived (a loaded machine
    // takes longer to deliver them): never the whole flood.
    const refilled = Math.ceil(((performance.now() - started) / 1000) * READ_FRAMES_PER_SECOND);
    expect(flood.unaddressed.length).toBeLessThanOrEqual(READ_BURST_FRAMES + refilled);
    expect(flood.unaddressed.length).toBeLessThan(READ_BURST_FRAMES + 500);
    expect(await bystander.call('board.snapshot', {})).toMatchObject({ ok: true });
  });

  it('one sending more bytes than its budget is read no faster than the budget, and the others are served meanwhile', async () => {
    const rig = boardRig();
    cleanups.push(() => rig.engine.stop());
    const hub = await hubFor(rig);
    const bystander = await signedIn(hub, 'lena');
    const heavy = await signedIn(hub, 'omar');
    const frames = READ_BURST_BYTES / MAX_FRAME_BYTES + 3;
    const started = Date.now();
    for (let i = 0; i < frames; i++) heavy.ws.send('x'.repeat(MAX_FRAME_BYTES + 1));
    const behind = heavy.call('board.since', { seq: 0 }, 10_000);
    // While the hub waits to read the rest of its frames, everyone else is answered.
    await heavy.waitFor(() => heavy.unaddressed.length >= 1);
    expect(await bystander.call('board.snapshot', {})).toMatchObject({ ok: true });
    expect(heavy.unaddressed.length).toBeLessThan(frames);
    expect(await behind).toMatchObject({ ok: true });
    // Read by then: the burst, the frame that crossed it, one socket read, and what the rate refilled.
    const slack = MAX_FRAME_BYTES + 1 + 64 * 1024;
    const leastMs = ((frames * (MAX_FRAME_BYTES + 1) - READ_BURST_BYTES - slack) / READ_BYTES_PER_SECOND) * 1000;
    expect(Date.now() - started).toBeGreaterThanOrEqual(leastMs);
    // Every frame was still answered, as too large.
    expect(heavy.unaddressed.map((r) => r.error!.code)).toEqual(Array(frames).fill('too_large'));
  });
});

/** Floods `client` far past its read budget and waits for the hub to close it. */
async function floodUntilClosed(client: TestClient): Promise<void> {
  for (let i = 0; i < READ_BURST_FRAMES + 500; i++) client.ws.send('{"type":"call","id":');
  expect(await client.closed).toBe(1008);
}

/** A plain GET from another loopback address, as a browser on that machine would ask (fetch cannot pick its address). */
function getFrom(url: string, localAddress: string, signal: AbortSignal) {
  return new Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>((resolve, reject) => {
    const req = httpGet(url, { localAddress, signal }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: { get: (name) => [res.headers[name.toLowerCase()]].flat()[0] ?? null },
          text: () => Promise.resolve(body),
        }),
      );
    });
    req.on('error', reject);
  });
}

type Knock = { refused: number; retryAfter: string | undefined; body: string } | { code: number; reason: string } | 'open';

/**
 * Connects and waits for the first of: the upgrade refused (status, Retry-After, body), a close
 * after it opened (code and reason), or `ms` of staying open. Any `open` event counts as open.
 */
async function knock(url: string, query: string, ms: number, options: WebSocket.ClientOptions = {}): Promise<Knock> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/ws${query}`, options);
  let opened = false;
  ws.on('error', () => undefined);
  ws.on('open', () => (opened = true));
  const result = await new Promise<Knock>((resolve) => {
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ refused: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body }));
    });
    ws.once('close', (code, reason) => resolve(opened ? { code, reason: reason.toString() } : { code, reason: 'never opened' }));
    setTimeout(() => resolve('open'), ms);
  });
  ws.terminate();
  if (opened && typeof result === 'object' && 'refused' in result) throw new Error('refused after an open event');
  return result;
}

/** A refused upgrade as the flooder sees it: 429, Retry-After in whole seconds up to the cooldown (+1 for the frame it owes). */
function expectCooling(result: Knock): number {
  expect(result).toMatchObject({ refused: 429, body: expect.stringMatching(/^Too many requests: .* Connect again in \d+ s\.\n$/) });
  const seconds = Number((result as { retryAfter: string }).retryAfter);
  expect(Number.isInteger(seconds)).toBe(true);
  expect(seconds).toBeGreaterThanOrEqual(FLOOD_COOLDOWN_SECONDS - 1);
  expect(seconds).toBeLessThanOrEqual(FLOOD_COOLDOWN_SECONDS + 1);
  return seconds;
}

describe('a flooder that reconnects', () => {
  it('finds its budget still spent (refused at the upgrade, 429), however it comes back; another user on the same machine is served', async () => {
    const rig = boardRig();
    cleanups.push(() => rig.engine.stop());
    const hub = await hubFor(rig);
    const flood = await signedIn(hub, 'omar');
    await floodUntilClosed(flood);

    // Back with its session in the URL: refused before the handshake, in plain HTTP.
    expectCooling(await knock(hub.url, `?session=${flood.token}`, 1000));
    expectCooling(await knock(hub.url, `?token=${flood.token}`, 1000));
    // Back signed out, signing in again: closed as soon as the hub knows who it is.
    const again = await connectClient(hub.url);
    cleanups.push(() => again.close());
    void again.call('auth.login', { username: 'omar', password: PASSWORD }).catch(() => undefined);
    expect(await again.closed).toBe(1008);

    // Lena, on the same machine and address, signs in and works as usual.
    const lena = await signedIn(hub, 'lena');
    const answers = await Promise.all(Array.from({ length: 50 }, () => lena.call('board.since', { seq: 0 })));
    expect(answers.every((a) => a.ok)).toBe(true);
  });

  it('an anonymous loopback flooder is remembered by its address; a caller with an access token is not touched', async () => {
    const rig = boardRig();
    cleanups.push(() => rig.engine.stop());
    const token = rig.engine.accessTokens.issueFirstAdminToken()!;
    const hub = await hubFor(rig);
    const flood = await connectClient(hub.url);
    cleanups.push(() => flood.close());
    await floodUntilClosed(flood);
    expectCooling(await knock(hub.url, '', 1000));
    const scripted = await connectClient(hub.url, `?token=${token}`);
    cleanups.push(() => scripted.close());
    expect(await scripted.call('board.since', { seq: 0 })).toMatchObject({ ok: true });
  });

  it('a client that reconnects after a network blip, even one that had just used most of its burst, is not held back', async () => {
    const rig = boardRig();
    cleanups.push(() => rig.engine.stop());
    const hub = await hubFor(rig);
    const client = await signedIn(hub, 'omar');
    const burst = await Promise.all(Array.from({ length: CALL_BURST }, () => client.call('board.since', { seq: 0 }, 20_000)));
    expect(burst.every((a) => a.ok)).toBe(true);
    client.ws.terminate();
    expect(await knock(hub.url, `?session=${client.token}`, 300)).toBe('open');
    const back = await connectClient(hub.url, `?session=${client.token}`);
    cleanups.push(() => back.close());
    const answers = await Promise.all(Array.from({ length: 100 }, () => back.call('board.since', { seq: 0 })));
    expect(answers.every((a) => a.ok)).toBe(true);
  });
});

describe('a flooder refused at the upgrade', () => {
  it('gets 429 with Retry-After and never opens while it owes; once the clock has passed Retry-After it connects; a caller on another address is unaffected', async () => {
    const rig = boardRig();
    cleanups.push(() => rig.engine.stop());
    let skew = 0;
    const hub = await hubFor(rig, () => Date.now() + skew);
    const flooder = { localAddress: '127.0.0.2' };
    const flood = await connectClient(hub.url, '', flooder);
    cleanups.push(() => flood.close());
    await floodUntilClosed(flood);

    const seconds = expectCooling(await knock(hub.url, '', 1000, flooder));
    // A browser, which cannot read a refused upgrade, asks the same question as a plain GET.
    const asked = await fetch(`${hub.url}/api/ws`);
    expect(asked.status).toBe(426);
    // Another machine, signed out or signing in, is not touched by this address's debt.
    expect(await knock(hub.url, '', 300, { localAddress: '127.0.0.3' })).toBe('open');
    const lena = await signedIn(hub, 'lena', '127.0.0.3');
    expect(await lena.call('board.since', { seq: 0 })).toMatchObject({ ok: true });

    // Most of the cooldown later it still owes; once Retry-After has passed it connects and works.
    skew += (FLOOD_COOLDOWN_SECONDS - 3) * 1000;
    expect(await knock(hub.url, '', 1000, flooder)).toMatchObject({ refused: 429 });
    skew = seconds * 1000;
    expect(await knock(hub.url, '', 300, flooder)).toBe('open');
    const back = await signedIn(hub, 'omar', flooder.localAddress);
    expect(await back.call('board.since', { seq: 0 })).toMatchObject({ ok: true });
  });

  it('a token is judged by its token wherever it comes from (query or Authorization header); the plain GET answers the same 429', async () => {
    const rig = boardRig();
    cleanups.push(() => rig.engine.stop());
    const token = rig.engine.accessTokens.issueFirstAdminToken()!;
    const hub = await hubFor(rig);
    const flood = await connectClient(hub.url, `?token=${token}`, { localAddress: '127.0.0.2' });
    cleanups.push(() => flood.close());
    await floodUntilClosed(flood);

    expectCooling(await knock(hub.url, `?token=${token}`, 1000, { localAddress: '127.0.0.4' }));
    expectCooling(await knock(hub.url, '', 1000, { localAddress: '127.0.0.4', headers: { authorization: `Bearer ${token}` } }));
    const asked = await fetch(`${hub.url}/api/ws?token=${token}`);
    expect(asked.status).toBe(429);
    expect(Number(asked.headers.get('retry-after'))).toBeGreaterThanOrEqual(FLOOD_COOLDOWN_SECONDS - 1);
    expect(await asked.text()).toMatch(/^Too many requests: the hub cut off this access token/);
    // The address it flooded from owes nothing: signed out from there, it gets in.
    expect(await knock(hub.url, '', 300, { localAddress: '127.0.0.2' })).toBe('open');
  });

  it('a script that reconnects the moment it is refused, ignoring Retry-After, is held before each 429: a few knocks a second, not thousands', async () => {
    const rig = boardRig();
    cleanups.push(() => rig.engine.stop());
    const holdMs = 400;
    const hub = await hubFor(rig, undefined, holdMs);
    const from = { localAddress: '127.0.0.6' };
    const flood = await connectClient(hub.url, '', from);
    cleanups.push(() => flood.close());
    await floodUntilClosed(flood);

    const started = Date.now();
    const answers: Knock[] = [];
    while (Date.now() - started < 2_000) answers.push(await knock(hub.url, '', 5_000, from));
    // Without the hold each knock is answered in about a millisecond: hundreds in two seconds.
    expect(answers.length).toBeLessThanOrEqual(Math.ceil(2_000 / holdMs) + 1);
    expectCooling(answers[0]!);
    // Each answer's Retry-After counts from when it was sent, so it counts down through the holds.
    const seconds = answers.map((answer) => {
      expect(answer).toMatchObject({ refused: 429 });
      return Number((answer as { retryAfter: string }).retryAfter);
    });
    expect(seconds).toEqual([...seconds].sort((a, b) => b - a));
    expect(seconds.at(-1)).toBeLessThan(seconds[0]!);
    // The held caller holds up no one else.
    expect(await knock(hub.url, '', 300, { localAddress: '127.0.0.7' })).toBe('open');
  });

  it('a held upgrade does not hold up the hub shutting down', async () => {
    const rig = boardRig();
    cleanups.push(() => rig.engine.stop());
    const hub = await hubFor(rig, undefined, 8_000);
    const from = { localAddress: '127.0.0.8' };
    const flood = await connectClient(hub.url, '', from);
    cleanups.push(() => flood.close());
    await floodUntilClosed(flood);
    const held = knock(hub.url, '', 10_000, from);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const closing = Date.now();
    await hub.close();
    expect(Date.now() - closing).toBeLessThan(2_000);
    expect(await held).toMatchObject({ reason: 'never opened' });
  });

  it('the web UI on a cooling-down address shows why and waits at least Retry-After before its next try, instead of looping', async () => {
    const rig = boardRig();
    cleanups.push(() => rig.engine.stop());
    let skew = 0;
    const hub = await hubFor(rig, () => Date.now() + skew);
    const from = { localAddress: '127.0.0.5' };
    const flood = await connectClient(hub.url, '', from);
    cleanups.push(() => flood.close());
    await floodUntilClosed(flood);

    let tries = 0;
    const transport = createWebSocketTransport(`${hub.url.replace(/^http/, 'ws')}/api/ws`, {
      // The UI's own client (renderer/src/transport/pick.ts), from the flooded address, with a short backoff.
      createSocket: (url) => {
        tries++;
        return new WebSocket(url, from) as unknown as SocketLike;
      },
      probe: httpRefusalProbe((url, init) => getFrom(url, from.localAddress, init.signal)),
      backoff: { baseMs: 10, maxMs: 20, jitter: 0 },
    });
    cleanups.push(() => transport.close());
    await flood.waitFor(() => transport.status().state === 'closed');
    const status = transport.status();
    expect(status.notice).toBe(COOLING_DOWN_MESSAGE);
    expect(status.retryAt! - Date.now()).toBeGreaterThan((FLOOD_COOLDOWN_SECONDS - 1) * 1000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(tries).toBe(1);

    // Paid up (the hub's clock moved on): "Retry now" connects.
    skew += (FLOOD_COOLDOWN_SECONDS + 1) * 1000;
    transport.reconnectNow();
    await flood.waitFor(() => transport.status().state === 'open');
    expect(tries).toBe(2);
  });
});
