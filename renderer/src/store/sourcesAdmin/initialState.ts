import type { SourceConfigView } from '../../../../shared/contract/methods.js';
import type { SourceDraft } from './fields.js';

export interface SourceTestResult {
  ok: boolean;
  fetched: number;
  incidents: number;
  sample: { author: string; text: string; url: string | null; createdAt: number }[];
  error: string | null;
  elapsedMs: number;
}

/** The add/edit form. Everything typed lives here, so a failed save or test loses nothing. */
export interface SourceFormState {
  mode: 'add' | 'edit';
  /** The source being edited; null when adding. */
  editing: string | null;
  draft: SourceDraft;
  /** The stored config being edited (fields the form does not show are kept from it). */
  base: Record<string, unknown>;
  /** Credential fields the engine has stored for this source. */
  secretsSet: string[];
  saving: boolean;
  /** The engine's answer to a failed save, in its own words. */
  saveError: string | null;
  testing: boolean;
  testResult: SourceTestResult | null;
  /** The call itself failed (bad settings, no link); a failed fetch is in testResult.error. */
  testError: string | null;
}

export interface SourcesAdminState {
  sourceConfigs: SourceConfigView[];
  /** 'forbidden': this role may not manage sources (the view says so instead of an error). */
  sourceConfigsStatus: 'idle' | 'loading' | 'ready' | 'error' | 'forbidden';
  sourceConfigsError: string | null;
  sourceForm: SourceFormState | null;
  /** The source a pause, resume or delete is in flight for. */
  sourcePending: string | null;
  /** A pause, resume or delete that failed, in the engine's words. */
  sourceActionError: string | null;
}

export const initialSourcesAdminState: SourcesAdminState = {
  sourceConfigs: [],
  sourceConfigsStatus: 'idle',
  sourceConfigsError: null,
  sourceForm: null,
  sourcePending: null,
  sourceActionError: null,
};
