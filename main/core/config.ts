/**
 * The SURGE_CONFIG file: `{ "sources": [ … ], "accounts": [ … ], "publishing": { … } }` (see
 * README). Read once at start; every problem is reported in plain words naming the file and
 * the field.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseSourcesFile, type SourceConfig } from '../sources/config.js';
import { accountsFileSchema, type AccountConfig } from '../publish/accounts.js';

export interface FileConfig {
  sources: SourceConfig[];
  accounts: AccountConfig[];
  publishing: PublishingConfig;
}

const publishingSchema = z
  .object({
    /** How often the scheduler looks for due posts (tests use a few hundred ms). */
    tickMs: z.number().int().min(50).max(600_000).optional(),
    /** A first send later than this is not made: the post waits for a new time. */
    lateMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .optional(),
    maxAttempts: z.number().int().min(1).max(20).optional(),
  })
  .strict()
  .default({});
export type PublishingConfig = { tickMs?: number; lateMs?: number; maxAttempts?: number };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const describe = (error: z.ZodError, root: string): string[] =>
  error.issues.map((i) => {
    const path = i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    return `${root}${path}: ${i.message}`;
  });

export function parseConfig(text: string, origin: string): FileConfig {
  const sources = parseSourcesFile(text);
  if (!sources.ok) throw new ConfigError(`${origin}:\n  - ${sources.errors.join('\n  - ')}`);
  // parseSourcesFile has already proved the text is a JSON object.
  const json = JSON.parse(text.replace(/^\uFEFF/, '')) as Record<string, unknown>;
  const errors: string[] = [];
  const accounts = accountsFileSchema.safeParse(json.accounts ?? []);
  if (!accounts.success) errors.push(...describe(accounts.error, 'accounts'));
  const publishing = publishingSchema.safeParse(json.publishing);
  if (!publishing.success) errors.push(...describe(publishing.error, 'publishing'));
  if (errors.length || !accounts.success || !publishing.success) throw new ConfigError(`${origin}:\n  - ${errors.join('\n  - ')}`);
  const p = publishing.data;
  return {
    sources: sources.value,
    accounts: accounts.data,
    publishing: {
      ...(p.tickMs !== undefined ? { tickMs: p.tickMs } : {}),
      ...(p.lateMinutes !== undefined ? { lateMs: p.lateMinutes * 60_000 } : {}),
      ...(p.maxAttempts !== undefined ? { maxAttempts: p.maxAttempts } : {}),
    },
  };
}

export function loadConfigFile(path: string | undefined): FileConfig {
  if (!path) return { sources: [], accounts: [], publishing: {} };
  let text: string;
  try {
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- the operator's own SURGE_CONFIG path
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(
      code === 'ENOENT' ? `SURGE_CONFIG points to ${path}, which does not exist.` : `Could not read ${path} (${code ?? 'unknown error'}).`,
    );
  }
  return parseConfig(text, path);
}
