/** Where an install keeps its data when SURGE_DATA_DIR does not say. */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Surge Desk');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Surge Desk');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'surge-desk');
}
