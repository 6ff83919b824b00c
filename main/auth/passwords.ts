/**
 * Password hashing: Argon2id at the OWASP minimum (19 MiB, t=2, p=1), run by the argon2
 * addon on libuv's thread pool, so the engine's thread never waits on a hash. At most
 * `maxConcurrent` hashes run at once; past that a sign-in is refused as busy, not queued.
 */
import argon2 from 'argon2';

export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False for a wrong password and for a hash this build cannot read; never throws. */
  verify(hash: string, password: string): Promise<boolean>;
}

export const argon2Hasher: PasswordHasher = {
  hash: (password) => argon2.hash(password, ARGON2_OPTIONS),
  async verify(hash, password) {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  },
};

/** Runs at most `limit` tasks at once; `tryRun` answers null when all slots are taken. */
export function createSlots(limit: number) {
  let busy = 0;
  return {
    get busy() {
      return busy;
    },
    async tryRun<T>(task: () => Promise<T>): Promise<{ value: T } | null> {
      if (busy >= limit) return null;
      busy += 1;
      try {
        return { value: await task() };
      } finally {
        busy -= 1;
      }
    },
  };
}
