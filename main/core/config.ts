/**
 * The SURGE_CONFIG file: `{ "sources": [ … ] }` (see README). Read once at start; every
 * problem is reported in plain words naming the file and the field.
 */
import { readFileSync } from 'node:fs';
import { parseSourcesFile, type SourceConfig } from '../sources/config.js';

export interface FileConfig {
  sources: SourceConfig[];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseConfig(text: string, origin: string): FileConfig {
  const sources = parseSourcesFile(text);
  if (!sources.ok) throw new ConfigError(`${origin}:\n  - ${sources.errors.join('\n  - ')}`);
  return { sources: sources.value };
}

export function loadConfigFile(path: string | undefined): FileConfig {
  if (!path) return { sources: [] };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(
      code === 'ENOENT' ? `SURGE_CONFIG points to ${path}, which does not exist.` : `Could not read ${path} (${code ?? 'unknown error'}).`,
    );
  }
  return parseConfig(text, path);
}
