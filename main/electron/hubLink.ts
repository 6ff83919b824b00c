/**
 * The desktop's link to a team hub. While connected, the window's IPC calls go to the hub
 * over one WebSocket the main process holds, bound to the signed-in user's session: the hub
 * then checks that user's roles on every call, exactly as for a browser. The renderer keeps
 * talking IPC, so its CSP stays `connect-src 'self'` and it never holds the session token:
 * the token lives here, and on disk only encrypted with safeStorage.
 *
 * Disconnecting (or never connecting) leaves the window on this computer's engine as its one
 * local admin.
 */
import { createHash } from 'node:crypto';
import WebSocket from 'ws';
import { z } from 'zod';
import { createClient, type SurgeClient } from '../../shared/contract/client.js';
import { envelopeSchema, fail, ok, type Envelope, type ErrorCode } from '../../shared/contract/envelope.js';
import { HUB_LINK_STATUS_EVENT, hubLinkRequestSchema, type HubLinkRequest, type HubLinkState } from '../../shared/contract/hubLink.js';
import { meSchema, SESSION_BINDING, signedInSchema, type Me } from '../../shared/contract/team.js';
import type { PagedWho } from '../../shared/pageNotice.js';
import type { ManagedTransport } from '../../shared/transport/types.js';
import { httpRefusalProbe } from '../../shared/transport/refusal.js';
import { createWebSocketTransport, type SocketLike } from '../../shared/transport/websocket.js';
import type { Logger } from '../lib/log.js';
import { joinTarget, parseHubAddress, type HubAddress } from './hubAddress.js';
import type { IpcTarget } from './ipc.js';
import type { TokenKeyring } from './safeStorageKeyring.js';
import type { KeyValueStore } from './windowState.js';

export const HUB_LINK_KEY = 'hubLink';

/** What is kept on disk: the hub, and the session token encrypted by safeStorage (absent when signed out or not protectable). */
const savedLinkSchema = z.object({ url: z.string().max(2048), token: z.string().max(8192).optional() });

export interface HubLinkOptions {
  keyring: TokenKeyring;
  store: KeyValueStore;
  log?: Logger;
  /** How long reaching the hub and its first answers may take when connecting. */
  timeoutMs?: number;
  version?: string;
}

type Change = (state: HubLinkState) => void;

export class HubLink implements IpcTarget {
  private address: HubAddress | null = null;
  private transport: ManagedTransport | null = null;
  private client: SurgeClient | null = null;
  /** Connected (signed in, or restored): the window's calls go to the hub. Not while a connect is still being tried. */
  private live = false;
  private offTransport: (() => void)[] = [];
  /** The session token in clear: only ever in this process's memory. */
  private session: string | null = null;
  /** Who the session is (a `session` me), null while signed out. */
  private me: Me | null = null;
  private kept = true;
  private notice: string | null = null;
  private lastError: Error | null = null;
  private readonly eventListeners = new Set<(event: string, data: unknown) => void>();
  private readonly changeListeners = new Set<Change>();
  private readonly timeoutMs: number;

