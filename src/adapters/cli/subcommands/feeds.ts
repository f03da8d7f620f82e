import { describeError } from '../../../core/errors.js'
import { readFeedList, seedFeeds } from '../../../ingest/feeds-file.js'
import { toOpml } from '../../../ingest/opml.js'
import type { Feed } from '../../../store/feeds.js'
import { cliApp } from '../app-context.js'
import { defineSubcommand, writeLine } from '../subcommand.js'

const USAGE = [
  'Usage: benchwatch feeds <list|add URL|remove ID|enable ID|import-opml FILE|export-opml>',
  '',
  '  list              the feeds with their health (last ok, last error, next fetch, items)',
  '  add URL [--force] add a feed; an HTML page is searched for its feed links (--force: add the',
  '                    URL as given, without fetching it)',
  '  remove ID         remove a feed by id',
  '  enable ID         switch a disabled feed back on (fetched at the next poll)',
  '  import-opml FILE  add the feeds an OPML file (or a JSON feed list) names',
  '  export-opml       print the global feeds as OPML',
].join('\n')

const ACTIONS = ['list', 'add', 'remove', 'enable', 'import-opml', 'export-opml']

export default defineSubcommand({
  name: 'feeds',
  summary: 'list, add, remove, import or export feeds',
  usage: USAGE,
  async run(args, io) {
    if (args.includes('--help') || args.includes('-h')) {
      writeLine(io.stdout, USAGE)
      return 0
    }
    const force = args.includes('--force')
    const [action, ...rest] = args.filter((a) => a !== '--force')
    if (!action || !ACTIONS.includes(action)) {
      writeLine(io.stderr, USAGE)
      return 2
    }
    const wanted = ['add', 'remove', 'enable', 'import-opml'].includes(action) ? 1 : 0
    if (rest.length !== wanted) {
      writeLine(io.stderr, USAGE)
      return 2
    }
    if (action === 'add' && !/^https?:\/\/\S+$/i.test(rest[0]!)) {
      writeLine(io.stderr, `benchwatch feeds add: expected an http(s) URL, got "${rest[0]}"`)
      return 2
    }
    const built = await cliApp(io, { logLevel: 'warn', pretty: false })
    if (!built) return 1
    const { app } = built
    const now = new Date()
    try {
      if (action === 'list') {
        const feeds = await app.store.feeds.list({ chatRef: 'all' })
        if (feeds.length === 0) writeLine(io.stdout, 'no feeds')
        for (const f of feeds) writeLine(io.stdout, describeFeed(f))
        return 0
      }
      if (action === 'export-opml') {
        const feeds = await app.store.feeds.list()
        io.stdout.write(toOpml(feeds))
        return 0
      }
      if (action === 'import-opml') {
        let added: number
        let total: number
        try {
          const list = await readFeedList(rest[0]!)
          total = list.length
          added = await seedFeeds(app.store.feeds, list, now)
        } catch (error) {
          writeLine(io.stderr, `benchwatch feeds import-opml: ${describeError(error)}`)
          return 1
        }
        writeLine(
          io.stdout,
          `imported ${added} new feed${added === 1 ? '' : 's'} (${total - added} already present)`
        )
        return 0
      }
      if (action === 'add') {
        if (force) {
          const { feed, created } = await app.store.feeds.add({ url: rest[0]! }, now)
          writeLine(
            io.stdout,
            created ? `added ${feed.id} ${feed.url}` : `already present: ${feed.id} ${feed.url}`
          )
          return 0
        }
        try {
          const { feed, created, discoveredFrom } = await app.ingest.addFeed(rest[0]!)
          const via = discoveredFrom ? ` (found on ${discoveredFrom})` : ''
          writeLine(
            io.stdout,
            created
              ? `added ${feed.id} ${feed.url}${via}`
              : `already present: ${feed.id} ${feed.url}${via}`
          )
          return 0
        } catch (error) {
          writeLine(
            io.stderr,
            `benchwatch feeds add: ${describeError(error)} (use --force to add it anyway)`
          )
          return 1
        }
      }
      if (action === 'enable') {
        const feed = await app.store.feeds.get(rest[0]!)
        if (!feed) {
          writeLine(io.stderr, `benchwatch feeds enable: no feed with id ${rest[0]}`)
          return 1
        }
        await app.store.feeds.update(feed.id, {
          disabledAt: null,
          disabledReason: null,
          failingSince: null,
          consecutiveFailures: 0,
          nextFetchAt: now.toISOString(),
        })
        writeLine(
          io.stdout,
          feed.disabledAt
            ? `enabled ${feed.id} ${feed.url}`
            : `${feed.id} was not disabled; it is due now`
        )
        return 0
      }
      const removed = await app.store.feeds.remove(rest[0]!)
      if (!removed) {
        writeLine(io.stderr, `benchwatch feeds remove: no feed with id ${rest[0]}`)
        return 1
      }
      writeLine(io.stdout, `removed ${rest[0]}`)
      return 0
    } finally {
      await app.stop()
    }
  },
})

function describeFeed(f: Feed): string {
  const health = f.disabledAt
    ? `DISABLED ${f.disabledReason} since ${f.disabledAt}: ${f.lastErrorCode ?? ''} ${f.lastError ?? ''}`.trim()
    : f.lastError
      ? `failing since ${f.failingSince ?? '?'} (${f.consecutiveFailures}×): ${f.lastErrorCode ?? ''} ${f.lastError}`
      : f.lastOkAt
        ? 'ok'
        : 'not fetched yet'
  const lastOk = f.lastOkAt ? `last ok ${f.lastOkAt}` : 'never ok'
  const next = f.disabledAt ? 'no next fetch' : `next ${f.nextFetchAt}`
  return (
    `${f.id}  ${f.url}${f.chatRef ? `  [${f.chatRef}]` : ''}\n` +
    `    ${f.title ?? '(untitled)'} · ${f.itemCount} items · ${health} · ${lastOk} · ${next}`
  )
}
