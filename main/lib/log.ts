/**
 * One line of JSON per event on stderr, so a hub's log can be grepped and shipped. Callers
 * pass secrets nowhere near here: connectors log source names and error kinds, never tokens.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export interface Logger {
  log(level: LogLevel, message: string, meta?: Record<string, unknown>): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(minimum: LogLevel = 'info', write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  return {
    log(level, message, meta) {
      if (ORDER[level] < ORDER[minimum]) return;
      write(`${JSON.stringify({ at: new Date().toISOString(), level, message, ...meta })}\n`);
    },
  };
}

export const silentLogger: Logger = { log: () => undefined };

export const errorMeta = (error: unknown): Record<string, unknown> =>
  error instanceof Error ? { error: error.message, stack: error.stack } : { error: String(error) };
