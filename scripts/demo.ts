// The offline showcase: ingests the bundled fixture feeds into a throwaway SQLite database through
// the real ingestion pipeline, then prints /news, /controversies and /table Llama 4 as the CLI
// adapter renders them. `npm run demo -- --lang ru` answers in Russian.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Lang } from '../src/core/i18n.js'
import { detectLang } from '../src/core/lang.js'
import { replyToPlainText } from '../src/core/reply.js'
import { runCommand } from '../src/core/run-command.js'
import { renderTextTable } from '../src/core/text-table.js'
import { createPipeline } from '../src/ingest/pipeline.js'
import { defaultStages } from '../src/ingest/stages.js'
import { loadCommands } from '../src/registry.js'
import type { Services } from '../src/services.js'
import { openStore } from '../src/store/open-store.js'

const FIXTURES = ['seed-llama4.rss', 'commands-controversies.rss', 'commands-wire.rss'].map(
  (name) => new URL(`../test/fixtures/feeds/${name}`, import.meta.url)
)
// The fixtures' news is from early January 2026; a fixed clock keeps "2 h ago" meaningful.
const NOW = new Date('2026-01-03T12:00:00.000Z')

const langArg = process.argv.indexOf('--lang')
const lang: Lang = langArg > 0 && process.argv[langArg + 1] === 'ru' ? 'ru' : 'en'

const dir = mkdtempSync(join(tmpdir(), 'benchwatch-demo-'))
const store = await openStore(`sqlite:${join(dir, 'demo.db')}`)
try {
  const pipeline = createPipeline({ store, stages: defaultStages(store), detectLang })
  let items = 0
  for (const file of FIXTURES) {
    const { feed } = await store.feeds.add({ url: file.href }, NOW)
    const outcome = await pipeline.ingestDocument(
      feed,
      { body: readFileSync(fileURLToPath(file)), url: file.href },
      { now: NOW, backlog: false }
    )
    await store.feeds.update(feed.id, {
      title: outcome.title,
      siteUrl: outcome.siteUrl,
      lang: outcome.lang,
    })
    items += outcome.newItems
  }
  console.log(
    `benchwatch demo: ${items} items from ${FIXTURES.length} bundled feeds in ${dir}; clock set to ${NOW.toISOString()}\n`
  )

  const commands = await loadCommands()
  const services: Services = { store, commands: () => commands }
  for (const line of ['/news', '/controversies', '/table Llama 4']) {
    const [name, ...rest] = line.slice(1).split(' ')
    const reply = await runCommand(
      commands,
      {
        name: name!,
        options: {},
        text: rest.join(' '),
        chat: 'cli:demo',
        user: { id: 'demo', isAdmin: true },
        lang,
      },
      { services, now: () => NOW, onError: (e) => console.error(e.message) }
    )
    console.log(`$ benchwatch ask "${line}"\n`)
    console.log(replyToPlainText(reply, (t) => renderTextTable(t.columns, t.rows, t.align)))
    console.log('')
  }
} finally {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
}