  constructor(private readonly options: HubLinkOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** True while the window talks to a hub rather than this computer's engine. */
  /** The signed-in person on the hub (whom its pages are for), null while signed out. */
  get who(): PagedWho | null {
    return this.me?.user ? { userId: this.me.user.id, roles: this.me.roles } : null;
  }

  get active(): boolean {
    return this.live;
  }

  state(): HubLinkState {
    if (!this.address || !this.transport || !this.live) return { mode: 'local' };
    return {
      mode: 'hub',
      url: this.address.origin,
      link: this.transport.status(),
      user: this.me?.user?.displayName ?? null,
      kept: this.kept,
      notice: this.notice,
      session: this.session ? sessionDigest(this.session) : null,
    };
  }

  /** Connect, disconnect or say which: the window's `hubLink` requests. */
  async handle(raw: unknown): Promise<Envelope<HubLinkState>> {
    const request = hubLinkRequestSchema.safeParse(raw);
    if (!request.success) return fail('bad_request', 'That request to connect or disconnect could not be read.');
    try {
      return await this.run(request.data);
    } catch (error) {
      this.options.log?.log('error', `hub link: ${error instanceof Error ? error.message : String(error)}`);
      return fail('internal', 'Connecting to the hub failed unexpectedly; this computer’s engine is still in use.');
    }
  }

  private async run(request: HubLinkRequest): Promise<Envelope<HubLinkState>> {
    if (request.action === 'status') return ok(this.state());
    if (request.action === 'disconnect') return ok(await this.disconnect());
    if (request.action === 'reconnect') {
      this.transport?.reconnectNow();
      return ok(this.state());
    }
    if (this.live) return fail('conflict', `Already connected to ${this.address?.origin}: disconnect first.`);
    if (this.transport) return fail('conflict', 'Already connecting to a hub; wait for it to answer.');
    if (request.action === 'signIn') {
      const address = parseHubAddress(request.url);
      if (!address.ok) return fail('bad_request', address.message);
      if (!request.username.trim() || !request.password) return fail('bad_request', 'Enter your username and password for this hub.');
      return this.connect(address.value, (client) =>
        client.call('auth.login', { username: request.username.trim().toLowerCase(), password: request.password }),
      );
    }
    const target = joinTarget(request.url, request.invite);
    if (!target.ok) return fail('bad_request', target.message);
    if (request.password.length < 8) return fail('bad_request', 'Choose a password of at least 8 characters.');
    const { token } = target.value;
    const displayName = request.displayName?.trim();
    return this.connect(target.value.address, (client) =>
      client.call('auth.acceptInvite', { token, password: request.password, ...(displayName ? { displayName } : {}) }),
    );
  }

  private async connect(
    address: HubAddress,
    signIn: (client: SurgeClient) => Promise<Envelope<z.infer<typeof signedInSchema>>>,
  ): Promise<Envelope<HubLinkState>> {
    this.open(address, null);
    const client = this.client!;
    const problem = await this.reach(address);
    if (problem) return this.abandon(problem);
    const hello = await client.handshake();
    if (hello.status !== 'compatible') return this.abandon(hello.message);
    const answer = await client.call('auth.me', {});
    if (!answer.ok && answer.error.code === 'unknown_method')
      return this.abandon(`The hub at ${address.origin} has no user accounts: update it to a version with sign-in.`);
    const signedIn = await signIn(client);
    if (!signedIn.ok) return this.abandon(signedIn.error.message, signedIn.error.code);
    this.notice = null;
    this.keep(signedIn.value.token, signedIn.value.me);
    this.live = true;
    this.options.log?.log('info', `connected to the team hub ${address.origin}`);
    this.changed();
    return ok(this.state());
  }

  /** Waits for the first open of a fresh link; returns why it failed in plain words, or null. */
  private reach(address: HubAddress): Promise<string | null> {
    const transport = this.transport!;
    return new Promise((resolve) => {
      let done = false;
      let off: (() => void) | null = null;
      const finish = (problem: string | null) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        off?.();
        resolve(problem);
      };
      const timer = setTimeout(
        () =>
          finish(
            `The hub at ${address.origin} did not answer within ${Math.round(this.timeoutMs / 1000)} s: check the address and your network.`,
          ),
        this.timeoutMs,
      );
      off = transport.onStatus((status) => {
        if (status.state === 'open') finish(null);
        else if (status.state === 'closed' && status.attempt >= 1) finish(explainSocketError(this.lastError, address));
      });
      if (done) off();
    });
  }

  /** A connect that did not work: back to this computer's engine, nothing kept. */
  private abandon(message: string, code: ErrorCode = 'unavailable'): Envelope<never> {
    this.close();
    this.address = null;
    this.session = null;
    return fail(code, message);
  }

  /** Starts (or restarts) the link's socket; reconnects carry the kept session. */
  private open(address: HubAddress, session: string | null): void {
    this.close();
    this.address = address;
    this.session = session;
    this.lastError = null;
    const transport = createWebSocketTransport(
      () => (this.session ? `${address.socketUrl}?session=${encodeURIComponent(this.session)}` : address.socketUrl),
      { createSocket: (url) => this.createSocket(url), callTimeoutMs: 15_000, probe: httpRefusalProbe(fetch) },
    );
    this.transport = transport;
    this.client = createClient(transport, { clientName: `Surge Desk desktop${this.options.version ? ` ${this.options.version}` : ''}` });
    this.offTransport = [
      transport.onEvent((event, data) => {
        if (event === 'auth.sessionEnded') this.forgetSession(null);
        this.emit(event, data);
      }),
      transport.onStatus((status) => this.emit(HUB_LINK_STATUS_EVENT, status)),
    ];
  }

