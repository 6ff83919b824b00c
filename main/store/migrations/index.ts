import type { Migration } from '../migrate.js';
import { initial } from './0001-initial.js';
import { sourceConfigs } from './0002-source-configs.js';
import { webhookInbox } from './0003-webhook-inbox.js';
import { team } from './0004-team.js';
import { publishing } from './0005-publishing.js';
import { board } from './0006-board.js';
import { liveWall } from './0007-live-wall.js';
import { incidentHistory } from './0008-incident-history.js';
import { boardRequests } from './0009-board-requests.js';
import { alertCalming } from './0010-alert-calming.js';

/** Append only. Never edit a migration that has shipped: add the next number instead. */
export const migrations: readonly Migration[] = [
  initial,
  sourceConfigs,
  webhookInbox,
  team,
  publishing,
  board,
  liveWall,
  incidentHistory,
  boardRequests,
  alertCalming,
];
