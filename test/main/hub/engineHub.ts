/** The hub as `npm run serve` starts it, on a free loopback port, over an engine a test built; no loopback admin. */
import type { EngineInternals } from '../../../main/core/engine.js';
import { startHub, type Hub } from '../../../main/hub/server.js';

export function startEngineHub(engine: EngineInternals, staticDir: string): Promise<Hub> {
  return startHub({
    engine,
    host: '127.0.0.1',
    port: 0,
    staticDir,
    tokens: engine.accessTokens,
    auth: engine.auth,
    loopbackAdmin: false,
    health: () => engine.health(),
    metrics: () => engine.metricsText(),
  });
}