  private createSocket(url: string): SocketLike {
    // No Origin header (a hub refuses foreign browser origins; this is not a browser), a bounded handshake.
    const socket = new WebSocket(url, { handshakeTimeout: this.timeoutMs, maxPayload: 8 * 1024 * 1024 });
    socket.on('error', (error) => {
      this.lastError = error;
    });
    return socket as unknown as SocketLike;
  }

  /** Calls from the window while connected: to the hub, as the signed-in user. */
  async call(method: string, params: unknown): Promise<Envelope<unknown>> {
    const transport = this.transport;
    if (!transport || !this.live) return fail('unavailable', 'This app is not connected to a team hub.');
    // The renderer never holds the token, so it has nothing to resume with; this process does that.
    if (method === 'auth.resume') return fail('forbidden', 'The desktop app resumes its hub session itself; sign in instead.');
    let raw: unknown;
    try {
      raw = await transport.call(method, params);
    } catch (error) {
      return fail('unavailable', error instanceof Error ? error.message : 'The hub did not answer.');
    }
    const answer = envelopeSchema.safeParse(raw);
    if (!answer.success) return fail('internal', 'The hub sent an answer this app cannot read.');
    if (!answer.data.ok) return answer.data;
    const binding = Object.prototype.hasOwnProperty.call(SESSION_BINDING, method)
      ? SESSION_BINDING[method as keyof typeof SESSION_BINDING]
      : null;
    if (binding === 'answer') {
      const signedIn = signedInSchema.safeParse(answer.data.value);
      if (!signedIn.success) return fail('internal', `The hub's answer to ${method} did not match the contract.`);
      this.notice = null;
      this.keep(signedIn.data.token, signedIn.data.me);
      // The window gets who it is, never the token: it stays in this process.
      return ok({ ...signedIn.data, token: '' });
    }
    if (binding === 'clear') this.forgetSession(null);
    if (method === 'auth.me') {
      const me = meSchema.safeParse(answer.data.value);
      if (me.success) this.me = me.data.via === 'session' ? me.data : null;
    }
    return answer.data;
  }

