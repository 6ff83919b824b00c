import type { StoreApi } from 'zustand/vanilla';
import type { SurgeClient } from '../../../shared/contract/client.js';
import type { AccountsAdminAction } from './accountsAdmin/action.js';
import type { AccountsAdminState } from './accountsAdmin/initialState.js';
import type { AlertsAction } from './alerts/action.js';
import type { CampaignsAction } from './campaigns/action.js';
import type { CampaignsState } from './campaigns/initialState.js';
import type { IncidentAction } from './incident/action.js';
import type { IncidentState } from './incident/initialState.js';
import type { AlertsState } from './alerts/initialState.js';
import type { BoardAction } from './board/action.js';
import type { BoardState } from './board/initialState.js';
import type { BoardCacheStore } from './board/cache.js';
import type { QueueStore } from './board/pending.js';
import type { DetectionAction } from './detection/action.js';
import type { DetectionState } from './detection/initialState.js';
import type { ConnectionAction } from './connection/action.js';
import type { ConnectionState } from './connection/initialState.js';
import type { CoverageAction } from './gaps/action.js';
import type { CoverageState } from './gaps/initialState.js';
import type { PostsAction } from './posts/action.js';
import type { PostsState } from './posts/initialState.js';
import type { SourcesAction } from './sources/action.js';
import type { SourcesState } from './sources/initialState.js';
import type { SourcesAdminAction } from './sourcesAdmin/action.js';
import type { SourcesAdminState } from './sourcesAdmin/initialState.js';
import type { SystemAction } from './system/action.js';
import type { SystemState } from './system/initialState.js';
import type { HubLinkAction } from './hubLink/action.js';
import type { HubLinkSliceState } from './hubLink/initialState.js';
import type { TeamAction } from './team/action.js';
import type { TeamState } from './team/initialState.js';
import type { VolumeAction } from './volume/action.js';
import type { VolumeState } from './volume/initialState.js';
import type { WallAction } from './wall/action.js';
import type { WallState } from './wall/initialState.js';

/** What every slice gets injected; tests pass fakes, the app passes the real client. */
export interface DeskDeps {
  client: SurgeClient;
  /** Optional steering of the link (the WebSocket transport has it; IPC ignores it). */
  reconnectNow?: () => void;
  now: () => number;
  /** The browser's offset from UTC in minutes (east positive); quiet hours are typed in it. */
  utcOffsetMinutes?: () => number;
  /** Keeps the session token of a sign-in (localStorage on the web); none on the desktop. */
  session?: { get(): string | null; set(token: string | null): void };
  /** The desktop app's bridge to "Connect to a team hub" (absent in a browser). */
  desktop?: { hubLink(request: unknown): Promise<unknown> };
  /** Keeps the board changes made while the hub was unreachable across reloads (localStorage on the web). */
  boardQueue?: QueueStore;
  /** Keeps the last board seen, per hub and person, for a page loaded while the hub is unreachable (web, and the desktop on a hub). */
  boardCache?: BoardCacheStore;
}

export type DeskState = VolumeState &
  ConnectionState &
  SystemState &
  SourcesState &
  SourcesAdminState &
  AlertsState &
  DetectionState &
  PostsState &
  CoverageState &
  TeamState &
  HubLinkSliceState &
  CampaignsState &
  IncidentState &
  BoardState &
  WallState &
  AccountsAdminState;

export interface RootAction {
  /** Reloads everything the views show; run after the hello on first connect and every reconnect. */
  refreshAll(): Promise<void>;
  /** Subscribes the slices to the client's events; returns the unsubscribe function. */
  bindEvents(): () => void;
  /** Back to initialState (tests, sign-out). */
  reset(): void;
}

export type DeskStore = DeskState &
  VolumeAction &
  ConnectionAction &
  SystemAction &
  SourcesAction &
  SourcesAdminAction &
  AlertsAction &
  DetectionAction &
  PostsAction &
  CoverageAction &
  TeamAction &
  HubLinkAction &
  CampaignsAction &
  IncidentAction &
  BoardAction &
  WallAction &
  AccountsAdminAction &
  RootAction;

export type DeskSliceCreator<A> = (
  set: StoreApi<DeskStore>['setState'],
  get: StoreApi<DeskStore>['getState'],
  api: StoreApi<DeskStore>,
  deps: DeskDeps,
) => A;
