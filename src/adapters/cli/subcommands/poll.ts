import { describeError } from '../../../core/errors.js'
import { progressWriter, summaryLine } from '../../../ingest/report.js'
import { cliApp } from '../app-context.js'
import { defineSubcommand, writeLine } from '../subcommand.js'

const USAGE = `usage: benchwatch poll [--all]

Runs one poll cycle over the configured feeds that are due (--all: every enabled feed) and prints
one summary line: feeds ok / not modified / failed, new items, duplicates, seconds. Each failed
feed is listed on stderr with its reason code. Seeds FEEDS_FILE (or the default list on a fresh
database) first, as the service does.`

export default defineSubcommand({
  name: 'poll',
  summary: 'run one poll cycle over the configured feeds',
  usage: USAGE,
  async run(args, io) {
    let all = false
    for (const arg of args) {
      if (arg === '--help' || arg === '-h') {
        writeLine(io.stdout, USAGE)
        return 0
      }
      if (arg === '--all') all = true
      else {
        io.stderr.write(`benchwatch poll: unknown argument ${arg}\n${USAGE}\n`)
        return 2
      }
    }
    const built = await cliApp(io, { logLevel: 'warn', pretty: false })
    if (!built) return 1
    const { app } = built
    try {
      try {
        await app.ingest.seed()
      } catch (error) {
        writeLine(io.stderr, `benchwatch poll: ${describeError(error)}`)
        return 1
      }
      const feeds = all
        ? (await app.store.feeds.list({ chatRef: 'all' })).filter((f) => !f.disabledAt)
        : undefined
      const progress = progressWriter(io.stderr, io.isTty)
      const report = await app.ingest.pollOnce({ feeds, onFeed: progress.onFeed })
      progress.clear()
      for (const f of report.failures)
        writeLine(io.stderr, `failed ${f.url}: ${f.code} ${f.message}`)
      for (const d of report.disabled) writeLine(io.stderr, `disabled ${d.feedId}: ${d.reason}`)
      writeLine(io.stdout, summaryLine(report))
      return 0
    } finally {
      await app.stop()
    }
  },
})
