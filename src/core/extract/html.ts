import { decode } from 'html-entities'
import { parseHtml } from '../html-dom.js'
import type { Grid } from './grid.js'
import { mentionsClaim, mentionsMeasuredOrDiff } from './vocabulary.js'

/** An HTML document split into its tables and the text around them. */
export interface HtmlParts {
  tables: { grid: Grid; textBefore: string }[]
  /** The text outside tables, one block (paragraph, list item, heading) per line. */
  text: string
}

const BLOCK_END =
  /<\/(?:p|div|li|h[1-6]|blockquote|pre|section|article|header|footer|ul|ol|tr|figure|figcaption|caption|dd|dt)>|<br\s*\/?>|<hr\s*\/?>/gi
const CELL_END = /<\/t[dh]>/gi
const TAG = /<[^>]*>/g
const SCRIPTS = /<(script|style|noscript)\b[\s\S]*?<\/\1>/gi
const COMMENTS = /<!--[\s\S]*?-->/g

/**
 * Plain text of an HTML fragment, one line per block element.
 *
 * @example
 * htmlToText('<p>Claimed <b>86.5%</b></p><p>Measured 71.2%</p>') // 'Claimed 86.5%\nMeasured 71.2%'
 */
export function htmlToText(html: string): string {
  return decode(
    html
      .replace(SCRIPTS, ' ')
      .replace(COMMENTS, ' ')
      .replace(BLOCK_END, '\n')
      .replace(CELL_END, ' | ')
      .replace(TAG, '')
  )
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n[\s]*/g, '\n')
    .trim()
}

/** True when a text is HTML markup rather than plain text that mentions a "<". */
export function looksLikeHtml(text: string): boolean {
  return /<(?:table|p|div|br|span|td|tr|li|ul|b|strong|em|i|a|h[1-6]|article|section)\b[^>]*>/i.test(
    text
  )
}

type El = {
  tagName: string
  children: ArrayLike<El>
  textContent: string | null
  getAttribute(name: string): string | null
  closest(selector: string): El | null
  querySelectorAll(selector: string): ArrayLike<El>
  querySelector(selector: string): El | null
  parentNode: El | null
  replaceWith(...nodes: unknown[]): void
}

function cellText(cell: El): string {
  return (cell.textContent ?? '').replace(/\s+/g, ' ').trim()
}

function gridOf(table: El): Grid {
  const cells: string[][] = []
  const headerRows: boolean[] = []
  // Cells a rowspan carries down into later rows, by row then column.
  const carried = new Map<number, Map<number, string>>()
  const rows = Array.from(table.querySelectorAll('tr')).filter(
    (tr) => tr.closest('table') === table
  )
  rows.forEach((tr, rowIndex) => {
    const row: string[] = []
    const fromAbove = carried.get(rowIndex) ?? new Map<number, string>()
    let col = 0
    let header = tr.parentNode?.tagName === 'THEAD'
    const place = () => {
      while (fromAbove.has(col)) {
        row[col] = fromAbove.get(col)!
        col++
      }
    }
    const tds = Array.from(tr.children).filter((c) => c.tagName === 'TD' || c.tagName === 'TH')
    if (tds.length > 0 && tds.every((c) => c.tagName === 'TH')) header = true
    for (const td of tds) {
      place()
      const text = cellText(td)
      const colspan = Math.min(20, Math.max(1, Number(td.getAttribute('colspan')) || 1))
      const rowspan = Math.min(50, Math.max(1, Number(td.getAttribute('rowspan')) || 1))
      for (let k = 0; k < colspan; k++) {
        row[col + k] = text
        for (let r = 1; r < rowspan; r++) {
          const below = carried.get(rowIndex + r) ?? new Map<number, string>()
          below.set(col + k, text)
          carried.set(rowIndex + r, below)
        }
      }
      col += colspan
    }
    place()
    cells.push(Array.from(row, (c) => c ?? ''))
    headerRows.push(header)
  })
  const caption = table.querySelector('caption')
  return caption ? { cells, headerRows, caption: cellText(caption) } : { cells, headerRows }
}

/**
 * The tables of an HTML fragment as grids (colspans and rowspans expanded, nested tables read on
 * their own) with the text that precedes each, and the text outside all tables.
 *
 * @example
 * splitHtml('<p>Llama 4</p><table><tr><th>A</th></tr></table>').tables.length // 1
 */
export function splitHtml(html: string): HtmlParts {
  // A DOM is built only when some table's text names a claimed or measured side: launch tables and
  // leaderboards (most tables in AI news) are read as text, which is several times cheaper.
  const tableChunks = html.match(/<table\b[\s\S]*?<\/table>/gi) ?? []
  const worthParsing = tableChunks.some((chunk) => {
    const text = chunk.replace(TAG, ' ')
    return mentionsClaim(text) || mentionsMeasuredOrDiff(text)
  })
  if (!worthParsing && tableChunks.length > 0) return { tables: [], text: htmlToText(html) }
  if (!/<table\b/i.test(html)) return { tables: [], text: htmlToText(html) }
  const { document } = parseHtml(`<!doctype html><html><body>${html}</body></html>`)
  const body = document.body as unknown as El
  // Footnote marks in <sup> ("86.5%<sup>1</sup>", "Official<sup>[2]</sup>") would glue onto the cell text.
  for (const sup of Array.from(body.querySelectorAll('sup'))) {
    if ((sup.textContent ?? '').trim().length <= 4) sup.replaceWith(document.createTextNode(''))
  }
  const all = Array.from(body.querySelectorAll('table'))
  const grids = all.map((table) => ({ table, grid: gridOf(table) }))
  const outermost = all.filter((t) => !t.parentNode?.closest('table'))
  outermost.forEach((table, index) =>
    table.replaceWith(document.createTextNode(`\n\u0000T${index}\u0000\n`))
  )
  const text = htmlToText((document.body as unknown as { innerHTML: string }).innerHTML)
  const tables = grids.map(({ table, grid }) => {
    let outer: El = table
    while (outer.parentNode?.closest('table')) outer = outer.parentNode.closest('table')!
    const marker = `\u0000T${outermost.indexOf(outer)}\u0000`
    const before = text.slice(0, Math.max(0, text.indexOf(marker))).replace(/\u0000T\d+\u0000/g, '')
    return { grid, textBefore: before }
  })
  return { tables, text: text.replace(/\u0000T\d+\u0000/g, '') }
}
