/** The board domain of the contract, served by the board service. */
import type { DomainHandlers } from '../../shared/contract/handlers.js';
import type { BoardService } from './service.js';

export function boardHandlers(board: BoardService): DomainHandlers<'board'> {
  return {
    'board.snapshot': (input) => board.snapshot(input.includeResolved),
    'board.since': (input) => board.since(input.seq),
    'board.people': () => board.people(),
    'board.create': (input, ctx) => board.create(input, ctx),
    'board.update': (input, ctx) => board.update(input, ctx),
    'board.comment': (input, ctx) => board.comment(input, ctx),
    'board.acknowledge': (input, ctx) => board.acknowledge(input.id, ctx),
    'board.history': (input) => board.history(input.id),
    'board.presence': (input, ctx) => board.setPresence(input.cardId, ctx),
    'board.getSla': () => board.getSla(),
    'board.saveSla': (input, ctx) => board.saveSla(input.policy, ctx),
    'board.getEscalationPolicy': () => board.getEscalationPolicy(),
    'board.saveEscalationPolicy': (input, ctx) => board.saveEscalationPolicy(input.policy, ctx),
  };
}
