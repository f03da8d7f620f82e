import { classify } from '../../../core/classify/index.js'
import { jsonLinesSubcommand } from '../json-lines.js'

const USAGE = `usage: benchwatch classify [--full]

Reads JSON lines {"id","title","summary"?,"text"?} on stdin and prints one JSON line per input line,
in order: {"id","label":"controversy"|"not","score":0..1,"tags":[..],"lang","reasons":[..]}.
--full adds modelVersion and the entities found ({"kind","id","name","surface"}).
A bad line (not JSON, no id or title, over 1 MB) prints {"line":N,"error":...} (or
{"id":...,"error":...} when its id is readable) and the run goes on; the exit code is 1 when any
line was bad, else 0.`

// A news item is a headline and a paragraph or an article; a megabyte line is a mistake, and
// refusing it keeps one bad record from stalling the batch.
const MAX_LINE_CHARS = 1_000_000

interface ClassifyLine {
  id: string | number
  title: string
  summary?: string
  text?: string
}

function validate(value: unknown): ClassifyLine | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'expected a JSON object'
  }
  const record = value as Record<string, unknown>
  if (typeof record.id !== 'string' && typeof record.id !== 'number') {
    return 'missing "id" (a string or number)'
  }
  if (typeof record.title !== 'string') return 'missing "title" (a string)'
  for (const field of ['summary', 'text'] as const) {
    const v = record[field]
    if (v !== undefined && v !== null && typeof v !== 'string') return `"${field}" must be a string`
  }
  return {
    id: record.id,
    title: record.title,
    ...(typeof record.summary === 'string' ? { summary: record.summary } : {}),
    ...(typeof record.text === 'string' ? { text: record.text } : {}),
  }
}

export default jsonLinesSubcommand<ClassifyLine>({
  name: 'classify',
  summary: 'tag JSON lines of news items as benchmark controversies or not',
  usage: USAGE,
  maxLineChars: MAX_LINE_CHARS,
  validate,
  failure: 'classification failed',
  answer(input, full) {
    const result = classify(input)
    return {
      id: input.id,
      label: result.label,
      score: result.score,
      tags: result.tags,
      lang: result.lang,
      reasons: result.reasons,
      ...(full
        ? {
            modelVersion: result.modelVersion,
            entities: result.entities.map(({ kind, id, name, surface }) => ({
              kind,
              id,
              name,
              surface,
            })),
          }
        : {}),
    }
  },
})
