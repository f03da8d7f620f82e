import type { ConsolidatedTable, ValueRange } from './consolidate.js'
import type { ScoreUnit } from './extract/types.js'
import { formatNumber, formatPercent, formatSigned, t, type Lang } from './i18n.js'
import type { Align, Block } from './reply.js'

/**
 * One side of a table row as a cell: one value, or "min–max (n)" when sources disagree, in the
 * language's number format.
 *
 * @example
 * formatScore('en', { min: 86.5, max: 86.5, count: 1 }, '%') // '86.5%'
 * formatScore('ru', { min: 70.8, max: 72, count: 3 }, '%') // '70,8–72 % (3)'
 */
export function formatScore(lang: Lang, range: ValueRange, unit: ScoreUnit): string {
  const one = (v: number) =>
    unit === '%'
      ? formatPercent(lang, v)
      : unit === 'elo'
        ? `${formatNumber(lang, v)} Elo`
        : formatNumber(lang, v)
  if (range.min === range.max) return one(range.min)
  const span = `${formatNumber(lang, range.min)}–${one(range.max)}`
  return `${span} (${range.count})`
}

/**
 * A Δ cell: signed with a true minus, "min…max (n)" when sources disagree.
 *
 * @example
 * formatDelta('en', { min: -15.3, max: -15.3, count: 1 }) // '−15.3'
 */
export function formatDelta(lang: Lang, range: ValueRange): string {
  if (range.min === range.max) return formatSigned(lang, range.min)
  return `${formatSigned(lang, range.min)}…${formatSigned(lang, range.max)} (${range.count})`
}

/**
 * A row's source numbers as a cell: all of them up to three, else the first two and a count.
 *
 * @example
 * sourcesCell([1, 2]) // '1,2'
 * sourcesCell([1, 4, 9, 12]) // '1,4,…+2'
 */
export function sourcesCell(numbers: readonly number[]): string {
  if (numbers.length <= 3) return numbers.join(',')
  return `${numbers.slice(0, 2).join(',')},…+${numbers.length - 2}`
}

/**
 * The table block of a consolidated discrepancy table: Benchmark | Claimed | Measured | Δ | sources.
 *
 * @example
 * discrepancyTableBlock(table, 'en').rows[0] // ['MMLU', '86.5%', '71.2%', '−15.3', '1']
 */
export function discrepancyTableBlock(
  table: ConsolidatedTable,
  lang: Lang
): Extract<Block, { type: 'table' }> {
  const align: Align[] = ['left', 'right', 'right', 'right', 'left']
  return {
    type: 'table',
    columns: [
      t(lang, 'table.col.benchmark'),
      t(lang, 'table.col.claimed'),
      t(lang, 'table.col.measured'),
      t(lang, 'table.col.delta'),
      t(lang, 'table.col.sources'),
    ],
    rows: table.rows.map((row) => [
      row.conditions ? `${row.benchmark} (${row.conditions})` : row.benchmark,
      formatScore(lang, row.claimed, row.unit),
      formatScore(lang, row.measured, row.unit),
      formatDelta(lang, row.delta),
      sourcesCell(row.sources),
    ]),
    align,
  }
}

/**
 * The numbered source lines under a table: "[1] Title — Outlet".
 *
 * @example
 * sourceLines(table) // ['[1] Скандал с бенчмарками Llama 4 — AI Manual']
 */
export function sourceLines(table: Pick<ConsolidatedTable, 'sources'>): string[] {
  return table.sources.map((s) =>
    [`[${s.number}] ${s.title}`, s.outlet ? ` — ${s.outlet}` : ''].join('')
  )
}
