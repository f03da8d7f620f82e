import { modelNamed } from './extract/context.js'
import type { DiscrepancyRow, ScoreUnit } from './extract/types.js'

/**
 * Where a row came from, as a source line under the table shows it.
 *
 * @example
 * const meta: SourceMeta = { id: 'it_1', title: 'Llama 4 scores inflated', outlet: 'AI Manual',
 *   date: '2026-01-02T06:30:00Z', url: 'https://example.org/llama-4' }
 */
export interface SourceMeta {
  id: string
  title: string
  outlet?: string
  /** ISO-8601; sources are numbered oldest first. */
  date?: string
  url?: string
}

/** The rows extracted from one item, with the item. */
export interface ItemRows {
  item: SourceMeta
  rows: DiscrepancyRow[]
}

/** The values several sources give for one side of a row: one value when they agree. */
export interface ValueRange {
  min: number
  max: number
  /** How many values (one per source and pair) the range covers. */
  count: number
}

/** One benchmark (and conditions) of a model's table, merged across sources. */
export interface ConsolidatedRow {
  benchmark: string
  benchmarkId: string
  conditions?: string
  unit: ScoreUnit
  claimed: ValueRange
  measured: ValueRange
  /** measured − claimed over every pair; one value when all pairs agree. */
  delta: ValueRange
  /** 1-based numbers into the table's `sources`. */
  sources: number[]
}

/** A numbered source of a consolidated table. */
export interface NumberedSource extends SourceMeta {
  number: number
}

/**
 * The discrepancy table for one model.
 *
 * @example
 * const table: ConsolidatedTable = { model: 'Llama 4', modelId: 'llama-4', rows: [], sources: [] }
 */
export interface ConsolidatedTable {
  model: string
  modelId: string
  rows: ConsolidatedRow[]
  sources: NumberedSource[]
}

/** Options for {@link consolidate}. */
export interface ConsolidateOptions {
  /** Rows the extractor was less sure of are left out. Default 0.5. */
  minConfidence?: number
}

function modelIdOf(row: DiscrepancyRow): string | null {
  if (row.modelId) return row.modelId
  if (!row.model) return null
  return modelNamed(row.model)?.id ?? row.model.toLowerCase().replace(/[\s_]+/g, '-')
}

function rangeOf(values: number[]): ValueRange {
  return { min: Math.min(...values), max: Math.max(...values), count: values.length }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000
}

function normaliseConditions(conditions: string | undefined): string {
  return (conditions ?? '').toLowerCase().replace(/\s+/g, ' ').trim()
}

/**
 * Merges rows from many items into the table for one model: one row per benchmark (and stated
 * conditions, and unit), the claimed and measured values as ranges with their count when sources
 * disagree, Δ, and numbered sources (oldest first). Model names resolve through the alias tables,
 * so rows for "Llama-4" join a table for "Llama 4", while "Llama 4 Maverick" rows stay apart.
 * Returns null when no row names that model.
 *
 * @example
 * consolidate([{ item: { id: 'a', title: 'Leak' }, rows }], 'Llama-4')?.rows[0]
 * // { benchmark: 'MMLU', claimed: { min: 86.5, max: 86.5, count: 1 },
 * //   measured: { min: 71.2, max: 71.2, count: 1 }, delta: { min: -15.3, … }, sources: [1], … }
 */
export function consolidate(
  items: ItemRows[],
  model: string,
  options: ConsolidateOptions = {}
): ConsolidatedTable | null {
  const target = modelNamed(model) ?? {
    id: model.toLowerCase().replace(/[\s_]+/g, '-'),
    name: model,
  }
  return consolidateAll(items, options).find((t) => t.modelId === target.id) ?? null
}

/**
 * Every model's table from rows of many items, models in order of their first source.
 *
 * @example
 * consolidateAll(itemRows).map((t) => t.model) // ['Llama 4', 'Llama 4 Maverick']
 */
