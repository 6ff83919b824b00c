/**
 * The board domain of the contract. Placeholder until the board service lands: every call
 * answers `unavailable`, so the contract and the UI can be built against it meanwhile.
 */
import { ContractFailure } from '../../shared/contract/envelope.js';
import type { DomainHandlers } from '../../shared/contract/handlers.js';
import { boardMethods } from '../../shared/contract/board.js';

const notYet = (): never => {
  throw new ContractFailure('unavailable', 'The escalation board is not available on this hub yet.');
};

export function boardHandlers(): DomainHandlers<'board'> {
  return Object.fromEntries(Object.keys(boardMethods).map((name) => [name, notYet])) as unknown as DomainHandlers<'board'>;
}
