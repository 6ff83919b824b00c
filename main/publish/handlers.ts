/** Temporary: the campaigns and incident domains answer "not ready" until the engine lands (#11). */
import { ContractFailure } from '../../shared/contract/envelope.js';
import type { DomainHandlers } from '../../shared/contract/handlers.js';
import { methodsByDomain } from '../../shared/contract/methods.js';

export function publishingHandlers(): DomainHandlers<'campaigns' | 'incident'> {
  const notYet = () => {
    throw new ContractFailure('unavailable', 'Publishing is not ready in this build yet.');
  };
  const names = [...Object.keys(methodsByDomain.campaigns), ...Object.keys(methodsByDomain.incident)];
  return Object.fromEntries(names.map((n) => [n, notYet])) as unknown as DomainHandlers<'campaigns' | 'incident'>;
}
