/** Generated incident scopes for the desk's accounts, with campaigns as indexes (0, 1) a run maps to its ids. */
import fc from 'fast-check';
import type { IncidentScope } from '../../../shared/contract/incidents.js';
import { ACCOUNTS } from './desk.js';

export const scopeArb: fc.Arbitrary<IncidentScope> = fc.oneof(
  fc.constant({ kind: 'everything' } as const),
  fc
    .record({
      kind: fc.constant('some' as const),
      campaigns: fc.subarray([0, 1]),
      networks: fc.subarray(['mastodon', 'bluesky', 'x'] as const),
      accounts: fc.subarray(ACCOUNTS.map((a) => a.name)),
    })
    .filter((s) => s.campaigns.length + s.networks.length + s.accounts.length > 0),
);

/** The scope with the run's campaign ids in place of the indexes. */
export const withCampaigns = (scope: IncidentScope, campaigns: readonly number[]): IncidentScope =>
  scope.kind === 'everything' ? scope : { ...scope, campaigns: scope.campaigns.map((i) => campaigns[i]!) };
