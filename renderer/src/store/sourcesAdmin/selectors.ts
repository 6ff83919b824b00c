import type { SourceConfigView } from '../../../../shared/contract/methods.js';
import { rolesOf } from '../team/selectors.js';
import type { DeskState } from '../types.js';

export const ONLY_ADMINS = 'Only admins can change sources.';

export const sourcesAdminSelectors = {
  /** Admin-only calls are offered only to admins; others see a sentence instead of buttons. */
  canManage: (s: DeskState): boolean => rolesOf(s).includes('admin'),
  configByName: (s: DeskState, name: string): SourceConfigView | undefined => s.sourceConfigs.find((config) => config.name === name),
  formOpen: (s: DeskState): boolean => s.sourceForm !== null,
};
