import { redactDatabaseUrl } from '../../../config.js'
import { setProcessRole } from '../../../store/postgres.js'
import { cliApp } from '../app-context.js'
import { describeError } from '../../../core/errors.js'
import { defineSubcommand, writeLine } from '../subcommand.js'

export default defineSubcommand({
  name: 'run',
  summary: 'run the service',
  usage: [
    'Usage: benchwatch run',
    '',
    'Runs the service: the feed poller, the bots whose tokens are set, subscriptions and digests,',
    'and the HTTP server on HTTP_PORT (GET /healthz, /readyz, /metrics). Stops cleanly on',
    'SIGINT/SIGTERM within 10 s. Configuration: environment and .env (see .env.example).',
  ].join('\n'),
  async run(_args, io) {
    // Counted by the other instances sharing the bots' rate limits (PostgreSQL only).
    setProcessRole('service')
    const built = await cliApp(io)
    if (!built) return 1
    const { app, log } = built
    let port: number
    try {
      ;({ port } = await app.start())
    } catch (error) {
      // A bot that cannot log in must not leave a half-started service hanging.
      writeLine(io.stderr, `benchwatch run: ${describeError(error)}`)
      await app.stop()
      setTimeout(() => process.exit(1), 200).unref()
      return 1
    }
    log.info(
      {
        port,
        database: redactDatabaseUrl(app.config.DATABASE_URL),
        components: app.components.map((c) => c.name),
      },
      'benchwatch is running'
    )
    const signal = await new Promise<string>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'))
      process.once('SIGTERM', () => resolve('SIGTERM'))
    })
    log.info({ signal }, 'stopping')
    const hardStop = setTimeout(() => {
      log.error('shutdown took longer than 10 s; exiting')
      process.exit(1)
    }, 10_000)
    hardStop.unref()
    await app.stop()
    log.info('stopped')
    log.flush?.()
    // Bots and pools are closed; exit now rather than wait on a stray timer of a library.
    setTimeout(() => process.exit(0), 200).unref()
    return 0
  },
})
