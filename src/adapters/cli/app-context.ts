import { ConfigError, loadConfig, readEnv, type Config } from '../../config.js'
import { createLogger, type Logger } from '../../log.js'
import { StoreOpenError } from '../../store/open-store.js'
import { createApp, type App } from '../../app.js'
import type { CliIo } from './subcommand.js'
import { writeLine } from './subcommand.js'

/** Reads and validates the configuration for a CLI subcommand; prints problems and returns null. */
export function cliConfig(io: CliIo): Config | null {
  try {
    return loadConfig(readEnv(io.env))
  } catch (error) {
    if (error instanceof ConfigError) {
      writeLine(io.stderr, error.message)
      return null
    }
    throw error
  }
}

/**
 * Builds the app for a CLI subcommand. Config and database problems become one clear message
 * and a null result (the caller exits 1), never a stack trace.
 */
export async function cliApp(
  io: CliIo,
  options: { logLevel?: string; pretty?: boolean } = {}
): Promise<{ app: App; log: Logger } | null> {
  const config = cliConfig(io)
  if (!config) return null
  const log = createLogger(options.logLevel ?? config.LOG_LEVEL, {
    pretty: options.pretty ?? io.isTty,
  })
  try {
    const app = await createApp(config, log)
    return { app, log }
  } catch (error) {
    if (error instanceof StoreOpenError) {
      writeLine(io.stderr, `benchwatch: ${error.message}`)
      return null
    }
    throw error
  }
}
