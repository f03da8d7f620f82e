import pino, { type Logger } from 'pino'

export type { Logger }

/**
 * The service logger: JSON lines in production, readable lines on a terminal. Secrets are
 * redacted by key wherever they appear in log objects.
 */
export function createLogger(level: string, options: { pretty?: boolean } = {}): Logger {
  const pretty = options.pretty ?? Boolean(process.stdout.isTTY)
  return pino({
    level,
    base: undefined,
    redact: {
      paths: ['token', '*.token', 'apiKey', '*.apiKey', 'secret', '*.secret', 'password', '*.password'],
      censor: '***',
    },
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss' } } }
      : {}),
  })
}
