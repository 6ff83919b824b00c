/** Alert settings per series, kept in the settings table; a series without its own inherits the default. */
import { alertPolicySchema, type AlertPolicy } from '../../shared/domain.js';
import { DEFAULT_ALERT_POLICY } from '../detect/lifecycle.js';
import type { Store } from '../store/index.js';

const key = (series: string) => `detection.policy.${series}`;
const DEFAULT_KEY = 'detection.policy.default';

export function createPolicyBook(settings: Store['settings']) {
  const cache = new Map<string, { policy: AlertPolicy; inherited: boolean }>();
  const read = (k: string): AlertPolicy | null => {
    const parsed = alertPolicySchema.safeParse(settings.get(k));
    return parsed.success ? parsed.data : null;
  };
  return {
    get(series: string): { policy: AlertPolicy; inherited: boolean } {
      let entry = cache.get(series);
      if (!entry) {
        const own = read(key(series));
        entry = own ? { policy: own, inherited: false } : { policy: read(DEFAULT_KEY) ?? DEFAULT_ALERT_POLICY, inherited: true };
        cache.set(series, entry);
      }
      return entry;
    },
    set(series: string, policy: AlertPolicy): void {
      settings.set(key(series), policy);
      cache.delete(series);
    },
  };
}

export type PolicyBook = ReturnType<typeof createPolicyBook>;
