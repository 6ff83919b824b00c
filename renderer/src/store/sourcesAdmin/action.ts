import type { ContractError } from '../../../../shared/contract/envelope.js';
import type { SourceConfigView } from '../../../../shared/contract/methods.js';
import type { DeskSliceCreator } from '../types.js';
import { defaultHistory } from './history.js';
import { missingRequired } from '../requiredFields.js';
import {
  configFromDraft,
  draftFromConfig,
  emptyDraft,
  FIELDS,
  isFormSourceType,
  type FormSourceType,
  type SourceDraft,
  withFieldLabels,
} from './fields.js';
import { ONLY_ADMINS } from './selectors.js';

export interface SourcesAdminAction {
  /** `sources.configs` (admin only): every source with its settings, credentials only as set or not. */
  loadSourceConfigs(): Promise<void>;
  openAddSource(type?: FormSourceType): void;
  /** False when there is no editable source by that name (file-defined, demo, gone). */
  openEditSource(name: string): boolean;
  closeSourceForm(): void;
  /** Changes the draft; changing the type keeps the name, interval and enabled flag. */
  editSourceDraft(patch: Partial<Omit<SourceDraft, 'fields'>>): void;
  editSourceField(key: string, value: string): void;
  /** One fetch with the form's settings; nothing is stored. */
  testSourceForm(): Promise<void>;
  /** Adds or updates; on success closes the form and answers true, on failure keeps every field. */
  saveSourceForm(): Promise<boolean>;
  setSourcePaused(name: string, paused: boolean): Promise<boolean>;
  removeSource(name: string): Promise<boolean>;
  /** A `sources.removed` event (or our own delete): gone from the health list and the configs. */
  applySourceRemoved(name: string): void;
  clearSourceActionError(): void;
}

/** The engine's words, except `forbidden`, which gets the one sentence the view uses for it. */
const say = (error: ContractError): string => (error.code === 'forbidden' ? ONLY_ADMINS : error.message);

const upsert = (list: SourceConfigView[], view: SourceConfigView): SourceConfigView[] =>
  list.some((entry) => entry.name === view.name) ? list.map((entry) => (entry.name === view.name ? view : entry)) : [...list, view];

