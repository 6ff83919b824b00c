/**
 * The one place where a call from outside (IPC or WebSocket) becomes a handler call:
 * method name checked, role checked, input parsed, output parsed, errors enveloped.
 */
import { describeZodError, fail, ok, ContractFailure, type Envelope } from '../../shared/contract/envelope.js';
import { isMethodName, methods, type MethodName, type MethodOutput, type MethodParsedInput } from '../../shared/contract/methods.js';
import type { CallContext } from './engineTypes.js';

/** A handler for every method: leaving one out is a compile error. */
export type Handlers = {
  [M in MethodName]: (input: MethodParsedInput<M>, ctx: CallContext) => MethodOutput<M> | Promise<MethodOutput<M>>;
};

export interface DispatchLogger {
  error(message: string, error: unknown): void;
}

export function createDispatcher(handlers: Handlers, logger: DispatchLogger) {
  return async function dispatch(method: unknown, params: unknown, ctx: CallContext): Promise<Envelope<unknown>> {
    if (!isMethodName(method)) {
      return fail('unknown_method', `There is no method called ${JSON.stringify(String(method)).slice(0, 120)}.`);
    }
    const spec = methods[method];
    if (!spec.roles.includes(ctx.role)) {
      return fail('forbidden', `Your role (${ctx.role}) may not call ${method}.`);
    }
    const input = spec.input.safeParse(params ?? {});
    if (!input.success) return fail('bad_request', `Invalid input for ${method}: ${describeZodError(input.error)}`);
    try {
      const handler = handlers[method] as (input: unknown, ctx: CallContext) => unknown;
      const value = await handler(input.data, ctx);
      const output = spec.output.safeParse(value);
      if (!output.success) {
        logger.error(`Handler for ${method} returned a value outside the contract`, output.error);
        return fail('internal', `The engine produced an invalid answer for ${method}.`);
      }
      return ok(output.data);
    } catch (error) {
      if (error instanceof ContractFailure) return fail(error.code, error.message);
      logger.error(`Handler for ${method} failed`, error);
      return fail('internal', `The engine failed while handling ${method}. Details are in its log.`);
    }
  };
}
