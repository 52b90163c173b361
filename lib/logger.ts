import pino from 'pino';

export type Logger = pino.Logger;

/** One pino logger per process; the level comes from config. */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ name, level });
}
