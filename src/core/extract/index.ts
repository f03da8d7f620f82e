import { mentionsIn, modelNamed } from './context.js'
import { rowsFromGrid } from './grid.js'
import { htmlToText, looksLikeHtml, splitHtml } from './html.js'
import { proseNumbers, proseRows, type RoleFallback } from './prose.js'
import trainedRoleModel from './role-model.json' with { type: 'json' }
import type { RoleModel } from './role-model.js'
import { findTextTables, flatTableRows, hasAdjacentFigures } from './text-tables.js'
import type { DiscrepancyRow, ExtractInput, ModelRef } from './types.js'
import { mentionsClaim, mentionsDiff, mentionsMeasured } from './vocabulary.js'

export type { DiscrepancyRow, ExtractInput, ModelRef, ScoreUnit } from './types.js'
export type { RoleFallback } from './prose.js'
export type { RoleModel } from './role-model.js'
export { splitSentences } from './sentences.js'

const MAX_INPUT_CHARS = 400_000

/**
 * The committed role model (scripts/train-extract.ts) as extraction uses it by default. Only a
 * confident role counts, and only beside a figure a cue word gives a role: chosen on leave-one-
 * batch-out scores of the eval batches (data/extract/README.md).
 */
export const DEFAULT_ROLE_FALLBACK: RoleFallback = {
  model: trainedRoleModel as RoleModel,
  threshold: 0.9,
  needsCuedPartner: true,
}

function itemModelOf(input: ExtractInput, text: string): ModelRef | null {
  const inTitle = input.title ? mentionsIn(input.title).models[0] : undefined
  if (inTitle) {
    const given = input.models?.find((m) => m.id === inTitle.id)
    return given ?? { id: inTitle.id, name: inTitle.name }
  }
  if (input.models && input.models.length > 0) return input.models[0]!
  // The model the text names most often, earliest on a tie.
  const counts = new Map<string, { model: ModelRef; count: number }>()
  for (const m of mentionsIn(text.slice(0, 5000)).models) {
    const entry = counts.get(m.id) ?? { model: { id: m.id, name: m.name }, count: 0 }
    entry.count++
    counts.set(m.id, entry)
  }
  let best: { model: ModelRef; count: number } | null = null
  for (const entry of counts.values()) if (!best || entry.count > best.count) best = entry
  return best?.model ?? null
}

function tableModel(
  textBefore: string,
  caption: string | undefined,
  itemModel: ModelRef | null
): ModelRef | null {
  const inCaption = caption ? mentionsIn(caption).models[0] : undefined
  if (inCaption) return { id: inCaption.id, name: inCaption.name }
  const blocks = textBefore.trim().split('\n')
  const lastBlock = blocks[blocks.length - 1] ?? ''
  const near = mentionsIn(lastBlock.slice(-400)).models
  if (itemModel) {
    // The headline names the family ("Llama 4"), the text the variant the table is about: the
    // nearest paragraph before the table that names exactly one variant decides.
    for (const block of blocks.slice(-3).reverse()) {
      const variants = new Map(
        mentionsIn(block.slice(-600))
          .models.filter((m) => m.id.startsWith(`${itemModel.id}-`))
          .map((m) => [m.id, m])
      )
      if (variants.size > 1) break
      const [variant] = variants.values()
      if (variant) return { id: variant.id, name: variant.name }
    }
    return itemModel
  }
  const distinct = new Set(near.map((m) => m.id))
  return distinct.size === 1 ? { id: near[0]!.id, name: near[0]!.name } : null
}

/** Settings of {@link extractDiscrepancies}. */
export interface ExtractOptions {
  /**
   * The learned role model for figures no cue word gives a role ({@link DEFAULT_ROLE_FALLBACK}
   * when left out); null reads cue words only.
   */
  roleFallback?: RoleFallback | null
}

/**
 * The prose the sentence reader sees in an item (tables taken out), split into sentences, with the
 * score-like numbers of each: the role model's training material.
 */
export function proseNumbersOf(input: ExtractInput): ReturnType<typeof proseNumbers> {
  const source = (input.html ?? input.text ?? '').slice(0, MAX_INPUT_CHARS)
  const title = input.title?.trim() ?? ''
  const isHtml = input.html !== undefined || looksLikeHtml(source)
  let text = isHtml ? splitHtml(source).text : source
  if (input.html !== undefined && input.text)
    text = `${text}\n${isHtml ? input.text : htmlToText(input.text)}`
  const rest = findTextTables(text).rest
  return proseNumbers(title ? `${title}\n${rest}` : rest)
}

