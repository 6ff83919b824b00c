/**
 * The client's side of `system.hello`: reads the answer, and holds every other call until the
 * current connection's hello has answered, so an app never talks to a hub whose protocol it
 * does not speak (not even with a call queued while the link was down).
 */
import { fail, type Envelope } from './envelope.js';
import { CONTRACT_VERSION, contractMismatchMessage, type HelloAnswer } from './system.js';

/** What a hello found out. 'unknown': the hub could not be asked (link down, engine error). */
export type Handshake = { status: 'compatible' } | { status: 'incompatible'; message: string } | { status: 'unknown'; message: string };

/** How long a call made while the link is down waits for the next connection's hello, like the WebSocket transport's call timeout. */
export const HELLO_WAIT_MS = 15_000;

/** A hub that rejects the hello itself predates it, or no longer reads this app's. */
const UNREADABLE_HELLO = new Set(['unknown_method', 'bad_request']);

export function handshakeOf(answer: Envelope<HelloAnswer>): Handshake {
  if (answer.ok) {
    if (answer.value.compatible) return { status: 'compatible' };
    return {
      status: 'incompatible',
      message: answer.value.message ?? contractMismatchMessage(answer.value.contractVersion, CONTRACT_VERSION),
    };
  }
  if (UNREADABLE_HELLO.has(answer.error.code)) {
    return {
      status: 'incompatible',
      message: `This hub does not speak version ${CONTRACT_VERSION} of the Surge Desk protocol, which this app speaks: update the hub (or the app) so both match.`,
    };
  }
  return { status: 'unknown', message: answer.error.message };
}

export interface HelloGate {
  /** Resolves when a call may go out: null, or the envelope to answer it with instead. */
  admit(): Promise<Envelope<never> | null>;
  /** Runs one hello; the latest one started decides what `admit` says. */
  hello(run: () => Promise<Envelope<HelloAnswer>>): Promise<Handshake>;
  /** The link dropped: the next connection owes a hello before any other call. */
  linkDown(): void;
  /** True after a hub answered that it speaks another protocol (its events are not delivered either). */
  readonly incompatible: boolean;
}

/** `owedAtStart`: whether the first connection owes a hello (a transport that reports no state, like a test fake, does not). */
export function createHelloGate(owedAtStart: boolean, waitMs = HELLO_WAIT_MS): HelloGate {
  let owed = owedAtStart;
  let verdict: Handshake | null = null;
  let inFlight: Promise<Handshake> | null = null;
  let generation = 0;
  const waiting = new Set<() => void>();

  /** Resolves true when the next hello starts, false when none starts within `waitMs`. */
  const nextHello = () =>
    new Promise<boolean>((resolve) => {
      const started = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        waiting.delete(started);
        resolve(false);
      }, waitMs);
      waiting.add(started);
    });

  return {
    get incompatible() {
      return verdict?.status === 'incompatible';
    },
    linkDown() {
      owed = true;
    },
    async admit() {
      // Loops because the link may drop, and a newer hello start, while this call waits.
      for (;;) {
        if (inFlight) await inFlight;
        else if (!owed) break;
        else if (!(await nextHello())) return fail('unavailable', 'The hub is not connected; try again once it is.');
      }
      return verdict?.status === 'incompatible' ? fail('unavailable', verdict.message) : null;
    },
    hello(run) {
      const mine = ++generation;
      owed = false;
      const pending = run().then((answer) => {
        const result = handshakeOf(answer);
        if (mine === generation) {
          verdict = result;
          inFlight = null;
        }
        return result;
      });
      inFlight = pending;
      for (const started of [...waiting]) started();
      waiting.clear();
      return pending;
    },
  };
}
