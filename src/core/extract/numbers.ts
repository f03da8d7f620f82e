import type { DiscrepancyRow, ModelRef, ScoreUnit } from './types.js'

/** A score read from a table cell or a sentence. */
export interface Score {
  value: number
  /** Set only when the cell or its surroundings say it. */
  unit?: ScoreUnit
}

// Footnote marks that sources put after a number: "86.5%*", "86.5¹", "86.5 [1]", "86.5†".
const FOOTNOTES = /\s*(?:\[\s*\w{1,3}\s*\]|[*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰ᵃᵇᶜ]+|\^\d)\s*$/u
const CELL_SCORE =
  /^[~≈±]?\s*([-+])?\s*(\d{1,4}(?:[.,]\d+)?)\s*(%|pp\b|п\.\s?п\.|pts?\b|points?\b|баллов|балла|балл|пунктов|пункта|пункт|elo\b)?/iu
const DASHES = /[−–—‒]/g

/**
 * Normalises the typography numbers come wrapped in: Unicode minus and dashes to "-", non-breaking
 * and thin spaces to plain ones.
 *
 * @example
 * normaliseNumberText('−15,3 %') // '-15,3 %'
 */
export function normaliseNumberText(text: string): string {
  return text.replace(DASHES, '-').replace(/[\u00a0\u2009\u202f\u2007]/g, ' ')
}

/**
 * Reads a number written with a decimal point or comma ("86.5", "86,5"); "1,290" is a thousands
 * separator, not a decimal comma.
 *
 * @example
 * parseDecimal('86,5') // 86.5
 * parseDecimal('1,290') // 1290
 */
export function parseDecimal(raw: string): number {
  if (/^\d{1,3},\d{3}$/.test(raw)) return Number(raw.replace(',', ''))
  return Number(raw.replace(',', '.'))
}

/**
 * The score in a table cell, or null when the cell is not one number (possibly with a unit, sign,
 * footnote mark or "± error").
 *
 * @example
 * parseCellScore('86.5%*') // { value: 86.5, unit: '%' }
 * parseCellScore('1 290 Elo') // { value: 1290, unit: 'elo' }
 * parseCellScore('n/a') // null
 */
export function parseCellScore(cell: string): Score | null {
  let text = normaliseNumberText(cell).trim()
  for (let i = 0; i < 3 && FOOTNOTES.test(text); i++) text = text.replace(FOOTNOTES, '')
  text = text.replace(/^(\d{1,2}) (\d{3})(?!\d)/, '$1$2')
  const match = CELL_SCORE.exec(text)
  if (!match) return null
  const rest = text.slice(match[0].length).trim()
  // Anything after the number must be an error bar, a footnote or a parenthesised remark.
  if (rest && !/^(?:±|\+\/-|\(|\[|\*|pp|п\.п)/iu.test(rest)) return null
  const value = parseDecimal(match[2]!) * (match[1] === '-' ? -1 : 1)
  if (!Number.isFinite(value)) return null
  const unit = unitOf(match[3])
  return unit ? { value, unit } : { value }
}

/**
 * The unit a unit word stands for.
 *
 * @example
 * unitOf('%') // '%'
 * unitOf('баллов') // 'pts'
 */
export function unitOf(word: string | undefined): ScoreUnit | undefined {
  if (!word) return undefined
  const w = word.toLowerCase()
  if (w === '%') return '%'
  if (w === 'elo') return 'elo'
  return 'pts'
}

/**
 * Rounds away floating-point noise so deltas read as the source wrote them.
 *
 * @example
 * roundScore(71.2 - 86.5) // -15.3
 */
export function roundScore(value: number): number {
  return Math.round(value * 1000) / 1000
}

/**
 * The unit of a pair whose figures carry none: Elo for arenas and ratings (or figures above 100),
 * points for 0–1 and 0–10 scales (MERA, MT-Bench), percent otherwise.
 *
 * @example
 * defaultUnit('MMLU', 86.5, 71.2) // '%'
 * defaultUnit('MT-Bench', 9.1, 8.2) // 'pts'
 * defaultUnit('LMArena', 1417, 1273) // 'elo'
 */
export function defaultUnit(benchmark: string, claimed: number, measured: number): ScoreUnit {
  const top = Math.max(Math.abs(claimed), Math.abs(measured))
  // Arena-Hard is a win rate, not a rating.
  if (/arena(?![- ]?hard)|elo|codeforces|рейтинг/i.test(benchmark) || top > 100) return 'elo'
  if (top <= 1 || /mt-?bench|mera/i.test(benchmark)) return 'pts'
  return '%'
}

/**
 * The row for one claimed/measured pair: Δ computed, the model's id kept when the model is known
 * (an unnamed model gives an empty name), stated conditions kept.
 *
 * @example
 * pairRow({ model: { id: 'llama-4', name: 'Llama 4' }, benchmark: { name: 'MMLU', id: 'mmlu' },
 *   claimed: 86.5, measured: 71.2, unit: '%', snippet: 'MMLU | 86.5 | 71.2', confidence: 0.9 }).delta // -15.3
 */
export function pairRow(pair: {
  model: ModelRef | null | undefined
  benchmark: { name: string; id?: string }
  claimed: number
  measured: number
  unit: ScoreUnit
  snippet: string
  confidence: number
  conditions?: string | undefined
}): DiscrepancyRow {
  const { model, benchmark, claimed, measured } = pair
  return {
    model: model?.name ?? '',
    ...(model ? { modelId: model.id } : {}),
    benchmark: benchmark.name,
    benchmarkId: benchmark.id,
    claimed,
    measured,
    unit: pair.unit,
    delta: roundScore(measured - claimed),
    snippet: pair.snippet,
    confidence: pair.confidence,
    ...(pair.conditions ? { conditions: pair.conditions } : {}),
  }
}
