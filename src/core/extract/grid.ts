import { modelMatches } from '../entities.js'
import { benchmarkFromLabel, mentionsIn, modelNamed } from './context.js'
import { defaultUnit, parseCellScore, pairRow, type Score } from './numbers.js'
import type { DiscrepancyRow, ModelRef, ScoreUnit } from './types.js'
import { headerRole, type CueRole } from './vocabulary.js'

/** A table reduced to text cells, spans already expanded (a colspan repeats its text). */
export interface Grid {
  cells: string[][]
  /** Which rows the source marked as header rows (th / thead / a markdown header). */
  headerRows: boolean[]
  caption?: string
  /** The text just before the table: names the benchmark when neither rows nor headers do. */
  context?: string
}

const MAX_HEADER_ROWS = 3
const LABEL_HEADER = /bench|test|task|eval|dataset|metric|suite|бенчмарк|тест|задач|набор|метрик/i
const MODEL_HEADER = /^\s*(?:model|модель|llm|system|система)\b/i
const DIFF_TOLERANCE = 0.21
const OUTLET_RESULT =
  /^\s*(?:результат|оценка|тест|прогон|замер|result|score|run|test)\p{L}*\s+(?=[\p{L}\p{N}.'’-]*\p{L})(?=[\p{L}\p{N}.'’-]*[\p{Lu}\d])[\p{L}\p{N}.'’-]+\s*$/u

function isOutletResult(header: string): boolean {
  return OUTLET_RESULT.test(header.replace(/^\s*\p{Lu}/u, (first) => first.toLowerCase()))
}

function isNumericRow(row: string[]): boolean {
  return row.some((cell) => parseCellScore(cell) !== null)
}

// A row whose cells all repeat one text (a colspan over the whole table) is a title, not a header.
function isTitleRow(row: string[] | undefined): boolean {
  return !!row && row.length > 1 && row.every((cell) => cell === row[0])
}

function columnHeaders(grid: Grid, headerCount: number): string[] {
  const width = Math.max(...grid.cells.map((r) => r.length))
  const headers: string[] = []
  for (let col = 0; col < width; col++) {
    const parts: string[] = []
    for (let row = 0; row < headerCount; row++) {
      if (isTitleRow(grid.cells[row])) continue
      const text = (grid.cells[row]?.[col] ?? '').trim()
      if (text && parts[parts.length - 1] !== text) parts.push(text)
    }
    headers.push(parts.join(' '))
  }
  return headers
}

function unitFromHeader(header: string): ScoreUnit | undefined {
  if (/\belo\b|рейтинг/i.test(header)) return 'elo'
  if (/%|percent|процент/i.test(header)) return '%'
  if (/\bpoints?\b|\bpts\b|балл|очк/i.test(header)) return 'pts'
  return undefined
}

// "Перепроверили открытые модели на MMLU:" before a table of models: the one benchmark named.
function onlyBenchmark(context: string | undefined): { name: string; id: string } | undefined {
  if (!context) return undefined
  const named = mentionsIn(context.slice(-300)).benchmarks
  return new Set(named.map((b) => b.id)).size === 1 ? named[0] : undefined
}

/** A difference cell agrees when it is measured − claimed, claimed − measured, or relative. */
export function diffAgrees(claimed: number, measured: number, diff: number): boolean {
  const absolute = measured - claimed
  if (Math.abs(Math.abs(diff) - Math.abs(absolute)) <= DIFF_TOLERANCE) return true
  if (claimed !== 0) {
    const relative = (absolute / claimed) * 100
    if (Math.abs(Math.abs(diff) - Math.abs(relative)) <= DIFF_TOLERANCE * 2) return true
  }
  return false
}

interface Layout {
  headerCount: number
  headers: string[]
  roles: (CueRole | null)[]
  pairs: { claimed: number; measured: number; model: ModelRef | null; inferred: boolean }[]
  diffColumns: number[]
}

function findLayout(grid: Grid): Layout | null {
  for (let headerCount = 1; headerCount <= MAX_HEADER_ROWS; headerCount++) {
    const lastHeader = grid.cells[headerCount - 1]
    if (!lastHeader || (isNumericRow(lastHeader) && !grid.headerRows[headerCount - 1])) break
    if (headerCount >= grid.cells.length) break
    const headers = columnHeaders(grid, headerCount)
    const roles = headers.map((h) => (h ? headerRole(h) : null))
    const claimedCols = roles.flatMap((r, i) => (r === 'claimed' ? [i] : []))
    const measuredCols = roles.flatMap((r, i) => (r === 'measured' ? [i] : []))
    const diffColumns = roles.flatMap((r, i) => (r === 'diff' ? [i] : []))
    if (claimedCols.length === 0 && measuredCols.length === 0 && !headers.some(isOutletResult))
      continue
    // "Данные производителя | Результат 3DNews": beside a claimed column, the one column an
    // outlet names after itself is the measurement.
    if (claimedCols.length > 0 && measuredCols.length === 0) {
      const outletCols = headers.flatMap((h, col) =>
        !roles[col] && isOutletResult(h) && mentionsIn(h).models.length === 0 ? [col] : []
      )
      if (outletCols.length === 1) {
        measuredCols.push(outletCols[0]!)
        roles[outletCols[0]!] = 'measured'
      }
    }
    const pairs = pairColumns(
      grid,
      headerCount,
      headers,
      roles,
      claimedCols,
      measuredCols,
      diffColumns
    )
    if (pairs.length > 0) return { headerCount, headers, roles, pairs, diffColumns }
  }
  return null
}

function modelOfHeader(header: string): ModelRef | null {
  const found = mentionsIn(header).models[0]
  return found ? { id: found.id, name: found.name } : null
}

function pairColumns(
  grid: Grid,
  headerCount: number,
  headers: string[],
  roles: (CueRole | null)[],
  claimedCols: number[],
  measuredCols: number[],
  diffColumns: number[]
): Layout['pairs'] {
  // "Claimed MMLU" beside "Independent HumanEval" are two different measurements, not a pair.
  const benchmarkOf = (col: number) => mentionsIn(headers[col]!).benchmarks[0]?.id
  const differentBenchmarks = (a: number, b: number) => {
    const x = benchmarkOf(a)
    const y = benchmarkOf(b)
    return x !== undefined && y !== undefined && x !== y
  }
  if (claimedCols.length > 0 && measuredCols.length > 0) {
    const claimedKept = claimedCols.filter((c) =>
      measuredCols.some((m) => !differentBenchmarks(c, m))
    )
    measuredCols = measuredCols.filter((m) => claimedCols.some((c) => !differentBenchmarks(c, m)))
    claimedCols = claimedKept
    if (claimedCols.length === 0 || measuredCols.length === 0) return []
  }
  if (claimedCols.length === 1 && measuredCols.length === 1) {
    const model =
      modelOfHeader(headers[claimedCols[0]!]!) ?? modelOfHeader(headers[measuredCols[0]!]!)
    return [{ claimed: claimedCols[0]!, measured: measuredCols[0]!, model, inferred: false }]
  }
  if (claimedCols.length > 0 && claimedCols.length === measuredCols.length) {
    // Several models side by side: pair each claimed column with the measured one of its model.
    // Variants the tables group under one id ("YandexGPT 5 Pro", "YandexGPT 5 Lite") each keep
    // their own: the nearest measured column of that model not yet taken.
    const pairs: Layout['pairs'] = []
    const taken = new Set<number>()
    for (const [index, claimed] of claimedCols.entries()) {
      const model = modelOfHeader(headers[claimed]!)
      const measured = model
        ? measuredCols
            .filter((m) => !taken.has(m) && modelOfHeader(headers[m]!)?.id === model.id)
            .sort((a, b) => Math.abs(a - claimed) - Math.abs(b - claimed))[0]
        : measuredCols[index]
      if (measured === undefined) continue
      taken.add(measured)
      pairs.push({ claimed, measured, model, inferred: false })
    }
    return pairs
  }
  // One claim and several measurements of it ("Measured (LMSYS)", "Measured (Epoch)"), or the
  // reverse: one pair per column, for columns of the same model (or of no named model).
  if (claimedCols.length === 1 || measuredCols.length === 1) {
    const pairs: Layout['pairs'] = []
    for (const claimed of claimedCols) {
      for (const measured of measuredCols) {
        const a = modelOfHeader(headers[claimed]!)
        const b = modelOfHeader(headers[measured]!)
        if (a && b && a.id !== b.id) continue
        if (differentBenchmarks(claimed, measured)) continue
        // An unnamed column speaks of the table's own model; a column naming another model
        // ("GPT-4o measured") pairs with it only when no unnamed column of that side exists.
        if (!a && b && measuredCols.some((m) => !modelOfHeader(headers[m]!))) continue
        if (a && !b && claimedCols.some((c) => !modelOfHeader(headers[c]!))) continue
        pairs.push({ claimed, measured, model: a ?? b, inferred: false })
      }
    }
    if (pairs.length > 0) return pairs
  }
  // "Meta | Reproduced", "Данные Яндекса | Наша проверка": beside a measured column, the one
  // column that names a company is that company's claim.
  // Under a two-row header the model's name spans both columns ("Claude 3.7 Sonnet" over
  // "Anthropic | Our reproduction"), so a company column may name the measured column's model.
  if (claimedCols.length === 0 && measuredCols.length === 1) {
    const measuredModel = modelOfHeader(headers[measuredCols[0]!]!)
    const vendorCols = headers.flatMap((h, col) => {
      if (roles[col] || !h) return []
      const named = mentionsIn(h)
      if (named.orgs.length === 0) return []
      const sameModel =
        named.models.length === 0 ||
        (measuredModel !== null && named.models.every((m) => m.id === measuredModel.id))
      return sameModel ? [col] : []
    })
    if (vendorCols.length === 1) {
      return [
        {
          claimed: vendorCols[0]!,
          measured: measuredCols[0]!,
          model: modelOfHeader(headers[measuredCols[0]!]!),
          inferred: true,
        },
      ]
    }
  }
  // "Данные Google | Результат 3DNews": a company's column beside one the outlet names after itself
  // (a result word and a name that is neither a model nor a company) is a claim and a measurement.
  if (claimedCols.length === 0 && measuredCols.length === 0) {
    const named = (col: number) => mentionsIn(headers[col] ?? '')
    const vendorCols = headers.flatMap((h, col) =>
      h && named(col).orgs.length > 0 && named(col).models.length === 0 ? [col] : []
    )
    const outletCols = headers.flatMap((h, col) =>
      isOutletResult(h) && named(col).orgs.length === 0 && named(col).models.length === 0
        ? [col]
        : []
    )
    if (vendorCols.length === 1 && outletCols.length === 1) {
      return [{ claimed: vendorCols[0]!, measured: outletCols[0]!, model: null, inferred: true }]
    }
  }
  // Several models side by side, each with "OpenAI | Measured" under its name: each model's
  // company column is its claim.
  if (claimedCols.length === 0 && measuredCols.length > 1) {
    const pairs: Layout['pairs'] = []
    for (const measured of measuredCols) {
      const model = modelOfHeader(headers[measured]!)
      const vendor = model
        ? headers.findIndex(
            (h, col) =>
              !roles[col] &&
              h !== undefined &&
              mentionsIn(h).orgs.length > 0 &&
              modelOfHeader(h)?.id === model.id
          )
        : -1
      if (vendor < 0) return []
      pairs.push({ claimed: vendor, measured, model, inferred: true })
    }
    return pairs
  }
  // One side named, the other not: the difference column tells which unnamed column is the other side.
  if (diffColumns.length === 1 && claimedCols.length + measuredCols.length === 1) {
    const known = claimedCols[0] ?? measuredCols[0]!
    const body = grid.cells.slice(headerCount)
    for (let col = 0; col < headers.length; col++) {
      if (roles[col] || col === known) continue
      const agreeing = body.filter((row) => {
        const a = parseCellScore(row[known] ?? '')
        const b = parseCellScore(row[col] ?? '')
        const d = parseCellScore(row[diffColumns[0]!] ?? '')
        return a && b && d && diffAgrees(a.value, b.value, d.value)
      })
      if (agreeing.length > 0 && agreeing.length === body.filter(isNumericRow).length) {
        const claimed = claimedCols.length === 1 ? known : col
        const measured = claimedCols.length === 1 ? col : known
        return [{ claimed, measured, model: modelOfHeader(headers[col]!), inferred: true }]
      }
    }
  }
  return []
}

function labelColumns(layout: Layout, body: string[][]): { label: number; model: number } {
  const used = new Set([
    ...layout.pairs.flatMap((p) => [p.claimed, p.measured]),
    ...layout.diffColumns,
  ])
  let label = -1
  let model = -1
  for (let col = 0; col < layout.headers.length; col++) {
    if (used.has(col)) continue
    const textual = body.filter(
      (r) => (r[col] ?? '').trim() && !parseCellScore(r[col] ?? '')
    ).length
    if (textual === 0) continue
    const header = layout.headers[col] ?? ''
    const modelCells = body.filter((r) => mentionsIn(r[col] ?? '').models.length > 0).length
    if (
      model < 0 &&
      (MODEL_HEADER.test(header) || modelCells * 2 > textual) &&
      !LABEL_HEADER.test(header)
    ) {
      model = col
    } else if (label < 0) {
      label = col
    }
  }
  return { label, model }
}

/**
 * The claimed-versus-measured rows of one table, or nothing when its headers do not name both a
 * claimed and a measured side (launch tables, leaderboards). A difference column, where present,
 * must agree with the pair; rows where it does not are dropped.
 *
 * @example
 * rowsFromGrid({ cells: [['Benchmark', 'Claimed', 'Measured'], ['MMLU', '86.5%', '71.2%']],
 *   headerRows: [true, false] }, { id: 'llama-4', name: 'Llama 4' })
 * // [{ model: 'Llama 4', benchmark: 'MMLU', claimed: 86.5, measured: 71.2, delta: -15.3, … }]
 */
export function rowsFromGrid(grid: Grid, contextModel: ModelRef | null): DiscrepancyRow[] {
  grid = splitPairedColumns(grid)
  const title = grid.cells.find(isTitleRow)?.[0]
  if (title) {
    const titleModel = mentionsIn(title).models[0]
    if (titleModel) contextModel = { id: titleModel.id, name: titleModel.name }
    grid = { ...grid, caption: [grid.caption, title].filter(Boolean).join(' ') }
  }
  const direct = rowsFromOrientedGrid(grid, contextModel)
  if (direct.length > 0) return direct
  // Transposed tables put "Claimed" / "Measured" down the first column and benchmarks across.
  const width = Math.max(0, ...grid.cells.map((r) => r.length))
  const transposed: string[][] = []
  for (let col = 0; col < width; col++) transposed.push(grid.cells.map((r) => r[col] ?? ''))
  return rowsFromOrientedGrid(
    { cells: transposed, headerRows: [true], caption: grid.caption, context: grid.context },
    contextModel
  )
}

const PAIR_SEPARATOR = /\s*(?:\/|→|->|\bvs\.?|против)\s*/iu
const PAIR_CELL =
  /^\s*[-+]?\d{1,4}(?:[.,]\d{1,2})?\s?%?\s*(?:\/|→|->|\bvs\.?|против)\s*[-+]?\d{1,4}(?:[.,]\d{1,2})?\s?%?\s*$/iu

// "Claimed / measured" over cells like "80.6 / 71.2": one column holding both sides becomes two.
function splitPairedColumns(grid: Grid): Grid {
  const [header, ...body] = grid.cells
  if (!header || body.length === 0) return grid
  const split = header.flatMap((cell, col) => {
    const parts = cell.split(PAIR_SEPARATOR)
    if (parts.length !== 2) return []
    const roles = new Set(parts.map(headerRole))
    if (!(roles.has('claimed') && roles.has('measured'))) return []
    const filled = body.filter((row) => (row[col] ?? '').trim())
    if (filled.length === 0 || !filled.every((row) => PAIR_CELL.test(row[col]!))) return []
    return [col]
  })
  if (split.length === 0) return grid
  const widen = (row: string[], pieces: (cell: string) => string[]) =>
    row.flatMap((cell, col) => (split.includes(col) ? pieces(cell) : [cell]))
  return {
    ...grid,
    cells: [
      widen(header, (cell) => cell.split(PAIR_SEPARATOR)),
      ...body.map((row) =>
        widen(row, (cell) => {
          const parts = cell.split(PAIR_SEPARATOR)
          return parts.length === 2 ? parts : [cell, cell]
        })
      ),
    ],
  }
}

function rowsFromOrientedGrid(grid: Grid, contextModel: ModelRef | null): DiscrepancyRow[] {
  const layout = findLayout(grid)
  if (!layout) return []
  const body = grid.cells.slice(layout.headerCount)
  const { label, model: modelCol } = labelColumns(layout, body)
  const rows: DiscrepancyRow[] = []
  // A unit written in some cells ("86.5%") holds for the bare numbers of the same table.
  const tableUnit = layout.pairs
    .flatMap((p) => body.flatMap((r) => [r[p.claimed] ?? '', r[p.measured] ?? '']))
    .map((cell) => parseCellScore(cell)?.unit)
    .find((u) => u !== undefined)
  for (const cells of body) {
    const rowModelName = modelCol >= 0 ? (cells[modelCol] ?? '').trim() : ''
    const rowModel = rowModelName ? modelNamed(rowModelName) : null
    for (const pair of layout.pairs) {
      const claimed = parseCellScore(cells[pair.claimed] ?? '')
      const measured = parseCellScore(cells[pair.measured] ?? '')
      if (!claimed || !measured) continue
      const diffCell = layout.diffColumns
        .map((c) => parseCellScore(cells[c] ?? ''))
        .find((d): d is Score => d !== null)
      // A difference column belongs to a table with one pair; with several it cannot check them.
      const checked = layout.pairs.length === 1 && diffCell !== undefined
      if (checked && !diffAgrees(claimed.value, measured.value, diffCell.value)) continue
      const labelText = label >= 0 ? (cells[label] ?? '') : ''
      let benchmark = labelText ? benchmarkFromLabel(labelText) : null
      let rowLabelModel: ModelRef | null = null
      if (benchmark && modelCol < 0 && !mentionsIn(labelText).benchmarks.length) {
        // A row label that names a model ("Llama 4 Scout") is the model, not the benchmark.
        rowLabelModel = mentionsIn(labelText).models[0] ?? null
        if (rowLabelModel) benchmark = null
      }
      if (!benchmark) {
        const header = `${layout.headers[pair.claimed]} ${layout.headers[pair.measured]} ${grid.caption ?? ''}`
        const named = mentionsIn(header).benchmarks[0] ?? onlyBenchmark(grid.context)
        benchmark = named ? { name: named.name, id: named.id } : null
      }
      if (!benchmark) continue
      // A header naming the family ("По данным Mistral") yields to the variant the text is about.
      const headerModel =
        pair.model &&
        contextModel &&
        contextModel.id !== pair.model.id &&
        modelMatches(pair.model.id, contextModel.id)
          ? contextModel
          : pair.model
      const model = rowModel ?? rowLabelModel ?? headerModel ?? contextModel
      const unit =
        claimed.unit ??
        measured.unit ??
        unitFromHeader(`${layout.headers[pair.claimed]} ${layout.headers[pair.measured]}`) ??
        tableUnit ??
        defaultUnit(benchmark.name, claimed.value, measured.value)
      const confidence = pair.inferred ? 0.7 : checked ? 0.95 : 0.9
      rows.push(
        pairRow({
          model,
          benchmark,
          claimed: claimed.value,
          measured: measured.value,
          unit,
          snippet: cells.map((c) => c.trim()).join(' | '),
          confidence: model ? confidence : confidence * 0.6,
          conditions: benchmark.conditions,
        })
      )
    }
  }
  return rows
}