function key(row: DiscrepancyRow): string {
  return `${row.modelId ?? row.model}|${row.benchmarkId ?? row.benchmark}|${row.claimed}|${row.measured}|${row.conditions ?? ''}`
}

/**
 * Claimed-versus-measured rows in a news item: HTML tables (headers in English or Russian, either
 * column order, colspans, nested markup, footnote marks), markdown/ASCII tables, tables flattened
 * to text with no separators, and prose. Passages that list scores without both a claimed and a
 * measured side give nothing. `delta` is measured − claimed. The model comes from the row, the
 * table header or caption, the preceding text, or the item's title / known models.
 *
 * @example
 * extractDiscrepancies({ title: 'Llama 4 scores inflated',
 *   text: 'Meta claimed 86.5% on MMLU, but independent tests found 71.2%.' })
 * // [{ model: 'Llama 4', modelId: 'llama-4', benchmark: 'MMLU', claimed: 86.5, measured: 71.2,
 * //    unit: '%', delta: -15.3, snippet: 'Meta claimed …', confidence: 0.8 }]
 */
export function extractDiscrepancies(
  input: ExtractInput,
  options: ExtractOptions = {}
): DiscrepancyRow[] {
  const fallback = options.roleFallback === undefined ? DEFAULT_ROLE_FALLBACK : options.roleFallback
  // Articles are far shorter; a page this long is read up to the limit, keeping extraction bounded.
  const source = (input.html ?? input.text ?? '').slice(0, MAX_INPUT_CHARS)
  const title = input.title?.trim() ?? ''
  // Cheap gate: without words for both sides (or one side and a difference), nothing can pair up.
  const gated = title ? `${title}\n${source}` : source
  if (!/\d/.test(gated)) return []
  // Flattened tables glue header words together ("BenchmarkReportedIndependent").
  const spaced = (text: string) => text.replace(/(?<=\p{Ll})(?=\p{Lu})/gu, ' ')
  const claim = mentionsClaim(gated) || mentionsClaim(spaced(gated))
  const measured = mentionsMeasured(gated) || mentionsMeasured(spaced(gated))
  const diff = mentionsDiff(gated)
  // A table with only a measured header and a difference column can still name its claimed side
  // ("Meta | Reproduced": a table's measured column beside a column named after a company), and a
  // table's headers may use words too common to be cues in prose ("Google | Мы"): tables go on to
  // the header check. So does a flattened table ("Данные Alibaba | Наш замер").
  const table =
    /<table\b|\|[^\n|]*\||\S(?: {2,}|\t)[^\n]*?\S(?: {2,}|\t)\S/i.test(gated) ||
    (measured && hasAdjacentFigures(gated))
  const oneSide = fallback !== null && (claim || measured)
  if (!table && !oneSide && !(claim && (measured || diff)) && !(measured && diff)) return []
  const isHtml = input.html !== undefined || looksLikeHtml(source)
  const parts = isHtml ? splitHtml(source) : { tables: [], text: source }
  let text = parts.text
  if (input.html !== undefined && input.text)
    text = `${text}\n${isHtml ? input.text : htmlToText(input.text)}`
  const textTables = findTextTables(text)
  let itemModelMemo: ModelRef | null | undefined
  const itemModel = () =>
    itemModelMemo === undefined ? (itemModelMemo = itemModelOf(input, text)) : itemModelMemo
  const rows: DiscrepancyRow[] = []
  for (const { grid, textBefore } of [...parts.tables, ...textTables.tables]) {
    const lastBlock = textBefore.trimEnd().split('\n').pop() ?? ''
    rows.push(
      ...rowsFromGrid(
        { ...grid, context: lastBlock },
        tableModel(textBefore, grid.caption, itemModel())
      )
    )
  }
  rows.push(...flatTableRows(textTables.rest, itemModel))
  // A headline can state the whole pair ("Llama 4 claimed 86.5% on MMLU, tests found 71.2%").
  rows.push(
    ...proseRows(title ? `${title}\n${textTables.rest}` : textTables.rest, itemModel, fallback)
  )
  const seen = new Map<string, DiscrepancyRow>()
  for (const row of rows) {
    const k = key(row)
    const existing = seen.get(k)
    if (!existing || existing.confidence < row.confidence) seen.set(k, row)
  }
  return [...seen.values()]
}

/** Resolves a free-form model name the way extraction does (alias tables, then pattern). */
export { modelNamed }
