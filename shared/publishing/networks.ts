/** The networks Surge Desk publishes to. Pure data, shared by the engine and the UI. */
import { z } from 'zod';

export const NETWORKS = ['mastodon', 'bluesky', 'x'] as const;
export const networkSchema = z.enum(NETWORKS);
export type Network = z.infer<typeof networkSchema>;

export const NETWORK_LABELS: Record<Network, string> = { mastodon: 'Mastodon', bluesky: 'Bluesky', x: 'X' };
