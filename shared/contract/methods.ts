/**
 * The contract: every method the engine serves (input, output, roles allowed) and every
 * event it pushes. Each domain writes its own in its file; this merges them into the one map
 * main implements (a missing handler is a compile error) and that the Electron preload and
 * the hub's WebSocket both serve, nothing more.
 */
import type { z } from 'zod';
import { alertsEvents, alertsMethods } from './alerts.js';
import { postsEvents, postsMethods } from './posts.js';
import { sourcesEvents, sourcesMethods } from './sources.js';
import { systemEvents, systemMethods } from './system.js';
import { volumeEvents, volumeMethods } from './volume.js';
import { auditEvents, auditMethods, authEvents, authMethods, usersEvents, usersMethods } from './team.js';
import { campaignsEvents, campaignsMethods } from './campaigns.js';
import { incidentEvents, incidentMethods } from './incidents.js';
import { boardEvents, boardMethods } from './board.js';

export * from './alerts.js';
export * from './posts.js';
export * from './sources.js';
export * from './system.js';
export * from './volume.js';
export * from './team.js';
export * from './campaigns.js';
export * from './incidents.js';
export * from './board.js';
export type { MethodSpec } from './spec.js';

/** Per domain, so a test can prove no name is defined twice (a spread would keep only the last). */
export const methodsByDomain = {
  system: systemMethods,
  volume: volumeMethods,
  posts: postsMethods,
  sources: sourcesMethods,
  alerts: alertsMethods,
  auth: authMethods,
  users: usersMethods,
  audit: auditMethods,
  campaigns: campaignsMethods,
  incident: incidentMethods,
  board: boardMethods,
} as const;

export const eventsByDomain = {
  system: systemEvents,
  volume: volumeEvents,
  posts: postsEvents,
  sources: sourcesEvents,
  alerts: alertsEvents,
  auth: authEvents,
  users: usersEvents,
  audit: auditEvents,
  campaigns: campaignsEvents,
  incident: incidentEvents,
  board: boardEvents,
} as const;

export const methods = {
  ...systemMethods,
  ...volumeMethods,
  ...postsMethods,
  ...sourcesMethods,
  ...alertsMethods,
  ...authMethods,
  ...usersMethods,
  ...auditMethods,
  ...campaignsMethods,
  ...incidentMethods,
  ...boardMethods,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;

export const isMethodName = (name: unknown): name is MethodName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name);

export const events = {
  ...systemEvents,
  ...volumeEvents,
  ...postsEvents,
  ...sourcesEvents,
  ...alertsEvents,
  ...authEvents,
  ...usersEvents,
  ...auditEvents,
  ...campaignsEvents,
  ...incidentEvents,
  ...boardEvents,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const isEventName = (name: unknown): name is EventName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
