import stringWidth from 'string-width'
import type { Align } from './reply.js'

/**
 * Lays a table out in monospace text, padding by display width so Cyrillic, CJK (two columns
 * wide) and emoji line up. Numeric-looking columns align right unless `align` says otherwise.
 *
 * @example
 * renderTextTable(['Benchmark', 'Claimed'], [['MMLU', '86.5%']])
 * // 'Benchmark | Claimed\n----------+--------\nMMLU      |   86.5%'
 */
export function renderTextTable(columns: string[], rows: string[][], align?: Align[]): string {
  const widths = columns.map((c, i) =>
    Math.max(stringWidth(c), ...rows.map((r) => stringWidth(r[i] ?? '')))
  )
  const alignOf = (i: number): Align =>
    align?.[i] ??
    (rows.length > 0 &&
    rows.every((r) => /^[−+-]?[\d.,]+\s?(%|pts|п\.п\.|Elo)?$|^[—–-]$/u.test((r[i] ?? '').trim()))
      ? 'right'
      : 'left')
  const pad = (text: string, i: number) => {
    const fill = ' '.repeat(Math.max(0, widths[i]! - stringWidth(text)))
    return alignOf(i) === 'right' ? fill + text : text + fill
  }
  const line = (cells: string[]) =>
    cells
      .map((c, i) => pad(c ?? '', i))
      .join(' | ')
      .replace(/\s+$/, '')
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-')
  return [line(columns), rule, ...rows.map(line)].join('\n')
}
