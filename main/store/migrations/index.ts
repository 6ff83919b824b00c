import type { Migration } from '../migrate.js';
import { initial } from './0001-initial.js';
import { sourceConfigs } from './0002-source-configs.js';
import { webhookInbox } from './0003-webhook-inbox.js';
import { team } from './0004-team.js';
import { liveWall } from './0005-live-wall.js';

/** Append only. Never edit a migration that has shipped: add the next number instead. */
export const migrations: readonly Migration[] = [initial, sourceConfigs, webhookInbox, team, liveWall];
