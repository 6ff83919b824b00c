import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The NAB reference material lives beside the clone (../shared/nab), never inside it.
 * SURGE_NAB_DIR overrides. Returns null when absent so callers can say so plainly.
 */
export function findNabDir(): string | null {
  const dir = process.env.SURGE_NAB_DIR ?? resolve(repoRoot, '..', 'shared', 'nab');
  return existsSync(resolve(dir, 'data')) ? dir : null;
}
