import { rolesOf } from '../team/selectors.js';
import type { DeskState } from '../types.js';
import { policyFromDraft } from './policyDraft.js';

const POLICY_KEYS = [
  'sensitivity',
  'openScore',
  'criticalScore',
  'resolveFraction',
  'resolveAfterMinutes',
  'minVolume',
  'alertOnDrops',
  'quietHours',
  'startMinute',
  'endMinute',
  'utcOffsetMinutes',
];
/** Same policy, whatever order the keys came in. */
const canonical = (policy: unknown) => JSON.stringify(policy, POLICY_KEYS);

export const detectionSelectors = {
  /** "own settings" once saved for this series, "inherited from defaults" before. */
  origin: (s: DeskState): 'own' | 'inherited' | null =>
    s.detectionSettings ? (s.detectionSettings.inherited ? 'inherited' : 'own') : null,
  /** The form differs from what the engine has (unsaved changes). */
  dirty: (s: DeskState): boolean => {
    if (!s.detectionDraft || !s.detectionSettings) return false;
    const built = policyFromDraft(s.detectionDraft);
    return !built.ok || canonical(built.policy) !== canonical(s.detectionSettings.policy);
  },
  /** The alert settings can be saved by operators and admins. */
  canSave: (s: DeskState): boolean => rolesOf(s).some((role) => role === 'operator' || role === 'admin'),
};
