/** Posts, accounts and statuses as the hub answers them, for the campaigns and incident slice tests. */
import type { ScheduledPost } from '../../shared/contract/campaigns.js';
import type { IncidentStatus } from '../../shared/contract/incidents.js';

export const T0 = Date.UTC(2026, 2, 2, 9, 0);

export const accounts = [
  { name: 'brand', network: 'mastodon', handle: '@brand@social.example', charLimit: 500, origin: 'file' },
  { name: 'brand-bsky', network: 'bluesky', handle: 'brand.bsky.social', charLimit: 300, origin: 'file' },
  { name: 'brand-x', network: 'x', handle: '@brand', charLimit: 280, origin: 'file' },
] as const;

export const campaign = (id: number, name: string, over: Record<string, unknown> = {}) => ({
  id,
  name,
  description: '',
  paused: false,
  requiredApproverRole: null,
  createdAt: T0,
  createdBy: 'sam',
  ...over,
});

export function post(id: number, over: Partial<ScheduledPost> = {}): ScheduledPost {
  return {
    id,
    campaignId: 1,
    text: `Post ${id}`,
    at: T0 + id * 60_000,
    zone: 'Europe/Berlin',
    author: 'sam',
    accounts: ['brand'],
    status: { state: 'scheduled', approvedBy: 'ada', approvedAt: T0 },
    deliveries: [],
    version: 1,
    createdAt: T0,
    updatedAt: T0,
    ...over,
  };
}

export const held = (id: number, over: Partial<ScheduledPost> = {}): ScheduledPost =>
  post(id, { status: { state: 'held', heldAt: T0, heldFrom: 'scheduled', overdue: true }, ...over });

export const statusOff: IncidentStatus = {
  on: false,
  since: null,
  by: null,
  reason: null,
  scope: { kind: 'everything' },
  automatic: false,
  held: 0,
  inFlightAtEnter: 0,
  release: null,
};

export const statusOn = (over: Partial<IncidentStatus> = {}): IncidentStatus => ({
  ...statusOff,
  on: true,
  since: T0,
  by: 'Olga',
  reason: 'Login outage',
  held: 2,
  ...over,
});

export const policy = { autoEnterOnAlert: false, minSeverity: 'warning', reminderEveryMinutes: 30, previewHours: 4 } as const;
