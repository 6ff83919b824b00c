/**
 * The desk store: one zustand store composed of slices (lobe-chat style). It is built by a
 * factory with its client injected, so every test and every window gets its own store and
 * nothing global survives between them.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createAccountsAdminSlice } from './accountsAdmin/action.js';
import { initialAccountsAdminState } from './accountsAdmin/initialState.js';
import { createBoardSlice } from './board/action.js';
import { initialBoardState } from './board/initialState.js';
import { createAlertsSlice } from './alerts/action.js';
import { initialAlertsState } from './alerts/initialState.js';
import { createDetectionSlice } from './detection/action.js';
import { initialDetectionState } from './detection/initialState.js';
import { createCampaignsSlice } from './campaigns/action.js';
import { initialCampaignsState } from './campaigns/initialState.js';
import { createIncidentSlice } from './incident/action.js';
import { initialIncidentState } from './incident/initialState.js';
import { createConnectionSlice } from './connection/action.js';
import { initialConnectionState } from './connection/initialState.js';
import { createCoverageSlice } from './gaps/action.js';
import { initialCoverageState } from './gaps/initialState.js';
import { createPostsSlice } from './posts/action.js';
import { initialPostsState } from './posts/initialState.js';
import { createSourcesSlice } from './sources/action.js';
import { initialSourcesState } from './sources/initialState.js';
import { createSourcesAdminSlice } from './sourcesAdmin/action.js';
import { initialSourcesAdminState } from './sourcesAdmin/initialState.js';
import { createSystemSlice } from './system/action.js';
import { initialSystemState } from './system/initialState.js';
import { createHubLinkSlice } from './hubLink/action.js';
import { initialHubLinkState } from './hubLink/initialState.js';
import { createTeamSlice } from './team/action.js';
import { initialTeamState } from './team/initialState.js';
import type { DeskDeps, DeskState, DeskStore } from './types.js';
import { createVolumeSlice } from './volume/action.js';
import { createWallSlice } from './wall/action.js';
import { initialWallState } from './wall/initialState.js';
import { initialVolumeState } from './volume/initialState.js';

export const initialDeskState: DeskState = {
  ...initialVolumeState,
  ...initialConnectionState,
  ...initialSystemState,
  ...initialSourcesState,
  ...initialSourcesAdminState,
  ...initialDetectionState,
  ...initialAlertsState,
  ...initialPostsState,
  ...initialCoverageState,
  ...initialTeamState,
  ...initialHubLinkState,
  ...initialCampaignsState,
  ...initialIncidentState,
  ...initialBoardState,
  ...initialWallState,
  ...initialAccountsAdminState,
};

export type DeskStoreApi = StoreApi<DeskStore>;

export function createDeskStore(deps: DeskDeps): DeskStoreApi {
  return createStore<DeskStore>()((set, get, api) => ({
    ...initialDeskState,
    ...createVolumeSlice(set, get, api, deps),
    ...createConnectionSlice(set, get, api, deps),
    ...createSystemSlice(set, get, api, deps),
    ...createSourcesSlice(set, get, api, deps),
    ...createSourcesAdminSlice(set, get, api, deps),
    ...createDetectionSlice(set, get, api, deps),
    ...createAlertsSlice(set, get, api, deps),
    ...createPostsSlice(set, get, api, deps),
    ...createCoverageSlice(set, get, api, deps),
    ...createTeamSlice(set, get, api, deps),
    ...createHubLinkSlice(set, get, api, deps),
    ...createCampaignsSlice(set, get, api, deps),
    ...createIncidentSlice(set, get, api, deps),
    ...createBoardSlice(set, get, api, deps),
    ...createWallSlice(set, get, api, deps),
    ...createAccountsAdminSlice(set, get, api, deps),

    async refreshAll() {
      const state = get();
      // A hub with users says first who this window is; signed out, the views load nothing.
      if (!(await state.loadMe())) return;
      await Promise.all([
        state.loadSystemInfo(),
        state.loadVolume(),
        state.loadSources(),
        state.loadCoverageGaps(),
        state.loadAlerts(),
        state.loadRecentPosts(),
        state.loadIncident(),
        state.syncBoard(),
        state.loadWatchedTerms(),
      ]);
    },

    bindEvents() {
      const offs = [
        deps.client.on('auth.sessionEnded', ({ message }) => get().applySessionEnded(message)),
        deps.client.on('auth.changed', () => {
          void get().loadMe();
          void get().loadSystemInfo();
        }),
        deps.client.on('volume.tick', (tick) => get().applyVolumeTick(tick)),
        deps.client.on('sources.status', (status) => {
          const state = get();
          state.applySourceStatus(status);
          state.applyStatusGaps(status);
          // A source this window has no settings for (added elsewhere): fetch them.
          if (state.sourceConfigsStatus === 'ready' && !state.sourceConfigs.some((config) => config.name === status.name))
            void state.loadSourceConfigs();
        }),
        deps.client.on('sources.removed', ({ name }) => {
          // Saving an edit restarts the source, which the engine announces as removed and then
          // as a fresh status (both before the save's answer): the row stays.
          const form = get().sourceForm;
          if (form?.saving && form.mode === 'edit' && form.editing === name) return;
          get().applySourceRemoved(name);
          get().forgetCoverage(name);
          // Removing the demo (or the last real source) changes whether the data is a demo.
          void get().loadSystemInfo();
        }),
        deps.client.on('terms.changed', (terms) => get().applyWatchedTerms(terms)),
        deps.client.on('alerts.changed', (alert) => {
          const known = get().alerts.find((existing) => existing.id === alert.id);
          get().applyAlertChanged(alert);
          // A new alert or a new state is a new marker on the chart.
          if (!known || known.state !== alert.state || known.severity !== alert.severity) void get().loadBands();
        }),
        deps.client.on('scheduled.changed', (change) => get().applyPostsChanged(change)),
        deps.client.on('campaigns.changed', (campaign) => get().applyCampaignChanged(campaign)),
        deps.client.on('accounts.changed', ({ accounts }) => get().applyAccountsChanged(accounts)),
        deps.client.on('incident.changed', (status) => get().applyIncidentChanged(status)),
        deps.client.on('incident.suggested', (suggestion) => get().applyIncidentSuggested(suggestion)),
        deps.client.on('incident.reminder', (reminder) => get().applyIncidentReminder(reminder)),
        deps.client.on('board.changed', (change) => get().applyBoardHead(change)),
        deps.client.on('board.commented', (added) => get().applyBoardComment(added)),
        deps.client.on('board.presence', ({ entries }) => get().applyBoardPresence(entries)),
        deps.client.on('board.page', (page) => get().applyBoardPage(page)),
        deps.client.on('board.mention', (mention) => get().applyBoardMention(mention)),
      ];
      return () => offs.forEach((off) => off());
    },

    reset() {
      set(initialDeskState);
    },
  }));
}