export const createSourcesAdminSlice: DeskSliceCreator<SourcesAdminAction> = (set, get, _api, deps) => {
  /** The form still open for the same source (typing meanwhile is fine; closing or switching is not). */
  const sameForm = (form: { mode: string; editing: string | null }) => {
    const current = get().sourceForm;
    return current && current.mode === form.mode && current.editing === form.editing ? current : null;
  };

  return {
    async loadSourceConfigs() {
      if (get().sourceConfigsStatus !== 'ready') set({ sourceConfigsStatus: 'loading' });
      const answer = await deps.client.call('sources.configs', {});
      if (answer.ok) set({ sourceConfigs: answer.value, sourceConfigsStatus: 'ready', sourceConfigsError: null });
      else if (answer.error.code === 'forbidden') set({ sourceConfigsStatus: 'forbidden', sourceConfigsError: ONLY_ADMINS });
      else set({ sourceConfigsStatus: 'error', sourceConfigsError: answer.error.message });
    },

    openAddSource(type = 'mastodon') {
      set({
        sourceForm: {
          mode: 'add',
          editing: null,
          draft: emptyDraft(type),
          base: {},
          secretsSet: [],
          saving: false,
          saveError: null,
          testing: false,
          testResult: null,
          testError: null,
        },
      });
    },

    openEditSource(name) {
      const view = get().sourceConfigs.find((entry) => entry.name === name);
      if (!view || view.origin !== 'app' || !isFormSourceType(view.type)) return false;
      set({
        sourceForm: {
          mode: 'edit',
          editing: name,
          draft: draftFromConfig(view.type, name, view.config),
          base: view.config,
          secretsSet: view.secretsSet,
          saving: false,
          saveError: null,
          testing: false,
          testResult: null,
          testError: null,
        },
      });
      return true;
    },

    closeSourceForm() {
      set({ sourceForm: null });
    },

    editSourceDraft(patch) {
      const form = get().sourceForm;
      if (!form) return;
      const typeChanged = patch.type !== undefined && patch.type !== form.draft.type;
      // A history left at the old type's default follows the new type's; a chosen one stays.
      const followDefault = typeChanged && patch.history === undefined && form.draft.history === defaultHistory(form.draft.type);
      const fixed = form.mode === 'edit' ? { name: form.draft.name, type: form.draft.type, history: form.draft.history } : {};
      set({
        sourceForm: {
          ...form,
          draft: {
            ...form.draft,
            ...patch,
            ...(followDefault ? { history: defaultHistory(patch.type ?? form.draft.type) } : {}),
            ...fixed,
          },
          // Another type's test result says nothing about this one.
          ...(typeChanged && form.mode === 'add' ? { testResult: null, testError: null } : {}),
        },
      });
    },

    editSourceField(key, value) {
      const form = get().sourceForm;
      if (!form) return;
      set({ sourceForm: { ...form, draft: { ...form.draft, fields: { ...form.draft.fields, [key]: value } } } });
    },

    async testSourceForm() {
      const form = get().sourceForm;
      if (!form || form.testing) return;
      const built = configFromDraft(form.draft, form.base);
      if (!built.ok) {
        set({ sourceForm: { ...form, testResult: null, testError: built.error } });
        return;
      }
      set({ sourceForm: { ...form, testing: true, testResult: null, testError: null } });
      const answer = await deps.client.call('sources.test', { config: built.config });
      const current = sameForm(form);
      if (!current) return;
      set({
        sourceForm: answer.ok
          ? { ...current, testing: false, testResult: answer.value, testError: null }
          : { ...current, testing: false, testResult: null, testError: withFieldLabels(say(answer.error), form.draft.type) },
      });
    },

    async saveSourceForm() {
      const form = get().sourceForm;
      if (!form || form.saving) return false;
      const missing = missingRequired(FIELDS[form.draft.type], form.draft, form.mode === 'edit');
      const built = missing ? { ok: false as const, error: missing } : configFromDraft(form.draft, form.base);
      if (!built.ok) {
        set({ sourceForm: { ...form, saveError: built.error } });
        return false;
      }
      set({ sourceForm: { ...form, saving: true, saveError: null } });
      const answer =
        form.mode === 'edit' && form.editing !== null
          ? await deps.client.call('sources.update', { name: form.editing, config: built.config })
          : await deps.client.call('sources.add', { config: built.config });
      if (!answer.ok) {
        const current = sameForm(form);
        if (current) set({ sourceForm: { ...current, saving: false, saveError: withFieldLabels(say(answer.error), form.draft.type) } });
        return false;
      }
      set({
        sourceConfigs: upsert(get().sourceConfigs, answer.value),
        sourceActionError: null,
        ...(sameForm(form) ? { sourceForm: null } : {}),
      });
      // The health row arrives as a `sources.status` event; these catch up the rest (the demo
      // stops when the first real source is added, which the header's badge follows).
      void get().loadSources();
      void get().loadSystemInfo();
      return true;
    },

    async setSourcePaused(name, paused) {
      set({ sourcePending: name, sourceActionError: null });
      const answer = await deps.client.call('sources.setPaused', { name, paused });
      if (!answer.ok) {
        set({ sourcePending: null, sourceActionError: `Could not ${paused ? 'pause' : 'resume'} ${name}: ${say(answer.error)}` });
        return false;
      }
      get().applySourceStatus(answer.value);
      set({
        sourcePending: null,
        sourceConfigs: get().sourceConfigs.map((entry) =>
          entry.name === name && entry.origin === 'app' ? { ...entry, config: { ...entry.config, enabled: !paused } } : entry,
        ),
      });
      return true;
    },

    async removeSource(name) {
      set({ sourcePending: name, sourceActionError: null });
      const answer = await deps.client.call('sources.remove', { name });
      if (!answer.ok) {
        set({ sourcePending: null, sourceActionError: `Could not delete ${name}: ${say(answer.error)}` });
        return false;
      }
      set({ sourcePending: null });
      get().applySourceRemoved(name);
      return true;
    },

    applySourceRemoved(name) {
      const state = get();
      set({
        sources: state.sources.filter((source) => source.name !== name),
        sourceConfigs: state.sourceConfigs.filter((entry) => entry.name !== name),
        sourcesUpdatedAt: deps.now(),
        // The form for a source that no longer exists cannot be saved.
        ...(state.sourceForm?.editing === name ? { sourceForm: null } : {}),
      });
    },

    clearSourceActionError() {
      set({ sourceActionError: null });
    },
  };
};
