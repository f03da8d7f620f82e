import stringWidth from 'string-width'
import { describe, expect, it } from 'vitest'
import { renderTextTable } from '../../src/core/text-table.js'

// Every line of an aligned table has the same display width up to its last column's text.
function columnStarts(line: string): number[] {
  const starts: number[] = []
  let width = 0
  for (const ch of line) {
    if (ch === '|') starts.push(width)
    width += stringWidth(ch)
  }
  return starts
}

describe('renderTextTable', () => {
  it('GIVEN the seed table THEN numbers align right under their headers', () => {
    const text = renderTextTable(
      ['Benchmark', 'Claimed', 'Measured', 'Δ'],
      [
        ['MMLU', '86.5%', '71.2%', '−15.3'],
        ['GSM8K', '92.1%', '78.8%', '−13.3'],
      ]
    )
    expect(text).toBe(
      [
        'Benchmark | Claimed | Measured |     Δ',
        '----------+---------+----------+------',
        'MMLU      |   86.5% |    71.2% | −15.3',
        'GSM8K     |   92.1% |    78.8% | −13.3',
      ].join('\n')
    )
  })

  it('GIVEN Cyrillic, CJK and emoji cells THEN column separators line up by display width', () => {
    const lines = renderTextTable(
      ['Модель', 'Бенчмарк', 'Δ'],
      [
        ['Llama 4', 'MMLU', '−15,3'],
        ['通义千问', 'C-Eval 中文', '−2'],
        ['🦙 Llama', 'ГСМ8К', '+1'],
      ]
    ).split('\n')
    const expected = columnStarts(lines[0]!)
    expect(expected).toHaveLength(2)
    for (const line of [lines[0]!, ...lines.slice(2)]) expect(columnStarts(line)).toEqual(expected)
    // CJK is two columns wide: "通义千问" (8) sets the first column's width.
    expect(lines[3]!.startsWith('通义千问 |')).toBe(true)
    expect(lines[2]!.startsWith('Llama 4  |')).toBe(true)
  })

  it('GIVEN an explicit alignment THEN it wins over the numeric guess', () => {
    const text = renderTextTable(['Id', 'N'], [['a', '1']], ['left', 'left'])
    expect(text.split('\n')[2]).toBe('a  | 1')
  })

  it('GIVEN no rows THEN the header and rule are still drawn', () => {
    expect(renderTextTable(['A', 'B'], [])).toBe('A | B\n--+--')
  })
})