export function consolidateAll(
  items: ItemRows[],
  options: ConsolidateOptions = {}
): ConsolidatedTable[] {
  const minConfidence = options.minConfidence ?? 0.5
  // ISO dates and ids order by code unit; locale collation is slower and changes nothing here.
  const ordered = [...items].sort(
    (a, b) =>
      compareText(a.item.date ?? '', b.item.date ?? '') || compareText(a.item.id, b.item.id)
  )
  interface Group {
    row: Omit<ConsolidatedRow, 'claimed' | 'measured' | 'delta' | 'sources'>
    claimed: number[]
    measured: number[]
    delta: number[]
    itemIds: Set<string>
  }
  const tables = new Map<
    string,
    { model: string; groups: Map<string, Group>; itemIds: string[]; seenItemIds: Set<string> }
  >()
  const seenItems = new Set<string>()
  for (const { item, rows } of ordered) {
    if (seenItems.has(item.id)) continue
    seenItems.add(item.id)
    // The same pair repeated inside one item (a table and the prose around it) counts once.
    const seenPairs = new Set<string>()
    for (const row of rows) {
      if (row.confidence < minConfidence) continue
      const modelId = modelIdOf(row)
      if (!modelId) continue
      let table = tables.get(modelId)
      if (!table) {
        table = {
          model: modelNamed(row.model)?.name ?? row.model,
          groups: new Map<string, Group>(),
          itemIds: [],
          seenItemIds: new Set(),
        }
        tables.set(modelId, table)
      }
      const benchmarkId = row.benchmarkId ?? row.benchmark.toLowerCase()
      const conditions = normaliseConditions(row.conditions)
      const key = `${benchmarkId}|${conditions}|${row.unit}`
      const pairKey = `${key}|${row.claimed}|${row.measured}`
      if (seenPairs.has(`${modelId}|${pairKey}`)) continue
      seenPairs.add(`${modelId}|${pairKey}`)
      const group: Group = table.groups.get(key) ?? {
        row: {
          benchmark: row.benchmark,
          benchmarkId,
          unit: row.unit,
          ...(row.conditions ? { conditions: row.conditions } : {}),
        },
        claimed: [],
        measured: [],
        delta: [],
        itemIds: new Set<string>(),
      }
      table.groups.set(key, group)
      group.claimed.push(row.claimed)
      group.measured.push(row.measured)
      group.delta.push(round(row.measured - row.claimed))
      group.itemIds.add(item.id)
      if (!table.seenItemIds.has(item.id)) {
        table.seenItemIds.add(item.id)
        table.itemIds.push(item.id)
      }
    }
  }
  const metaById = new Map(ordered.map(({ item }) => [item.id, item]))
  return [...tables.entries()].map(([modelId, table]) => {
    const sources: NumberedSource[] = table.itemIds.map((id, index) => ({
      ...metaById.get(id)!,
      number: index + 1,
    }))
    const numberOf = new Map(sources.map((s) => [s.id, s.number]))
    const rows = [...table.groups.values()].map((g) => ({
      ...g.row,
      claimed: rangeOf(g.claimed),
      measured: rangeOf(g.measured),
      delta: rangeOf(g.delta),
      sources: [...g.itemIds].map((id) => numberOf.get(id)!).sort((a, b) => a - b),
    }))
    return { model: table.model, modelId, rows, sources }
  })
}

/**
 * A value range as a table cell shows it: one value, or "min–max (n)" when sources disagree.
 *
 * @example
 * formatRange({ min: 71.2, max: 71.2, count: 2 }, '%') // '71.2%'
 * formatRange({ min: 70.8, max: 72, count: 3 }, '%') // '70.8–72% (3)'
 * formatRange({ min: -15.3, max: -15.3, count: 1 }, '%', true) // '−15.3'
 */
export function formatRange(range: ValueRange, unit: ScoreUnit, signed = false): string {
  const show = (value: number) => {
    const text = String(round(Math.abs(value)))
    const sign = value < 0 ? '−' : signed && value > 0 ? '+' : ''
    return `${sign}${text}`
  }
  const suffix = signed ? '' : unit === '%' ? '%' : unit === 'elo' ? ' Elo' : ''
  if (range.min === range.max) return `${show(range.min)}${suffix}`
  return `${show(range.min)}–${show(range.max)}${suffix} (${range.count})`
}
