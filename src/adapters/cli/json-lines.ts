import { once } from 'node:events'
import { createInterface } from 'node:readline'
import type { Writable } from 'node:stream'
import type { CliIo, Subcommand } from './subcommand.js'
import { writeLine } from './subcommand.js'

/** A JSON-lines filter subcommand: validate each line, answer it, keep going on bad lines. */
export interface JsonLinesFilter<T extends { id: string | number }> {
  name: string
  summary: string
  usage: string
  /** Lines longer than this are refused without parsing: a mistake, not a record. */
  maxLineChars: number
  /** The record, or a message saying what is wrong with it. */
  validate(value: unknown): T | string
  /** The output object for one good record (`full` when --full was given). */
  answer(input: T, full: boolean): unknown
  /** The prefix of the error printed when `answer` throws, e.g. "classification failed". */
  failure: string
}

async function emit(stream: Writable, value: unknown): Promise<void> {
  if (!stream.write(`${JSON.stringify(value)}\n`)) await once(stream, 'drain')
}

/**
 * Builds a subcommand that reads JSON lines on stdin and prints one JSON line per input line, in
 * order. A bad line prints `{"line":N,"error"}` (or `{"id","error"}` when its id is readable) and
 * the run goes on; the exit code is 1 when any line was bad, else 0.
 */
export function jsonLinesSubcommand<T extends { id: string | number }>(
  filter: JsonLinesFilter<T>
): Subcommand {
  return {
    name: filter.name,
    summary: filter.summary,
    usage: filter.usage,
    async run(args: string[], io: CliIo) {
      let full = false
      for (const arg of args) {
        if (arg === '--full') full = true
        else {
          writeLine(
            io.stderr,
            `benchwatch ${filter.name}: unknown argument ${arg}\n\n${filter.usage}`
          )
          return 2
        }
      }
      let lineNumber = 0
      let bad = 0
      const lines = createInterface({ input: io.stdin, crlfDelay: Infinity })
      for await (const line of lines) {
        lineNumber++
        if (!line.trim()) continue
        if (line.length > filter.maxLineChars) {
          bad++
          await emit(io.stdout, {
            line: lineNumber,
            error: `line longer than ${filter.maxLineChars} characters`,
          })
          continue
        }
        let parsed: unknown
        try {
          parsed = JSON.parse(line)
        } catch (error) {
          bad++
          await emit(io.stdout, {
            line: lineNumber,
            error: `not JSON: ${(error as Error).message}`,
          })
          continue
        }
        const input = filter.validate(parsed)
        if (typeof input === 'string') {
          bad++
          const id = (parsed as { id?: unknown } | null)?.id
          const where =
            typeof id === 'string' || typeof id === 'number' ? { id } : { line: lineNumber }
          await emit(io.stdout, { ...where, error: input })
          continue
        }
        try {
          await emit(io.stdout, filter.answer(input, full))
        } catch (error) {
          // A bug on one record must not stop the batch.
          bad++
          await emit(io.stdout, {
            id: input.id,
            error: `${filter.failure}: ${(error as Error).message}`,
          })
        }
      }
      return bad > 0 ? 1 : 0
    },
  }
}
