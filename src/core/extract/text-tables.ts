import benchmarkData from '../../../data/entities/benchmarks.json' with { type: 'json' }
import { modelMatches } from '../entities.js'
import { benchmarkFromLabel, mentionsIn } from './context.js'
import { diffAgrees } from './grid.js'
import type { Grid } from './grid.js'
import { defaultUnit, normaliseNumberText, parseDecimal, pairRow, unitOf } from './numbers.js'
import type { DiscrepancyRow, ModelRef } from './types.js'
import { findCues, headerRole, VENDOR_ALIASES, type Cue, type CueRole } from './vocabulary.js'

/** Markdown, ASCII-art or tab-separated tables found in plain text, and the text without them. */
export interface TextTables {
  tables: { grid: Grid; textBefore: string }[]
  rest: string
}

const RULE_LINE = /^\s*\|?\s*:?-{2,}:?\s*(?:[|+]\s*:?-{2,}:?\s*)*\|?\s*$|^\s*\+[-=+]+\+\s*$/
const PIPE_ROW = /^\s*\|?[^|\n]+(?:\|[^|\n]*){1,}\|?\s*$/

// Columns aligned with runs of spaces (plain-text and <pre> tables): two or more spaces part cells.
const ALIGNED_GAP = /\s{2,}/

function alignedCells(line: string): number {
  return line.includes('|') || line.includes('\t') ? 0 : line.trim().split(ALIGNED_GAP).length
}

