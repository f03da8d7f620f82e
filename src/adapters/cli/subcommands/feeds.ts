import { cliApp } from '../app-context.js'
import { defineSubcommand, writeLine } from '../subcommand.js'

const USAGE = [
  'Usage: benchwatch feeds <list|add URL|remove ID>',
  '',
  '  list          the feeds with their health (last ok, last error, next fetch, items)',
  '  add URL       add a feed (an HTML page is searched for its feed links)',
  '  remove ID     remove a feed by id',
].join('\n')

export default defineSubcommand({
  name: 'feeds',
  summary: 'list, add or remove feeds',
  usage: USAGE,
  async run(args, io) {
    const [action, ...rest] = args
    if (!action || !['list', 'add', 'remove'].includes(action)) {
      writeLine(io.stderr, USAGE)
      return 2
    }
    if ((action === 'add' || action === 'remove') && rest.length !== 1) {
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
        for (const f of feeds) {
          const health = f.disabledAt
            ? `disabled: ${f.disabledReason}`
            : f.lastError
              ? `failing since ${f.failingSince ?? '?'}: ${f.lastErrorCode ?? ''} ${f.lastError}`.trim()
              : f.lastOkAt
                ? `ok ${f.lastOkAt}`
                : 'not fetched yet'
          writeLine(
            io.stdout,
            `${f.id}  ${f.url}${f.chatRef ? `  [${f.chatRef}]` : ''}\n    ${f.title ?? '(untitled)'} · ${f.itemCount} items · ${health} · next ${f.nextFetchAt}`
          )
        }
        return 0
      }
      if (action === 'add') {
        const { feed, created } = await app.store.feeds.add({ url: rest[0]! }, now)
        writeLine(io.stdout, created ? `added ${feed.id} ${feed.url}` : `already present: ${feed.id} ${feed.url}`)
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
