/** The incident domain of the contract, answered by the incident service. */
import type { DomainHandlers } from '../../shared/contract/handlers.js';
import type { IncidentService } from './service.js';

export function incidentHandlers(incidents: IncidentService): DomainHandlers<'incident'> {
  return {
    'incident.status': () => incidents.status(),
    'incident.enter': (input, ctx) => incidents.enter(input.reason, input.scope, ctx),
    'incident.exit': () => incidents.exit(),
    'incident.setScope': (input) => incidents.setScope(input.scope),
    'incident.preview': (input) => incidents.preview(input.hours, input.scope),
    'incident.history': (input) => incidents.history(input.limit, input.before),
    'incident.catchUp': () => incidents.catchUp(),
    'incident.decide': (input, ctx) => incidents.decide(input, ctx),
    'incident.release': (input, ctx) => incidents.release(input.perAccountEveryMinutes, input.postIds, ctx),
    'incident.stopRelease': () => incidents.stopRelease(),
    'incident.getPolicy': () => incidents.policy(),
    'incident.savePolicy': (input) => incidents.savePolicy(input),
  };
}
