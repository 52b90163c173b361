import pino from 'pino';

/** One pino logger per process; the level comes from config. */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info') {
  return pino({ name, level });
}
