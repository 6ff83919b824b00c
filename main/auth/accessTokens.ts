/**
 * Hub access tokens: the bootstrap admin token a hub prints on its first start, and the
 * check every connection beyond loopback passes. Only hashes are stored (main/store/tokens.ts).
 */
import type { Role } from '../../shared/domain.js';
import type { Store } from '../store/index.js';

export interface AccessTokensDeps {
  store: Pick<Store, 'tokens'>;
  now(): number;
}

export function createAccessTokens(deps: AccessTokensDeps) {
  return {
    /**
     * Issues the first admin token when the hub has none yet and returns it in clear, once;
     * null when tokens already exist (the operator copied it on an earlier start).
     */
    issueFirstAdminToken(): string | null {
      if (deps.store.tokens.count() > 0) return null;
      return deps.store.tokens.issue('first admin', 'admin', deps.now());
    },
    verify: (token: string): Role | null => deps.store.tokens.verify(token),
  };
}

export type AccessTokens = ReturnType<typeof createAccessTokens>;
