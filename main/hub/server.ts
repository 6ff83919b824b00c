/**
 * The team hub: the built UI, the WebSocket API, health and metrics, and inbound webhooks,
 * all on one port.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { Engine } from '../core/engineTypes.js';
import {
  admit,
  authenticate,
  callerAddress,
  tokenFromRequest,
  type Admission,
  type HubAuth,
  type Principal,
  type TokenVerifier,
} from './auth.js';
import { cooldownRefusal, createRefusalHold, refuseUpgrade, sendRefusal, type Refusal } from './gate.js';
import { createReadBudgets } from './readBudgets.js';
import { attachSocket, READ_LIMITS } from './socket.js';
import { SECURITY_HEADERS, serveStatic } from './static.js';

/** ws closes (1009) above this; between MAX_FRAME_BYTES and this a frame gets a typed error. */
const HARD_FRAME_LIMIT = 8 * 1024 * 1024;
const MAX_WEBHOOK_BYTES = 1024 * 1024;
const REFUSAL_HOLD_MS = 2_000;

export interface WebhookReply {
  status: number;
  body: unknown;
  /** E.g. Retry-After with a 503 (inbox full, disk full). */
  headers?: Record<string, string>;
}
export type WebhookRoute = (name: string, headers: Record<string, string | undefined>, rawBody: string) => WebhookReply;

export interface HubOptions {
  engine: Engine;
  host: string;
  port: number;
  staticDir: string;
  tokens: TokenVerifier;
  /** Users and sessions; without it the hub knows only access tokens (and refuses signed-out browsers beyond loopback). */
  auth?: HubAuth;
  /** The loopback user is the local admin without signing in (default true). False: everyone signs in, even on this machine. */
  loopbackAdmin?: boolean;
  health(): Record<string, unknown>;
  metrics(): string;
  webhook?: WebhookRoute;
  /** The clock read budgets refill by (default the system's). */
  now?: () => number;
  /** How long an upgrade refused for a flood is held before its 429 (default 2 s; see gate.ts). */
  refusalHoldMs?: number;
}

export interface Hub {
  server: Server;
  url: string;
  close(): Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', ...SECURITY_HEADERS });
  res.end(JSON.stringify(body));
};

/**
 * Reads a body up to `limit` bytes. Past it the rest is drained (so the client can read our
 * 413) but not kept; a sender that keeps going far past the limit is cut off.
 */
function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > limit * 8) req.destroy();
    });
    req.on('end', () => resolvePromise(size > limit ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('close', () => {
      if (size > limit) resolvePromise(null);
    });
    req.on('error', reject);
  });
}

export function startHub(options: HubOptions): Promise<Hub> {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: HARD_FRAME_LIMIT });
  // One per hub, shared by every connection, so a caller's budget survives its reconnecting.
  const budgets = createReadBudgets(READ_LIMITS, options.now);
  const refusalHold = createRefusalHold(options.refusalHoldMs ?? REFUSAL_HOLD_MS);

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://hub.invalid');
    if (url.pathname === '/healthz') return json(res, 200, { ok: true, ...options.health() });
    if (url.pathname === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
      res.end(options.metrics());
      return;
    }
    const webhook = /^\/api\/webhooks\/([A-Za-z0-9._-]{1,100})$/.exec(url.pathname);
    if (webhook && options.webhook) {
      if (req.method !== 'POST') return json(res, 405, { ok: false, error: 'Webhooks take POST.' });
      void readBody(req, MAX_WEBHOOK_BYTES).then(
        (body) => {
          if (body === null) return json(res, 413, { ok: false, error: 'Webhook bodies are limited to 1 MiB.' });
          const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]));
          let reply: WebhookReply;
          try {
            reply = options.webhook!(webhook[1]!, headers, body);
          } catch {
            // Never a 202 the store did not confirm, and never a dropped connection the sender reads as maybe-delivered.
            reply = {
              status: 503,
              body: { ok: false, error: 'The delivery could not be stored; retry later.' },
              headers: { 'retry-after': '60' },
            };
          }
          json(res, reply.status, reply.body, reply.headers);
        },
        () => json(res, 400, { ok: false, error: 'Could not read the request body.' }),
      );
      return;
    }
    if (url.pathname === '/api/ws') {
      // A browser whose WebSocket was refused learns why here (it cannot read the refused upgrade).
      const verdict = gate(req);
      return sendRefusal(res, verdict.ok ? { status: 426, message: 'Connect here with a WebSocket.' } : verdict.refusal);
    }
    if (url.pathname.startsWith('/api/')) return json(res, 404, { ok: false, error: 'No such API path.' });
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { ok: false, error: 'Method not allowed.' });
    serveStatic(options.staticDir, url.pathname, res);
  });

  /** Who may become a WebSocket now: admitted (auth.ts), and not still paying for a flood (gate.ts). */
  const gate = (req: IncomingMessage): { ok: true; principal: Principal; address: string | null } | { ok: false; refusal: Refusal } => {
    let admission: Admission;
    if (options.auth) {
      admission = admit(req, options.host, options.tokens, options.auth, { loopbackAdmin: options.loopbackAdmin ?? true });
    } else {
      const legacy = authenticate(req, options.host, options.tokens);
      const token = legacy.ok ? tokenFromRequest(req) : null;
      admission = legacy.ok ? { ok: true, principal: token ? { kind: 'token', token } : { kind: 'local' } } : legacy;
    }
    if (!admission.ok) return { ok: false, refusal: { status: admission.status, message: admission.message } };
    const address = callerAddress(req);
    const owing = cooldownRefusal(budgets, admission.principal, address, options.auth);
    return owing ? { ok: false, refusal: owing } : { ok: true, principal: admission.principal, address };
  };

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://hub.invalid');
    if (url.pathname !== '/api/ws') return refuseUpgrade(socket, { status: 404, message: 'No such WebSocket path.' });
    const verdict = gate(req);
    if (!verdict.ok) {
      if (verdict.refusal.status !== 429) return refuseUpgrade(socket, verdict.refusal);
      const owing = verdict.refusal;
      // Asked again when answered, so Retry-After counts from then.
      return refusalHold.refuse(socket, owing, () => {
        const now = gate(req);
        return now.ok ? owing : now.refusal;
      });
    }
    const { principal, address } = verdict;
    sockets.handleUpgrade(req, socket, head, (ws) =>
      attachSocket(ws, options.engine, {
        principal,
        tokens: options.tokens,
        ...(options.auth ? { auth: options.auth } : {}),
        address,
        budgets,
      }),
    );
  });

  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolvePromise({
        server,
        url: `http://${host}:${address.port}`,
        close: () =>
          new Promise<void>((done) => {
            for (const client of sockets.clients) {
              // One the hub stopped reading (over its byte budget) must read the client's close frame.
              client.resume();
              client.close(1001, 'Hub shutting down');
            }
            sockets.close();
            refusalHold.dropAll();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
