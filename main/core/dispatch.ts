/**
 * The one place where a call from outside (IPC or WebSocket) becomes a handler call:
 * method name checked, role checked, input parsed, output parsed, errors enveloped. For a
 * method that declares `audit`, the change and its audit entry commit together or not at all.
 */
import { describeZodError, fail, ok, ContractFailure, type Envelope } from '../../shared/contract/envelope.js';
import type { CallContext, Handlers } from '../../shared/contract/handlers.js';
import { accessFor, actorOf, rolesOf } from '../../shared/contract/access.js';
import { isMethodName, methods } from '../../shared/contract/methods.js';
import type { AuditNote } from '../../shared/contract/spec.js';
import { errorMeta, type Logger } from '../lib/log.js';

export type { Handlers };

/** One row of the audit log. */
export interface AuditRecord {
  at: number;
  /** The person (username), else the role (local desktop admin, access token). */
  actor: string;
  userId?: string | null;
  address?: string | null;
  action: string;
  subject: string | null;
  detail: Record<string, unknown>;
}

/** The store as far as auditing needs it: the engine passes `store.transaction` and `store.audit.record`. */
export interface AuditPort {
  transaction<T>(fn: () => T): T;
  recordAudit(entry: AuditRecord): void;
  now(): number;
}

/** Aborts the audit transaction (so the change rolls back) and answers `internal` with `answer`. */
class DispatchFault extends Error {
  constructor(
    message: string,
    readonly detail: unknown,
    readonly answer: string,
  ) {
    super(message);
  }
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';

export function createDispatcher(handlers: Handlers, logger: Logger, auditPort: AuditPort) {
  return async function dispatch(method: unknown, params: unknown, ctx: CallContext): Promise<Envelope<unknown>> {
    if (!isMethodName(method)) {
      return fail('unknown_method', `There is no method called ${JSON.stringify(String(method)).slice(0, 120)}.`);
    }
    const spec = methods[method];
    const roles = rolesOf(ctx);
    const access = accessFor(spec, roles);
    if (access === 'unauthorized') return fail('unauthorized', 'Sign in first: this hub needs to know who you are.');
    if (access === 'forbidden') {
      const held = roles.length === 1 ? `Your role (${roles[0]})` : `Your roles (${roles.join(', ')})`;
      return fail('forbidden', `${held} may not call ${method}.`);
    }
    const input = spec.input.safeParse(params ?? {});
    if (!input.success) {
      // The person reads the sentence alone; which method refused it is for whoever reads the log.
      const reason = describeZodError(input.error);
      logger.log('debug', `Refused input for ${method}`, { reason });
      return fail('bad_request', reason);
    }
    const handler = handlers[method] as (input: unknown, ctx: CallContext) => unknown;
    const failed = `The engine failed while handling ${method}. Details are in its log.`;
    const parseOutput = (value: unknown): unknown => {
      const output = spec.output.safeParse(value);
      if (output.success) return output.data;
      throw new DispatchFault(
        `Handler for ${method} returned a value outside the contract`,
        output.error,
        `The engine produced an invalid answer for ${method}.`,
      );
    };
    const audited = (note: (input: unknown, output: unknown) => AuditNote) =>
      auditPort.transaction(() => {
        const value = handler(input.data, ctx);
        if (isThenable(value)) {
          // Its work would finish after the transaction: nothing it does could be rolled back.
          value.then(undefined, () => undefined);
          throw new DispatchFault(`Handler for ${method} is audited but returned a Promise`, null, failed);
        }
        const output = parseOutput(value);
        const entry = note(input.data, output);
        try {
          auditPort.recordAudit({
            at: auditPort.now(),
            actor: actorOf(ctx),
            ...(ctx.userId ? { userId: ctx.userId } : {}),
            ...(ctx.address ? { address: ctx.address } : {}),
            action: entry.action ?? method,
            subject: entry.subject,
            detail: entry.detail ?? {},
          });
        } catch (error) {
          throw new DispatchFault(`The audit entry for ${method} could not be written; the change was rolled back`, error, failed);
        }
        return output;
      });
    try {
      const note = spec.audit as ((input: unknown, output: unknown) => AuditNote) | undefined;
      return ok(note ? audited(note) : parseOutput(await handler(input.data, ctx)));
    } catch (error) {
      if (error instanceof ContractFailure) return fail(error.code, error.message);
      if (error instanceof DispatchFault) {
        logger.log('error', error.message, errorMeta(error.detail));
        return fail('internal', error.answer);
      }
      logger.log('error', `Handler for ${method} failed`, errorMeta(error));
      return fail('internal', failed);
    }
  };
}
