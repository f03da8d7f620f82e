import { extractDiscrepancies } from '../../../core/extract/index.js'
import { jsonLinesSubcommand } from '../json-lines.js'

const USAGE = `usage: benchwatch extract [--full]

Reads JSON lines {"id","title"?,"text"} on stdin (text may be HTML) and prints one JSON line per
input line: {"id","rows":[{"model","benchmark","claimed","measured","unit"}]}, the claimed-versus-
measured pairs found in the text. --full adds delta (measured - claimed), conditions, confidence
and the snippet each row came from.
A bad line prints {"line":N,"error":...} (or {"id":...,"error":...} when its id is readable) and the
run goes on; the exit code is 1 when any line was bad, else 0.`

// One article of HTML rarely passes 1 MB; a line far beyond that is a mistake, not an article.
const MAX_LINE_CHARS = 5_000_000

interface ExtractLine {
  id: string | number
  title?: string
  text: string
}

function validate(value: unknown): ExtractLine | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'expected a JSON object'
  const record = value as Record<string, unknown>
  if (typeof record.id !== 'string' && typeof record.id !== 'number')
    return 'missing "id" (a string or number)'
  if (typeof record.text !== 'string') return 'missing "text" (a string)'
  if (record.title !== undefined && record.title !== null && typeof record.title !== 'string') {
    return '"title" must be a string'
  }
  return {
    id: record.id,
    text: record.text,
    ...(typeof record.title === 'string' ? { title: record.title } : {}),
  }
}

export default jsonLinesSubcommand<ExtractLine>({
  name: 'extract',
  summary: 'find claimed-vs-measured benchmark rows in JSON lines of item text',
  usage: USAGE,
  maxLineChars: MAX_LINE_CHARS,
  validate,
  failure: 'extraction failed',
  answer(input, full) {
    const rows = extractDiscrepancies({
      text: input.text,
      ...(input.title ? { title: input.title } : {}),
    })
    return {
      id: input.id,
      rows: rows.map((r) => ({
        model: r.model,
        benchmark: r.benchmark,
        claimed: r.claimed,
        measured: r.measured,
        unit: r.unit,
        ...(full
          ? {
              delta: r.delta,
              ...(r.conditions ? { conditions: r.conditions } : {}),
              confidence: r.confidence,
              snippet: r.snippet,
            }
          : {}),
      })),
    }
  },
})
