/**
 * The root logger: the one module-level singleton. JSON lines on stderr (stdout is for command output),
 * with every path that may hold a secret redacted, so a token can never reach a log line by accident.
 */
import pino, { type Logger } from 'pino';

export type { Logger };

export const REDACTED_PATHS = [
  'token',
  'accessToken',
  'access_token',
  'secret',
  'password',
  'authorization',
  'databaseUrl',
  'headers.authorization',
  'headers.Authorization',
  'req.headers.authorization',
  '*.token',
  '*.accessToken',
  '*.access_token',
  '*.secret',
  '*.password',
  '*.authorization',
  '*.Authorization',
  '*.databaseUrl',
  '*.mpAccessToken',
  '*.webhookSecret',
  '*.alertWebhookUrl',
];

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { app: 'mp-recon' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination ?? pino.destination({ fd: 2, sync: true }),
  );
}