  onEvent(listener: (event: string, data: unknown) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Connected or disconnected (not sign-ins on the same hub): the shell reloads the window then. */
  onChange(listener: Change): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /**
   * At start: back to the hub of the last run, resuming its kept session. The link comes up
   * in the background (the window shows "connecting" meanwhile); an ended session leaves the
   * window on the hub's sign-in with a plain notice.
   */
  async restore(): Promise<HubLinkState> {
    const saved = savedLinkSchema.safeParse(this.options.store.get(HUB_LINK_KEY));
    if (!saved.success) return this.state();
    const address = parseHubAddress(saved.data.url);
    if (!address.ok) {
      this.options.store.set(HUB_LINK_KEY, null);
      return this.state();
    }
    let session: string | null = null;
    if (saved.data.token) {
      try {
        session = this.options.keyring.decrypt(saved.data.token);
      } catch (error) {
        this.notice = `This computer could not read the kept session (${error instanceof Error ? error.message : 'unreadable'}); sign in again.`;
        this.options.store.set(HUB_LINK_KEY, { url: address.value.origin });
      }
    } else {
      this.notice = `Sign in to ${address.value.origin} again: the session was not kept on this computer.`;
    }
    this.open(address.value, session);
    this.live = true;
    const client = this.client!;
    void (async () => {
      // The same hello the window says: a hub updated meanwhile gets its plain sentence here too.
      const hello = await client.handshake();
      if (this.client !== client) return;
      if (hello.status === 'incompatible') {
        this.notice = hello.message;
        return;
      }
      if (!session) return;
      const me = await client.call('auth.me', {});
      if (this.client !== client || !me.ok) return;
      if (me.value.via === 'session') this.me = me.value;
      else this.forgetSession(`Your session on ${address.value.origin} has ended; sign in again.`);
    })();
    return this.state();
  }

  async disconnect(): Promise<HubLinkState> {
    const client = this.client;
    const origin = this.address?.origin;
    if (client && this.session && this.transport?.status().state === 'open') {
      // End the session on the hub too; a hub that does not answer soon is left to expire it.
      await Promise.race([client.call('auth.logout', {}), new Promise((resolve) => setTimeout(resolve, 3000))]);
    }
    this.close();
    this.address = null;
    this.session = null;
    this.me = null;
    this.notice = null;
    this.kept = true;
    this.options.store.set(HUB_LINK_KEY, null);
    if (origin) {
      this.options.log?.log('info', `disconnected from the team hub ${origin}`);
      this.changed();
    }
    return this.state();
  }

  /** Closes the socket (quit, disconnect); what is kept on disk stays. */
  close(): void {
    for (const off of this.offTransport.splice(0)) off();
    this.transport?.close();
    this.transport = null;
    this.client = null;
    this.live = false;
  }

  private keep(token: string, me: Me): void {
    this.session = token;
    this.me = me;
    const url = this.address!.origin;
    try {
      this.options.store.set(HUB_LINK_KEY, { url, token: this.options.keyring.encrypt(token) });
      this.kept = true;
    } catch (error) {
      // No OS keyring: signed in for this run only, and the hub's address kept for next time.
      this.options.store.set(HUB_LINK_KEY, { url });
      this.kept = false;
      this.notice = `Signed in for this session only: ${error instanceof Error ? error.message : 'this computer cannot protect the session.'}`;
    }
  }

  private forgetSession(notice: string | null): void {
    this.session = null;
    this.me = null;
    if (notice) this.notice = notice;
    if (this.address) this.options.store.set(HUB_LINK_KEY, { url: this.address.origin });
  }

  private emit(event: string, data: unknown): void {
    for (const listener of [...this.eventListeners]) {
      try {
        listener(event, data);
      } catch {
        // One listener failing must not starve the others.
      }
    }
  }

  private changed(): void {
    const state = this.state();
    for (const listener of [...this.changeListeners]) listener(state);
  }
}

/**
 * What the window may know of a session token: a labelled SHA-256, cut to 128 bits. It tells one
 * session from another (the board copy's key) but cannot be sent back as a token, and the label
 * keeps it from matching any digest the hub itself stores.
 */
export function sessionDigest(token: string): string {
  return createHash('sha256').update('surge-desk/window-session\n').update(token).digest('hex').slice(0, 32);
}

/** Why a socket to the hub did not open, in words a person can act on. */
export function explainSocketError(error: Error | null, address: HubAddress): string {
  const code = (error as (Error & { code?: string }) | null)?.code ?? '';
  const message = error?.message ?? '';
  const host = new URL(address.origin).host;
  if (code === 'ECONNREFUSED')
    return `Nothing answers at ${address.origin} (connection refused): check the address and that the hub is running.`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `No computer named ${host} was found: check the address.`;
  if (code === 'ETIMEDOUT' || /timed out/i.test(message))
    return `The hub at ${address.origin} did not answer in time: check the address and your network.`;
  if (/CERT|certificate|self[- ]signed/i.test(code + message))
    return `The certificate of ${host} is not trusted, so this app will not send a password there: check the address, or ask the hub's admin.`;
  const status = /Unexpected server response: (\d{3})/.exec(message)?.[1];
  if (status === '404') return `No Surge Desk hub answers at ${address.origin} (it has no /api/ws): check the address.`;
  if (status === '401' || status === '403')
    return `The hub at ${address.origin} refused this app (HTTP ${status}): it may not have user accounts yet; ask its admin.`;
  if (status) return `The server at ${address.origin} is not a Surge Desk hub, or is not working (HTTP ${status}).`;
  if (/wrong version number|EPROTO|SSL/i.test(code + message))
    return `${address.origin} does not speak https: check whether the address should start with http://.`;
  return `Could not reach the hub at ${address.origin}${message ? ` (${message.slice(0, 120)})` : ''}.`;
}
