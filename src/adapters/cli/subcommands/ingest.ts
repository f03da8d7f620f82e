import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describeError } from '../../../core/errors.js'
import { progressWriter, summaryLine } from '../../../ingest/report.js'
import type { Feed } from '../../../store/feeds.js'
import { cliApp } from '../app-context.js'
import { defineSubcommand, writeLine } from '../subcommand.js'

const USAGE = `usage: benchwatch ingest [--deliver] FILE_OR_URL...

Fetches each feed file or URL once, stores its items (dedup, story clustering, classification,
extraction) and prints one summary line: feeds ok / not modified / failed, new items,
duplicates, seconds. A file is a feed identified by its absolute path (file:///…), so ingesting a
changed file again behaves like a poll of the same feed; an HTML page URL is searched for its feed.
A feed's first ingest is stored as backlog (never pushed to chats), as for a newly added feed;
--deliver treats those items as news. Exit 1 when any source failed.`

export default defineSubcommand({
  name: 'ingest',
  summary: 'ingest feed files or URLs once',
  usage: USAGE,
  async run(args, io) {
    const sources: string[] = []
    let deliver = false
    for (const arg of args) {
      if (arg === '--help' || arg === '-h') {
        writeLine(io.stdout, USAGE)
        return 0
      }
      if (arg === '--deliver') deliver = true
      else if (arg.startsWith('--')) {
        io.stderr.write(`benchwatch ingest: unknown option ${arg}\n${USAGE}\n`)
        return 2
      } else sources.push(arg)
    }
    if (sources.length === 0) {
      io.stderr.write(`benchwatch ingest: give at least one FILE or URL\n${USAGE}\n`)
      return 2
    }
    const built = await cliApp(io, { logLevel: 'warn', pretty: false })
    if (!built) return 1
    const { app } = built
    let failed = 0
    try {
      const feeds: Feed[] = []
      for (const source of sources) {
        try {
          feeds.push(await feedFor(source))
        } catch (error) {
          failed++
          writeLine(io.stderr, `failed ${source}: ${describeError(error)}`)
        }
      }
      const progress = progressWriter(io.stderr, io.isTty)
      const report = await app.ingest.pollOnce({ feeds, onFeed: progress.onFeed })
      progress.clear()
      report.feeds += failed
      report.failed += failed
      for (const f of report.failures)
        writeLine(io.stderr, `failed ${f.url}: ${f.code} ${f.message}`)
      writeLine(io.stdout, summaryLine(report))
      return report.failed > 0 ? 1 : 0
    } finally {
      await app.stop()
    }

    async function feedFor(source: string): Promise<Feed> {
      const now = new Date()
      let feed: Feed
      if (/^https?:\/\//i.test(source)) {
        const known = (await app.store.feeds.list()).find((f) => f.url === source)
        feed = known ?? (await app.ingest.addFeed(source)).feed
      } else {
        const path = resolve(source.startsWith('file:') ? new URL(source).pathname : source)
        if (!existsSync(path)) throw new Error(`no such file, and not an http(s) URL: ${source}`)
        feed = (await app.store.feeds.add({ url: pathToFileURL(path).href }, now)).feed
      }
      if (feed.disabledAt) {
        // an explicit ingest is the operator asking again: give a disabled feed another chance
        await app.store.feeds.update(feed.id, { disabledAt: null, disabledReason: null })
        feed = { ...feed, disabledAt: null, disabledReason: null }
      }
      if (deliver && feed.lastOkAt === null) feed = { ...feed, lastOkAt: now.toISOString() }
      return feed
    }
  },
})
