import { buildChartSvg } from '../src/core/chart.js'
import { defineCommand, type OptionSpecs } from '../src/core/command.js'
import { consolidate, type ConsolidatedTable } from '../src/core/consolidate.js'
import { discrepancyTableBlock } from '../src/core/discrepancy-view.js'
import {
  entityRecord,
  modelMatches,
  resolveBenchmark,
  resolveModel,
  suggestModels,
} from '../src/core/entities.js'
import { UserError } from '../src/core/errors.js'
import { formatDate, formatList, localized, t, type Lang } from '../src/core/i18n.js'
import { reply, type Block, type Reply } from '../src/core/reply.js'
import { renderSvgToPng } from '../src/render/chart-png.js'
import { discrepanciesOf, type Services } from '../src/services.js'
import { toItemRows, type ModelCount } from '../src/store/discrepancies.js'

const options = {
  model: {
    type: 'string',
    description: localized('table.opt.model'),
    required: true,
    max: 100,
    autocomplete: 'model',
  },
  benchmark: {
    type: 'string',
    description: localized('table.opt.benchmark'),
    max: 100,
    autocomplete: 'benchmark',
  },
} satisfies OptionSpecs

function didYouMean(lang: Lang, names: string[]): string {
  return names.length > 0
    ? ` ${t(lang, 'common.didYouMean', { names: formatList(lang, names, 'disjunction') })}`
    : ''
}

// Stored models close to what was typed, for names the alias tables do not know.
function storedNear(models: ModelCount[], name: string): string[] {
  const key = name.toLowerCase().replace(/[\s_-]+/g, '')
  return models
    .filter((m) => {
      const candidate = m.name.toLowerCase().replace(/[\s_-]+/g, '')
      return key.length >= 3 && (candidate.includes(key) || key.includes(candidate))
    })
    .map((m) => m.name)
}

// Free text gives "Llama 4 MMLU" as one model name: peel a known benchmark off the end, unless
// the whole text is a known model.
function splitModelAndBenchmark(
  text: string,
  benchmark?: string
): { model: string; benchmark?: string } {
  if (benchmark) return { model: text, benchmark }
  const whole = resolveModel(text)
  if (whole && entityRecord('model', whole.id)) return { model: text }
  const words = text.split(/\s+/)
  for (let k = Math.min(3, words.length - 1); k >= 1; k--) {
    const tail = words.slice(-k).join(' ')
    const head = words.slice(0, -k).join(' ')
    if (resolveBenchmark(tail) && resolveModel(head)) return { model: head, benchmark: tail }
  }
  return { model: text }
}

// A chat reads ten sources; a model in the news for months can have hundreds.
const SHOWN_SOURCES = 10

function sourceNote(table: ConsolidatedTable, lang: Lang): string {
  const shown = table.sources.slice(-SHOWN_SOURCES)
  const lines = shown.map((s) => {
    const head = [`[${s.number}] ${s.title}`, s.outlet, s.date ? formatDate(lang, s.date) : null]
      .filter(Boolean)
      .join(' — ')
    return s.url ? `${head}\n    ${s.url}` : head
  })
  const older = table.sources.length - shown.length
  if (older > 0) lines.unshift(t(lang, 'table.olderSources', { count: older }))
  return lines.join('\n')
}

export default defineCommand<typeof options, Services>({
  name: 'table',
  description: localized('table.description'),
  options,
  slow: true,
  async run({ options, lang, capabilities, services }): Promise<Reply> {
    const split = splitModelAndBenchmark(options.model.trim(), options.benchmark?.trim())
    const name = split.model
    const discrepancies = discrepanciesOf(services.store)
    const resolved = resolveModel(name)
    // Every stored model, only on the paths that suggest names.
    const storedModels = () => discrepancies.models()
    if (!resolved) {
      const stored = await storedModels()
      const names = [
        ...new Set([...suggestModels(name, 3).map((m) => m.name), ...storedNear(stored, name)]),
      ]
      throw new UserError(
        'unknown_model',
        t(lang, 'table.unknownModel', { model: name }) + didYouMean(lang, names)
      )
    }
    const benchmark = split.benchmark
    const benchmarkName = benchmark ? (resolveBenchmark(benchmark)?.name ?? benchmark) : undefined
    const rows = await discrepancies.forModel(resolved.id, benchmark)
    const table = rows.length > 0 ? consolidate(toItemRows(rows), resolved.id) : null
    if (!table || table.rows.length === 0) {
      // Ambiguous or family names: "Llama 4" when only "Llama 4 Maverick" has figures.
      const stored = await storedModels()
      const variants = stored
        .filter((m) => m.id !== resolved.id && modelMatches(resolved.id, m.id))
        .map((m) => m.name)
      const near =
        variants.length > 0
          ? variants
          : suggestModels(name, 3)
              .filter((m) => m.id !== resolved.id && stored.some((s) => s.id === m.id))
              .map((m) => m.name)
      const text = benchmarkName
        ? t(lang, 'table.noRowsBenchmark', { model: resolved.name, benchmark: benchmarkName })
        : t(lang, 'table.noRows', { model: resolved.name })
      return reply.text(text + didYouMean(lang, near))
    }
    const blocks: Block[] = [
      { type: 'heading', text: t(lang, 'table.heading', { model: table.model }) },
      discrepancyTableBlock(table, lang),
      {
        type: 'paragraph',
        text: `${t(lang, 'table.sourcesHeading')}:\n${sourceNote(table, lang)}`,
      },
      { type: 'note', text: t(lang, 'table.disclaimer') },
    ]
    if (capabilities.images) {
      const chart = buildChartSvg(table, lang)
      blocks.push({
        type: 'image',
        png: renderSvgToPng(chart.svg),
        alt: t(lang, 'table.chartAlt', { model: table.model }),
        filename: `${table.modelId}-table.png`,
      })
    }
    return reply.of(...blocks)
  },
})
