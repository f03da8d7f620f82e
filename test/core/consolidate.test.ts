import { describe, expect, it } from 'vitest'
import {
  consolidate,
  consolidateAll,
  formatRange,
  type ItemRows,
} from '../../src/core/consolidate.js'
import type { DiscrepancyRow } from '../../src/core/extract/index.js'

function row(
  model: string,
  benchmark: string,
  claimed: number,
  measured: number,
  extra: Partial<DiscrepancyRow> = {}
): DiscrepancyRow {
  return {
    model,
    benchmark,
    claimed,
    measured,
    unit: '%',
    delta: measured - claimed,
    snippet: '',
    confidence: 0.9,
    ...extra,
  }
}

const leak: ItemRows = {
  item: {
    id: 'leak',
    title: 'Скандал с бенчмарками Llama 4',
    outlet: 'AI Manual',
    date: '2026-01-02T06:30:00Z',
    url: 'https://example.org/leak',
  },
  rows: [
    row('Llama 4', 'MMLU', 86.5, 71.2),
    row('Llama 4', 'GSM8K', 92.1, 78.8),
    row('Llama 4', 'HumanEval', 74.3, 62.9),
  ],
}
const retest: ItemRows = {
  item: {
    id: 'retest',
    title: 'We re-ran Llama-4',
    outlet: 'Lab blog',
    date: '2026-01-05T10:00:00Z',
    url: 'https://example.org/retest',
  },
  rows: [row('Llama-4', 'MMLU', 86.5, 72.0), row('Llama 4 Maverick', 'MMLU', 85.5, 70.1)],
}
const early: ItemRows = {
  item: {
    id: 'early',
    title: 'First look at Llama 4',
    outlet: 'News',
    date: '2025-12-30T10:00:00Z',
  },
  rows: [
    row('LLaMA 4', 'MMLU', 86.5, 70.8, { conditions: '0-shot' }),
    row('Llama 4', 'MMLU', 86.5, 70.8, { confidence: 0.3 }),
  ],
}

describe('consolidate', () => {
  it('GIVEN one item THEN its rows in order with one source', () => {
    const table = consolidate([leak], 'Llama 4')!
    expect(table.model).toBe('Llama 4')
    expect(
      table.rows.map((r) => [
        r.benchmark,
        formatRange(r.claimed, r.unit),
        formatRange(r.measured, r.unit),
        formatRange(r.delta, r.unit, true),
        r.sources,
      ])
    ).toEqual([
      ['MMLU', '86.5%', '71.2%', '−15.3', [1]],
      ['GSM8K', '92.1%', '78.8%', '−13.3', [1]],
      ['HumanEval', '74.3%', '62.9%', '−11.4', [1]],
    ])
    expect(table.sources).toEqual([{ ...leak.item, number: 1 }])
  })

  it('GIVEN "Llama 4" and "Llama-4" rows THEN one table; measured values that disagree give a range and count', () => {
    const table = consolidate([retest, leak], 'llama-4')!
    const mmlu = table.rows.find((r) => r.benchmark === 'MMLU')!
    expect(formatRange(mmlu.measured, '%')).toBe('71.2–72% (2)')
    expect(formatRange(mmlu.claimed, '%')).toBe('86.5%')
    expect(mmlu.sources).toEqual([1, 2])
    expect(table.sources.map((s) => [s.number, s.id])).toEqual([
      [1, 'leak'],
      [2, 'retest'],
    ])
  })

  it('GIVEN a variant named apart THEN it gets its own table', () => {
    const tables = consolidateAll([leak, retest])
    expect(tables.map((t) => t.model)).toEqual(['Llama 4', 'Llama 4 Maverick'])
    expect(
      consolidate([leak, retest], 'Llama 4 Maverick')!.rows.map((r) => r.measured.min)
    ).toEqual([70.1])
  })

  it('GIVEN stated conditions THEN they get their own row; low-confidence rows are left out', () => {
    const table = consolidate([leak, early], 'Llama 4')!
    const mmlu = table.rows.filter((r) => r.benchmark === 'MMLU')
    expect(mmlu.map((r) => [r.conditions ?? '', r.measured.min, r.sources])).toEqual([
      ['0-shot', 70.8, [1]],
      ['', 71.2, [2]],
    ])
  })

  it('GIVEN no row for the model THEN null', () => {
    expect(consolidate([leak], 'GPT-4o')).toBeNull()
    expect(consolidate([], 'Llama 4')).toBeNull()
  })

  it('GIVEN the same item twice THEN it counts once', () => {
    expect(consolidate([leak, leak], 'Llama 4')!.rows[0]!.measured.count).toBe(1)
  })
})