function splitRow(line: string): string[] {
  if (alignedCells(line) >= 3) return line.trim().split(ALIGNED_GAP)
  const separator = line.includes('|') ? '|' : '\t'
  let parts = line.split(separator)
  if (separator === '|') {
    if (!parts[0]!.trim()) parts = parts.slice(1)
    if (parts.length && !parts[parts.length - 1]!.trim()) parts = parts.slice(0, -1)
  }
  // Markdown inside cells: "[AIME 2025](https://…)", "**93.3%**", "`86.5`".
  return parts.map((p) =>
    p
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/(\*\*|__|`)/g, '')
      .trim()
  )
}

/**
 * Tables written as markdown (`| a | b |` with a `|---|` rule), ASCII art (`+---+` borders) or tab
 * separated columns, as grids; the other lines are returned as the remaining text.
 *
 * @example
 * findTextTables('| Benchmark | Claimed |\n|---|---|\n| MMLU | 86.5% |').tables.length // 1
 */
export function findTextTables(text: string): TextTables {
  const lines = text.split('\n')
  // An aligned row counts only beside another with as many cells, so prose with double spaces
  // stays prose.
  const aligned = (i: number) => {
    const count = alignedCells(lines[i]!)
    if (count < 3) return false
    return alignedCells(lines[i - 1] ?? '') === count || alignedCells(lines[i + 1] ?? '') === count
  }
  const isRow = (i: number) => {
    const l = lines[i]!
    return PIPE_ROW.test(l) || (l.split('\t').length >= 3 && l.trim() !== '') || aligned(i)
  }
  const tables: TextTables['tables'] = []
  const rest: string[] = []
  let i = 0
  while (i < lines.length) {
    if (!isRow(i) && !RULE_LINE.test(lines[i]!)) {
      rest.push(lines[i]!)
      i++
      continue
    }
    const start = i
    const cells: string[][] = []
    const headerRows: boolean[] = []
    while (i < lines.length && (isRow(i) || RULE_LINE.test(lines[i]!))) {
      const line = lines[i]!
      if (RULE_LINE.test(line)) {
        if (cells.length > 0 && headerRows.every((h) => !h)) headerRows.fill(true)
      } else {
        cells.push(splitRow(line))
        headerRows.push(false)
      }
      i++
    }
    if (cells.length >= 2) {
      tables.push({ grid: { cells, headerRows }, textBefore: rest.join('\n') })
    } else {
      rest.push(...lines.slice(start, i))
    }
  }
  return { tables, rest: rest.join('\n') }
}

// Pulls apart what flattening glued together: "MMLU86.5%71.2%" → "MMLU 86.5% 71.2%",
// "РазницаMMLU" → "Разница MMLU", "BenchmarkClaimedMeasured" → "Benchmark Claimed Measured".
// Benchmark names that end in digits ("AIME 2024", "MATH-500") glue onto the first figure of a
// flattened row ("AIME 202485,7%"); the alias table tells where the name ends.
const DIGIT_ENDED_BENCHMARKS = new RegExp(
  `(?<![\\p{L}\\p{N}])(${(benchmarkData as { name: string; aliases: string[] }[])
    .flatMap((b) => [b.name, ...b.aliases])
    .filter((alias) => /\d$/.test(alias))
    .sort((a, b) => b.length - a.length)
    .map((alias) => alias.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|')})(?=[-+]?\\d)`,
  'giu'
)

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
// A column named after a vendor is its claim; evaluators (Epoch AI, LMSYS…) are measurements.
const VENDOR_NAMES = [...VENDOR_ALIASES]
  .sort((a, b) => b.length - a.length)
  .map(escapeRegExp)
  .join('|')
// "Task | Anthropic | Our run" flattened: the company's column is its claim.
const VENDOR_HEADER = new RegExp(
  `(?<![\\p{L}\\p{N}])(?=[\\p{Lu}x])(?:${VENDOR_NAMES})(?![\\p{L}\\p{N}])`,
  'gu'
)
const VENDOR_COLUMN_NOUN = /^\s(?:figures?|numbers?|data|scores?|results?)(?![\p{L}\p{N}])/u
const VENDOR_GLUED = new RegExp(
  `(?<=\\p{Ll})(?=\\p{Lu})(?=(?:${VENDOR_NAMES})(?:\\p{Lu}|\\s|$))`,
  'gu'
)

function unglue(text: string): string {
  return (
    normaliseNumberText(text)
      .replace(/(?<=\p{L}|\+)(?=[-+]?\d{1,3}(?:[.,]\d{1,2})? ?%)/gu, ' ')
      .replace(/%(?=[^\s%|)\],.;:])/g, '% ')
      // A difference column written without "%" glues onto the next row's label ("-8,7AIME").
      .replace(/(?<=\d[.,]\d{1,2})(?=\p{Lu}\p{L})/gu, ' ')
      .replace(/(?<=[\u0400-\u04ff])(?=[A-Za-z])|(?<=[A-Za-z])(?=[\u0400-\u04ff])/g, ' ')
      .replace(
        /(?<=\p{Ll})(?=(?:Claimed|Measured|Reported|Official|Independent|Difference|Delta|Our |Actual|Verified|Reproduced|Announced|Real|Gap|Model|Benchmark|Vendor|Paper|Tested|Observed|Obtained|Advertised|Stated|Promised|Third|Community|Заявл|Реальн|Разниц|Официал|Факт|Независим|Модел|Бенчмарк|Тест|Провер)\p{L}*)/gu,
        ' '
      )
      .replace(
        /(?<=(?:laimed|easured|ifference|elta|eported|fficial|ependent|ctual|erified|eproduced|nnounced|Gap|Δ))(?=\p{Lu})/gu,
        ' '
      )
      // Russian has no words with a capital inside, so a capital after a lower-case Cyrillic
      // letter starts a glued header word ("ЗаявленоИзмереноРазница").
      .replace(/(?<=[а-яё])(?=[А-ЯЁ])/g, ' ')
      .replace(VENDOR_GLUED, ' ')
      .replace(/(?<=\p{Ll})(?=[Δ])/gu, ' ')
      .replace(DIGIT_ENDED_BENCHMARKS, '$1 ')
      // "Elo14171273": two four-digit ratings glued after an Elo label.
      .replace(/(?<=elo)\s?(\d{4})(\d{4})(?!\d)/gi, ' $1 $2')
  )
}

const NUMBER_AT =
  /^[\s|:;,/·•—–]*(?:→|->|vs\.?|против)?\s*([-+]?\d{1,4}(?:[.,]\d{1,2})?)(?:\s?(%|pp\b|pts?\b|points?\b|п\.п\.|баллов|балла|elo\b))?(?:[*†‡¹²³]|\[\d\])*/iu
const LABEL_AT =
  /^[\s|:;,.\-—–)\]•·▪‣◦*]*([\p{L}][\p{L}\p{N} \-+'’().@/]{0,40}?)\s*[:|\-·•—–]?\s*(?=[-+]?\d{1,4}(?:[.,]\d{1,2})?(?:\s?%|\s|$|[|/;*†‡¹²³]))/u

/**
 * Two figures side by side ("86.5%71.2%", "86,5 | 71,2"): the mark of a table flattened to text.
 *
 * @example
 * hasAdjacentFigures('MMLU86.5%71.2%') // true
 */
export function hasAdjacentFigures(text: string): boolean {
  return ADJACENT_FIGURES.test(text)
}

const ADJACENT_FIGURES =
  /\d\s?%[\s|;/→:·•-]{0,4}[-+−]?\d{1,4}(?:[.,]\d{1,2})?\s?%|\d[\s|;/→:·•]{1,4}[-+−]?\d{1,4}(?:[.,]\d{1,2})?\s?%|\d[.,]\d{1,2}[\s|;/→:·•]{1,4}[-+−]?\d{1,4}[.,]\d{1,2}|\d{3,4}\s?(?:elo)?[\s|;/→:·•]{1,4}\d{3,4}|elo\s?\d{8}|\d\s?%?\s+(?:vs\.?|против|→|->)\s+[-+]?\d/i

interface Header {
  columns: CueRole[]
  start: number
  end: number
}

function columnsOf(cues: Cue[]): CueRole[] {
  const columns: CueRole[] = []
  for (const cue of cues) if (cue.role !== columns[columns.length - 1]) columns.push(cue.role)
  return columns
}

function isHeader(columns: CueRole[]): boolean {
  const sides = columns.filter((c) => c !== 'diff')
  return sides.length === 2 && sides.includes('claimed') && sides.includes('measured')
}

function headersIn(text: string): Header[] {
  const cues = findCues(text, true)
  // A company's name among the header words is the claimed column, when nothing else claims; a
  // company's "figure", "numbers", "data" column is, even beside a claim word in the prose
  // ("Google pitched … Benchmark · Google figure · Our run").
  const otherClaims = cues.some((c) => c.role === 'claimed')
  {
    VENDOR_HEADER.lastIndex = 0
    for (let m = VENDOR_HEADER.exec(text); m; m = VENDOR_HEADER.exec(text)) {
      const start = m.index
      const end = start + m[0].length
      if (otherClaims && !VENDOR_COLUMN_NOUN.test(text.slice(end, end + 12))) continue
      if (!cues.some((c) => c.start < end && c.end > start))
        cues.push({ role: 'claimed', start, end, strong: false })
    }
    cues.sort((a, b) => a.start - b.start)
  }
  const headers: Header[] = []
  let i = 0
  while (i < cues.length) {
    let j = i + 1
    while (
      j < cues.length &&
      cues[j]!.start - cues[j - 1]!.end <= 30 &&
      !/\d/.test(text.slice(cues[j - 1]!.end, cues[j]!.start))
    ) {
      j++
    }
    // The run may start with a cue from the sentence before the table ("по нашим замерам:
    // Бенчмарк Заявлено Фактически"): the header is the longest tail of the run that reads as one.
    const run = cues.slice(i, j)
    for (let k = 0; k < run.length; k++) {
      const columns = columnsOf(run.slice(k))
      if (!isHeader(columns)) continue
      const end = run[run.length - 1]!.end
      // The header may carry lower-case words after the last cue ("оценка", "score", "(%)").
      const tail = /^(?:\s*(?:\p{Ll}\p{L}*|\(%\)|%|\([^)\d]{0,20}\)))*/u.exec(text.slice(end))
      headers.push({ columns, start: run[k]!.start, end: end + (tail?.[0].length ?? 0) })
      break
    }
    i = j
  }
  return headers
}

/**
 * Rows of tables that lost their cell boundaries: a header naming a claimed and a measured column
 * (any order, optional difference column) followed by `label number number [number]` runs, with
 * or without spaces — `БенчмаркЗаявленный результатРеальная оценкаРазницаMMLU86.5%71.2%-15.3%`.
 *
 * @example
 * flatTableRows('Benchmark Claimed Measured MMLU 86.5% 71.2%', () => null)[0]?.measured // 71.2
 */
export function flatTableRows(raw: string, itemModel: () => ModelRef | null): DiscrepancyRow[] {
  // Cheap gate: a flattened table has two figures side by side ("86.5%71.2%", "86,5 | 71,2").
  if (!ADJACENT_FIGURES.test(raw)) return []
  const text = unglue(raw)
  const rows: DiscrepancyRow[] = []
  for (const header of headersIn(text)) {
    const model = tableSubject(text.slice(Math.max(0, header.start - 300), header.start), itemModel)
    rows.push(...rowsAfterHeader(text.slice(header.end), header.columns, model))
  }
  rows.push(...legendRows(text, itemModel))
  return rows
}

// The model a flattened table speaks of, from the text just before it.
function tableSubject(before: string, itemModel: () => ModelRef | null): ModelRef | null {
  const nearModels = mentionsIn(before).models
  const near = nearModels[nearModels.length - 1]
  // "Mistral says …" before a table whose headline names Mistral Medium 3: the family (often
  // the company's name too) stands for the variant the item is about.
  const item = near ? itemModel() : null
  // "OpenAI positioned o3-mini as … rivals o1. Our numbers: …": the model compared against may
  // be named last, while the item's own model (or a variant of it) named before is the subject.
  const itemNamed =
    near && item && near.id !== item.id && !modelMatches(near.id, item.id)
      ? nearModels.findLast((m) => m.id === item.id || modelMatches(item.id, m.id))
      : undefined
  const model: ModelRef | null =
    near && item && item.id !== near.id && modelMatches(near.id, item.id)
      ? item
      : itemNamed
        ? { id: itemNamed.id, name: itemNamed.name }
        : (near ?? itemModel())
  return model
}

// "label number number [number]" runs, read in the order of a header's columns.
function rowsAfterHeader(
  text: string,
  columns: CueRole[],
  model: ModelRef | null
): DiscrepancyRow[] {
  const rows: DiscrepancyRow[] = []
  let pos = 0
  for (;;) {
    const rest = text.slice(pos)
    // A row may open with a model name ("Llama 4 Scout MMLU-Pro 74.3% 58.2%"), whose digits
    // would otherwise end the label early.
    const lead = /^[\s|:;,.\-—–•·▪‣◦*]*/.exec(rest)![0].length
    const leadModel = mentionsIn(rest.slice(lead, lead + 60)).models[0]
    const skip = leadModel && leadModel.start === 0 ? lead + leadModel.end : 0
    const label = LABEL_AT.exec(rest.slice(skip))
    if (!label) break
    let labelText = skip ? `${rest.slice(lead, skip)} ${label[1]!}` : label[1]!
    let cursor = skip + label[0].length
    // A known name that runs past the guessed label ("AIME 2024") wins over the guess.
    const labelStart = skip + label[0].indexOf(label[1]!)
    const known = mentionsIn(rest.slice(labelStart, labelStart + 60)).benchmarks[0]
    if (known && known.start === 0 && known.end > label[1]!.length) {
      const after = /^\s*[:|\-·•—–]?\s*(?=\d)|^\s*[:|]?\s*/.exec(
        rest.slice(labelStart + known.end)
      )!
      labelText = rest.slice(skip ? lead : labelStart, labelStart + known.end)
      cursor = labelStart + known.end + after[0].length
    }
    const needed = columns.filter((c) => c !== 'diff').length
    // "HMMT Feb 2025 92.5 84.4": a year closing an unknown benchmark's name, not a score.
    const year = /^\s*((?:19|20)\d{2})(?=\s)/.exec(rest.slice(cursor))
    if (year && !(known && known.start === 0)) {
      let peek = cursor + year[0].length
      let following = 0
      for (let number = NUMBER_AT.exec(rest.slice(peek)); number && following < needed;) {
        following++
        peek += number[0].length
        number = NUMBER_AT.exec(rest.slice(peek))
      }
      if (following >= needed) {
        labelText = `${labelText} ${year[1]!}`
        cursor += year[0].length
      }
    }
    const values: { value: number; unit?: string }[] = []
    for (let k = 0; k < columns.length; k++) {
      const number = NUMBER_AT.exec(rest.slice(cursor))
      if (!number) break
      values.push({ value: parseDecimal(number[1]!), unit: number[2] })
      cursor += number[0].length
    }
    if (values.length < needed) break
    const at = (role: CueRole) => values[columns.indexOf(role)]
    const claimed = at('claimed')
    const measured = at('measured')
    const diff = columns.includes('diff') ? at('diff') : undefined
    // "Llama 4 Scout MMLU-Pro 74.3% 58.2%": a model named in the label is the row's model.
    const labelModel = mentionsIn(labelText).models[0]
    const benchmark = benchmarkFromLabel(
      labelModel
        ? (labelText.slice(0, labelModel.start) + labelText.slice(labelModel.end)).trim()
        : labelText
    )
    const rowModel: ModelRef | null = labelModel
      ? { id: labelModel.id, name: labelModel.name }
      : model
    pos += cursor
    if (!claimed || !measured || !benchmark) break
    if (diff && !diffAgrees(claimed.value, measured.value, diff.value)) continue
    const unit =
      unitOf(claimed.unit) ??
      unitOf(measured.unit) ??
      defaultUnit(benchmark.name, claimed.value, measured.value)
    rows.push(
      pairRow({
        model: rowModel,
        benchmark,
        claimed: claimed.value,
        measured: measured.value,
        unit,
        snippet: rest.slice(0, cursor).trim(),
        confidence: (diff ? 0.9 : 0.8) * (rowModel ? 1 : 0.6),
        conditions: benchmark.conditions,
      })
    )
  }
  return rows
}

const PAIR_ORDINAL_WORD = String.raw`(?:\s+(?:figure|number|value|score|one|число|цифра|значение|показатель|результат))?(?:\s+is)?\s*[—–:=-]?\s*`
// "(первое число — от xAI, второе — наш прогон)", "(first figure is the vendor's, second ours)":
// a legend after "label a / b" pairs says which figure of each pair is which.
const ORDINAL_LEGEND = new RegExp(
  String.raw`\(\s*(?:the\s+)?(?:first|перв\p{L}*)${PAIR_ORDINAL_WORD}([^(),;]{2,40}?)\s*[,;]\s*(?:and\s+|а\s+|и\s+)?(?:the\s+)?(?:second|втор\p{L}*)${PAIR_ORDINAL_WORD}([^(),;]{2,40}?)\s*\)`,
  'giu'
)
// "(заявлено → измерено)", "(claimed / measured)": the same legend by the columns' names.
const ARROW_LEGEND =
  /\(\s*([^()\d,;/→]{2,30}?)\s*(?:→|->|\/|vs\.?|против)\s*([^()\d,;/→]{2,30}?)\s*\)/giu

function legendRole(part: string, vendorMeansClaim: boolean): CueRole | null {
  const role = headerRole(part)
  if (role === 'claimed' || role === 'measured') return role
  if (!vendorMeansClaim) return null
  VENDOR_HEADER.lastIndex = 0
  return VENDOR_HEADER.test(part) ? 'claimed' : null
}

function legendRows(text: string, itemModel: () => ModelRef | null): DiscrepancyRow[] {
  if (!text.includes('(')) return []
  const rows: DiscrepancyRow[] = []
  for (const [legend, vendorMeansClaim] of [
    [ORDINAL_LEGEND, true],
    [ARROW_LEGEND, false],
  ] as const) {
    legend.lastIndex = 0
    for (let m = legend.exec(text); m; m = legend.exec(text)) {
      const columns = [legendRole(m[1]!, vendorMeansClaim), legendRole(m[2]!, vendorMeansClaim)]
      if (!columns.includes('claimed') || !columns.includes('measured')) continue
      // The pairs it explains: from the start of the sentence or line the legend closes.
      const lineStart = text.lastIndexOf('\n', m.index) + 1
      const sentenceEnds = [...text.slice(lineStart, m.index).matchAll(/[.!?]\s+(?=\p{Lu})/gu)]
      const lastEnd = sentenceEnds[sentenceEnds.length - 1]
      const start = lastEnd ? lineStart + lastEnd.index! + lastEnd[0].length : lineStart
      const model = tableSubject(text.slice(Math.max(0, start - 300), start), itemModel)
      rows.push(...rowsAfterHeader(text.slice(start, m.index), columns as CueRole[], model))
    }
  }
  return rows
}
