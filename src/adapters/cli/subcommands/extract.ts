import { once } from 'node:events'
import { createInterface } from 'node:readline'
import type { Writable } from 'node:stream'
import { extractDiscrepancies } from '../../../core/extract/index.js'
import { defineSubcommand, writeLine } from '../subcommand.js'

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

async function emit(stream: Writable, value: unknown): Promise<void> {
  if (!stream.write(`${JSON.stringify(value)}\n`)) await once(stream, 'drain')
}

export default defineSubcommand({
  name: 'extract',
  summary: 'find claimed-vs-measured benchmark rows in JSON lines of item text',
  usage: USAGE,
  async run(args, io) {
    let full = false
    for (const arg of args) {
      if (arg === '--help' || arg === '-h') {
        writeLine(io.stdout, USAGE)
        return 0
      }
      if (arg === '--full') full = true
      else {
        writeLine(io.stderr, `benchwatch extract: unknown argument ${arg}\n\n${USAGE}`)
        return 2
      }
    }
    let lineNumber = 0
    let bad = 0
    const lines = createInterface({ input: io.stdin, crlfDelay: Infinity })
    for await (const line of lines) {
      lineNumber++
      if (!line.trim()) continue
      if (line.length > MAX_LINE_CHARS) {
        bad++
        await emit(io.stdout, {
          line: lineNumber,
          error: `line longer than ${MAX_LINE_CHARS} characters`,
        })
        continue
      }
      let parsed: unknown
      try {
        parsed = JSON.parse(line)
      } catch (error) {
        bad++
        await emit(io.stdout, { line: lineNumber, error: `not JSON: ${(error as Error).message}` })
        continue
      }
      const input = validate(parsed)
      if (typeof input === 'string') {
        bad++
        const id = (parsed as { id?: unknown } | null)?.id
        const where =
          typeof id === 'string' || typeof id === 'number' ? { id } : { line: lineNumber }
        await emit(io.stdout, { ...where, error: input })
        continue
      }
      try {
        const rows = extractDiscrepancies({
          text: input.text,
          ...(input.title ? { title: input.title } : {}),
        })
        await emit(io.stdout, {
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
        })
      } catch (error) {
        // An extractor bug on one article must not stop the batch.
        bad++
        await emit(io.stdout, {
          id: input.id,
          error: `extraction failed: ${(error as Error).message}`,
        })
      }
    }
    return bad > 0 ? 1 : 0
  },
})
