import { CONTROVERSY_TAGS, type ControversyTag } from './model.js'

/** One labelled example of `data/classifier/*.jsonl`. */
export interface LabelledItem {
  id: string
  lang: string
  title: string
  summary: string
  label: 'controversy' | 'not'
  /** Controversy tags; on negatives, the kind of hard negative (`launch`, `confirmed-reproduction`…). */
  tags: string[]
}

/**
 * Parses a JSONL dataset, naming the line of any malformed example. Controversies need at least
 * one tag unless `requireTags` is off (the untagged probe set).
 *
 * @example
 * parseDataset('{"id":"a","lang":"en","title":"T","summary":"S","label":"not","tags":[]}')
 */
export function parseDataset(
  jsonl: string,
  source = 'dataset',
  options: { requireTags: boolean } = { requireTags: true }
): LabelledItem[] {
  const items: LabelledItem[] = []
  jsonl.split('\n').forEach((line, i) => {
    if (!line.trim()) return
    const row = JSON.parse(line) as LabelledItem
    const bad =
      typeof row.id !== 'string' ||
      typeof row.title !== 'string' ||
      (row.label !== 'controversy' && row.label !== 'not') ||
      !Array.isArray(row.tags) ||
      (row.label === 'controversy' &&
        ((options.requireTags && row.tags.length === 0) ||
          row.tags.some((t) => !CONTROVERSY_TAGS.includes(t as ControversyTag))))
    if (bad) throw new Error(`${source}:${i + 1}: malformed example`)
    items.push(row)
  })
  return items
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash
}

/**
 * Whether an example belongs to the held-out dev split (about one in five, fixed by a hash of its
 * id, so adding examples never moves old ones between splits).
 *
 * @example
 * isDevExample('en-c-001') // true or false, always the same
 */
export function isDevExample(id: string): boolean {
  return fnv1a(id) % 5 === 0
}
