/**
 * The system domain of the contract, answered by the engine itself. Every other domain's
 * handlers come from its service (ingest, sources, alerts); engine.ts spreads them into the
 * one map the dispatcher checks is complete.
 */
import type { DomainHandlers } from '../../shared/contract/handlers.js';
import { answerHello, CONTRACT_VERSION } from '../../shared/contract/system.js';
import { primaryRole, rolesOf } from '../../shared/contract/access.js';

export interface SystemHandlerDeps {
  version: string;
  startedAt: number;
  isDemo(): boolean;
}

export function systemHandlers(deps: SystemHandlerDeps): DomainHandlers<'system'> {
  return {
    'system.hello': (input) => answerHello(CONTRACT_VERSION, input.contractVersion),
    'system.info': (_input, ctx) => ({
      name: 'Surge Desk',
      version: deps.version,
      startedAt: deps.startedAt,
      demo: deps.isDemo(),
      // Never signed out here: system.info is not open to signed-out callers.
      role: ctx.role ?? primaryRole(rolesOf(ctx)) ?? 'operator',
      roles: [...rolesOf(ctx)],
      transport: ctx.transport,
    }),
  };
}
