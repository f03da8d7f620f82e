import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig, redactDatabaseUrl } from '../src/config.js'

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env)
    return []
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as ConfigError).problems
  }
}

describe('config', () => {
  it('GIVEN an empty environment THEN SQLite in ./data, port 8080, poll every 5 minutes, no bots', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({
      DATABASE_URL: 'sqlite:./data/benchwatch.db',
      HTTP_PORT: 8080,
      POLL_CRON: '*/5 * * * *',
      ALLOW_PRIVATE_NETWORK: false,
      LOG_LEVEL: 'info',
      TELEGRAM_API_ROOT: 'https://api.telegram.org',
      DISCORD_API_BASE: 'https://discord.com/api',
    })
    expect(config.TELEGRAM_BOT_TOKEN).toBeUndefined()
    expect(config.DISCORD_TOKEN).toBeUndefined()
  })

  it.each([
    ['DATABASE_URL', 'nonsense', 'DATABASE_URL: expected sqlite:PATH or postgres://'],
    ['HTTP_PORT', 'eighty', 'HTTP_PORT: expected a port number'],
    ['HTTP_PORT', '70000', 'HTTP_PORT: expected a port number'],
    ['ALLOW_PRIVATE_NETWORK', 'maybe', 'ALLOW_PRIVATE_NETWORK: expected true or false'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL: expected one of'],
    ['POLL_CRON', 'every minute', 'POLL_CRON: expected a cron expression'],
    ['TELEGRAM_API_ROOT', 'ftp://x', 'TELEGRAM_API_ROOT: expected an http(s) URL'],
    ['DISCORD_PUBLIC_KEY', 'abc', 'DISCORD_PUBLIC_KEY: expected 64 hex characters'],
    ['DISCORD_APPLICATION_ID', 'app', 'DISCORD_APPLICATION_ID: expected a numeric snowflake id'],
  ])('GIVEN %s=%s THEN start-up names the variable and what it expects', (name, value, message) => {
    expect(problemsOf({ [name]: value }).join('\n')).toContain(message)
  })

  it('GIVEN a malformed token THEN the message never repeats the secret', () => {
    const problems = problemsOf({ TELEGRAM_BOT_TOKEN: 'super-secret-value' })
    expect(problems.join('\n')).toContain('TELEGRAM_BOT_TOKEN')
    expect(problems.join('\n')).not.toContain('super-secret-value')
  })

  it('GIVEN several bad values THEN every one is named at once', () => {
    const problems = problemsOf({ HTTP_PORT: 'x', LOG_LEVEL: 'y' })
    expect(problems).toHaveLength(2)
  })

  it('GIVEN a webhook URL without a secret THEN start-up asks for TELEGRAM_WEBHOOK_SECRET', () => {
    expect(problemsOf({ TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/tg' }).join()).toContain('TELEGRAM_WEBHOOK_SECRET')
  })

  it('GIVEN trailing slashes on API roots THEN they are trimmed (grammY rejects them)', () => {
    expect(loadConfig({ TELEGRAM_API_ROOT: 'http://127.0.0.1:9/' }).TELEGRAM_API_ROOT).toBe('http://127.0.0.1:9')
  })

  it('GIVEN a PostgreSQL URL with a password THEN logs see it redacted', () => {
    expect(redactDatabaseUrl('postgres://bw:hunter2@db/bw')).toBe('postgres://bw:***@db/bw')
  })
})
