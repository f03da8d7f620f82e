import { existsSync, readFileSync } from 'node:fs'
import { parse as parseDotenv } from 'dotenv'
import { z } from 'zod'

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

const booleanFlag = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ['true', 'false', '1', '0', 'yes', 'no', ''].includes(v), {
    message: 'expected true or false',
  })
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

const httpUrl = (what: string) =>
  z
    .string()
    .trim()
    .refine((v) => /^https?:\/\/[^\s/]+/i.test(v) && URL.canParse(v), {
      message: `expected an http(s) URL ${what}`,
    })
    .transform((v) => v.replace(/\/+$/, ''))

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional()

function isValidCron(expr: string): boolean {
  const fields = expr.trim().split(/\s+/)
  if (fields.length < 5 || fields.length > 6) return false
  return fields.every((f) => /^[\d*/,\-A-Za-z?LW#]+$/.test(f))
}

const schema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .default('sqlite:./data/benchwatch.db')
    .refine((v) => /^sqlite:.+/.test(v) || /^postgres(ql)?:\/\/.+/.test(v), {
      message: 'expected sqlite:PATH or postgres://USER@HOST/DB',
    }),
  TELEGRAM_BOT_TOKEN: z
    .string()
    .trim()
    .refine((v) => v === '' || /^\d+:[\w-]+$/.test(v), {
      message: 'expected a BotFather token like 123456:ABC-DEF…',
    })
    .transform((v) => (v === '' ? undefined : v))
    .optional(),
  TELEGRAM_API_ROOT: httpUrl('(the Bot API root, e.g. https://api.telegram.org)').default(
    'https://api.telegram.org'
  ),
  TELEGRAM_WEBHOOK_URL: httpUrl('(the public https URL Telegram posts updates to)').optional(),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .trim()
    .refine((v) => v === '' || /^[A-Za-z0-9_-]{1,256}$/.test(v), {
      message: 'expected 1-256 characters A-Z, a-z, 0-9, _ or -',
    })
    .transform((v) => (v === '' ? undefined : v))
    .optional(),
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: z
    .string()
    .trim()
    .refine((v) => v === '' || /^\d{5,25}$/.test(v), { message: 'expected a numeric snowflake id' })
    .transform((v) => (v === '' ? undefined : v))
    .optional(),
  DISCORD_PUBLIC_KEY: z
    .string()
    .trim()
    .refine((v) => v === '' || /^[0-9a-fA-F]{64}$/.test(v), {
      message: 'expected 64 hex characters (the application public key)',
    })
    .transform((v) => (v === '' ? undefined : v.toLowerCase()))
    .optional(),
  DISCORD_API_BASE: httpUrl('(the REST base, e.g. https://discord.com/api)').default(
    'https://discord.com/api'
  ),
  DISCORD_SHARDS: z
    .string()
    .trim()
    .refine((v) => v === '' || v === 'auto' || /^\d+(,\d+)*$/.test(v), {
      message: 'expected auto, or shard ids like 0,1',
    })
    .transform((v) => (v === '' ? undefined : v))
    .optional(),
  DISCORD_SHARD_COUNT: z.coerce.number().int().min(1).max(10_000).optional(),
  FEEDS_FILE: optionalText,
  POLL_CRON: z
    .string()
    .trim()
    .default('*/5 * * * *')
    .refine(isValidCron, { message: 'expected a cron expression like */5 * * * *' }),
  HTTP_PORT: z.coerce
    .number({ message: 'expected a port number 0-65535' })
    .int({ message: 'expected a port number 0-65535' })
    .min(0, { message: 'expected a port number 0-65535' })
    .max(65535, { message: 'expected a port number 0-65535' })
    .default(8080),
  HTTP_HOST: z.string().trim().default('0.0.0.0'),
  ALLOW_PRIVATE_NETWORK: booleanFlag.default(false),
  LOG_LEVEL: z
    .string()
    .trim()
    .toLowerCase()
    .default('info')
    .refine((v): v is (typeof LOG_LEVELS)[number] => (LOG_LEVELS as readonly string[]).includes(v), {
      message: `expected one of ${LOG_LEVELS.join(', ')}`,
    }),
  LLM_BASE_URL: httpUrl('(an OpenAI-compatible API base)').optional(),
  LLM_API_KEY: optionalText,
  LLM_MODEL: optionalText,
})

/** The validated configuration the service runs with. */
export type Config = z.infer<typeof schema>

/** Start-up failed because of the environment; the message names every bad variable. */
export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/**
 * Reads `.env` (if present) under the real environment, which wins. Empty values count as unset.
 */
export function readEnv(env: NodeJS.ProcessEnv, dotenvPath = '.env'): Record<string, string> {
  const fromFile = existsSync(dotenvPath) ? parseDotenv(readFileSync(dotenvPath)) : {}
  const merged: Record<string, string> = { ...fromFile }
  for (const [k, v] of Object.entries(env)) if (v !== undefined) merged[k] = v
  for (const [k, v] of Object.entries(merged)) if (v.trim() === '') delete merged[k]
  return merged
}

/**
 * Validates the environment. Throws `ConfigError` naming each bad variable and what it expects;
 * values are never echoed, so a mistyped token never lands in a log.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const known = Object.fromEntries(
    Object.keys(schema.shape).flatMap((k) => (env[k] !== undefined ? [[k, env[k]]] : []))
  )
  const result = schema.safeParse(known)
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = issue.path.join('.') || 'environment'
      return `${name}: ${issue.message}`
    })
    throw new ConfigError(problems)
  }
  const config = result.data
  if (config.TELEGRAM_WEBHOOK_URL && !config.TELEGRAM_WEBHOOK_SECRET) {
    throw new ConfigError([
      'TELEGRAM_WEBHOOK_SECRET: expected a secret when TELEGRAM_WEBHOOK_URL is set (Telegram signs each update with it)',
    ])
  }
  return config
}

/** The variables whose values must never be logged. */
export const SECRET_VARIABLES = [
  'TELEGRAM_BOT_TOKEN',
  'TELEGRAM_WEBHOOK_SECRET',
  'DISCORD_TOKEN',
  'LLM_API_KEY',
] as const

/** DATABASE_URL with any password replaced, for logs. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/(postgres(?:ql)?:\/\/[^:/@]+:)[^@]*@/, '$1***@')
}
