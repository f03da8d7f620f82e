import { parseArgs } from 'node:util'
import { classify, defaultModel } from '../../../core/classify/index.js'
import { createClassificationStore } from '../../../store/classifications.js'
import { rowToItem } from '../../../store/items.js'
import { cliApp } from '../app-context.js'
import { defineSubcommand, writeLine } from '../subcommand.js'

const USAGE = [
  'Usage: benchwatch reclassify [--since YYYY-MM-DD] [--all]',
  '',
  'Classifies stored items again with the current model (after `npm run train` or an upgrade).',
  'By default only items classified by another model version; --all re-runs every item;',
  '--since limits it to items published on or after that date.',
].join('\n')

const BATCH = 500
const MODEL_VERSION = defaultModel.modelVersion

export default defineSubcommand({
  name: 'reclassify',
  summary: 'classify stored items again after a model update',
  usage: USAGE,
  async run(args, io) {
    let values: { since?: string; all?: boolean }
    try {
      values = parseArgs({ args, options: { since: { type: 'string' }, all: { type: 'boolean' } } }).values
    } catch (error) {
      writeLine(io.stderr, `benchwatch reclassify: ${(error as Error).message}\n${USAGE}`)
      return 2
    }
    if (values.since !== undefined && (!/^\d{4}-\d{2}-\d{2}/.test(values.since) || Number.isNaN(Date.parse(values.since)))) {
      writeLine(io.stderr, `benchwatch reclassify: --since expects a date like 2026-01-31, got "${values.since}"`)
      return 2
    }
    const built = await cliApp(io, { logLevel: 'warn', pretty: false })
    if (!built) return 1
    const { app } = built
    const started = performance.now()
    const classifications = createClassificationStore(app.store.db)
    const db = app.store.db.kysely
    let seen = 0
    let changed = 0
    let after = ''
    try {
      for (;;) {
        let q = db
          .selectFrom('item')
          .leftJoin('classification', 'classification.item_id', 'item.id')
          .selectAll('item')
          .select(['classification.label as old_label', 'classification.model_version as old_version'])
          .where('item.id', '>', after)
          .orderBy('item.id')
          .limit(BATCH)
        if (values.since) q = q.where('item.published_at', '>=', new Date(values.since).toISOString())
        if (!values.all)
          q = q.where((eb) => eb.or([eb('classification.model_version', 'is', null), eb('classification.model_version', '!=', MODEL_VERSION)]))
        const rows = await q.execute()
        if (rows.length === 0) break
        after = rows[rows.length - 1]!.id
        const now = new Date()
        for (const row of rows) {
          const item = rowToItem(row)
          const verdict = classify({ title: item.title, summary: item.summary, text: item.contentText })
          await classifications.save(item.id, verdict, now)
          seen++
          if (verdict.label !== row.old_label) changed++
        }
        if (io.isTty) io.stderr.write(`\r${seen} items…`)
      }
      if (io.isTty) io.stderr.write('\n')
      const seconds = ((performance.now() - started) / 1000).toFixed(1)
      writeLine(io.stdout, `reclassified ${seen} items with model ${MODEL_VERSION}; ${changed} changed label; ${seconds} s`)
      return 0
    } finally {
      await app.stop()
    }
  },
})
