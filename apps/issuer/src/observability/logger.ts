import { type DestinationStream, type Logger, pino } from 'pino';
import type { LogLevel } from '../config/config.js';

/**
 * Paths censored wherever they appear, as a second line of defence: the code never logs
 * headers, bodies, keys or tokens in the first place.
 */
export const REDACTED_PATHS = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  '*.authorization',
  'token',
  '*.token',
  'key',
  '*.key',
  'adminKey',
  '*.adminKey',
  'kek',
  '*.kek',
  'privateKey',
  '*.privateKey',
  'privateJwk',
  '*.privateJwk',
  'd',
  '*.d',
  'databaseUrl',
  '*.databaseUrl',
];

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'runid-issuer' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
