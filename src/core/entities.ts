import benchmarkData from '../../data/entities/benchmarks.json' with { type: 'json' }
import modelData from '../../data/entities/models.json' with { type: 'json' }
import orgData from '../../data/entities/orgs.json' with { type: 'json' }

/** What an entity is: an AI model, a benchmark or an organisation. */
export type EntityKind = 'model' | 'benchmark' | 'org'

/** One mention of a known (or model-like) name in a text. */
export interface Entity {
  kind: EntityKind
  /** Canonical id, e.g. `llama-4-maverick`; derived from the name for unknown models. */
  id: string
  /** Display name, e.g. `Llama 4 Maverick`; the surface itself for unknown models. */
  name: string
  /** The text as written. */
  surface: string
  /** UTF-16 offsets of the surface in the text: `text.slice(start, end) === surface`. */
  start: number
  end: number
}

/** A row of the alias tables in `data/entities/*.json`. */
export interface EntityRecord {
  id: string
  name: string
  aliases: string[]
  /** Aliases that only count when written exactly so ("MATH", not "math"). */
  caseSensitiveAliases?: string[]
  /** The family or base this one is a variant of: `llama-4-maverick` → `llama-4`. */
  parent?: string
  org?: string
}

interface Token {
  key: string
  start: number
  end: number
}

interface Terminal {
  kind: EntityKind
  record: EntityRecord
  /** Set for case-sensitive aliases: the surface must equal it. */
  exact?: string
}

interface TrieNode {
  next: Map<string, TrieNode>
  terminals: Terminal[]
}

// Letters and digits are split into separate tokens ("Llama4" → llama, 4) and separators are
// dropped, so "Llama-4", "Llama 4", "LLaMA4" all become the same token sequence.
const TOKEN = /\p{L}+|\p{N}+(?:\.\p{N}+)*|\+/gu
const ALNUM = /[\p{L}\p{N}]/u

function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  // Lower-casing the whole text once gives each token's key by slicing, unless a character
  // lower-cases to another length (İ) or by context (Σ at a word's end).
  const lower = text.toLowerCase()
  const aligned = lower.length === text.length && !text.includes('Σ')
  const folded = lower.includes('ё') ? lower.replace(/ё/g, 'е') : lower
  TOKEN.lastIndex = 0
  for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) {
    const end = m.index + m[0].length
    let key: string
    if (aligned) key = folded.slice(m.index, end)
    else {
      const tokenLower = m[0].toLowerCase()
      key = tokenLower.includes('ё') ? tokenLower.replace(/ё/g, 'е') : tokenLower
    }
    tokens.push({ key, start: m.index, end })
  }
  return tokens
}

function aliasKey(alias: string): string {
  const tokens = tokenize(alias)
  let key = ''
  for (let i = 0; i < tokens.length; i++) key += (i > 0 ? ' ' : '') + (tokens[i] as Token).key
  return key
}

const models = modelData as EntityRecord[]
const benchmarks = benchmarkData as EntityRecord[]
const orgs = orgData as EntityRecord[]

const byKind: Record<EntityKind, Map<string, EntityRecord>> = {
  model: new Map(models.map((r) => [r.id, r])),
  benchmark: new Map(benchmarks.map((r) => [r.id, r])),
  org: new Map(orgs.map((r) => [r.id, r])),
}

function buildTrie(kind: EntityKind, records: EntityRecord[]): TrieNode {
  const root: TrieNode = { next: new Map(), terminals: [] }
  const add = (alias: string, terminal: Terminal) => {
    let node = root
    for (const token of tokenize(alias)) {
      let child = node.next.get(token.key)
      if (!child) {
        child = { next: new Map(), terminals: [] }
        node.next.set(token.key, child)
      }
      node = child
    }
    if (node !== root) node.terminals.push(terminal)
  }
  for (const record of records) {
    for (const alias of new Set([record.name, ...record.aliases])) {
      if (record.caseSensitiveAliases?.includes(alias)) continue
      add(alias, { kind, record })
    }
    for (const alias of record.caseSensitiveAliases ?? [])
      add(alias, { kind, record, exact: alias })
  }
  return root
}

const tries: [EntityKind, TrieNode][] = [
  ['benchmark', buildTrie('benchmark', benchmarks)],
  ['model', buildTrie('model', models)],
  ['org', buildTrie('org', orgs)],
]

function isGluedBefore(text: string, index: number): boolean {
  return index > 0 && ALNUM.test(text[index - 1] as string)
}

function isGluedAfter(text: string, index: number): boolean {
  return index < text.length && ALNUM.test(text[index] as string)
}

const PLUS = 43

// The first trie node of each kind (benchmark, model, org, as in `tries`) by first token: one
// lookup per token tells which kinds a name could start there. Most tokens start none.
const FIRST_NODES = new Map<string, (TrieNode | undefined)[]>()
tries.forEach(([, root], kindIndex) => {
  for (const [key, node] of root.next) {
    let nodes = FIRST_NODES.get(key)
    if (!nodes) FIRST_NODES.set(key, (nodes = [undefined, undefined, undefined]))
    nodes[kindIndex] = node
  }
})

function knownMatches(
  text: string,
  tokens: Token[],
  firstNodes: ((TrieNode | undefined)[] | undefined)[],
  kindIndex: number
): Entity[] {
  const kind = (tries[kindIndex] as [EntityKind, TrieNode])[0]
  const found: Entity[] = []
  for (let i = 0; i < tokens.length; i++) {
    const first = tokens[i] as Token
    let node: TrieNode | undefined = firstNodes[i]?.[kindIndex]
    if (!node || isGluedBefore(text, first.start)) continue
    let best: Entity | undefined
    for (let j = i; j < tokens.length && node; j++) {
      if (j > i) node = node.next.get((tokens[j] as Token).key)
      if (!node || node.terminals.length === 0) continue
      const end = (tokens[j] as Token).end
      if (isGluedAfter(text, end) && text.charCodeAt(end) !== PLUS) continue
      const surface = text.slice(first.start, end)
      const terminal = node.terminals.find((t) => t.exact === undefined || t.exact === surface)
      if (terminal) {
        const { id, name } = terminal.record
        best = { kind, id, name, surface, start: first.start, end }
      }
    }
    if (best) found.push(best)
  }
  return found
}

const FAMILY_KEYS = new Map(
  models
    .filter((r) => !r.parent)
    .flatMap((r) => [r.name, ...r.aliases].map((a) => [aliasKey(a), r]))
)
const NOT_MODELS = new Set([
  'covid',
  'sars',
  'utf',
  'iso',
  'windows',
  'ios',
  'iphone',
  'pixel',
  'galaxy',
  'top',
  'mp',
  'rtx',
  'gtx',
  'ddr',
  'usb',
  'h',
  'a',
  'b',
  'f',
  'su',
  'ms',
  'bs',
  'tu',
  'ил',
  'ту',
  'ан',
  'ка',
])
const SIZE_OR_DECIMAL = /\d\.\d|\d[bmkt]\b|x\d+b/i
// "Foo-7B", "X-2.5-Pro", "Qwen3-Next-80B", "Grok-5": a capitalised name joined to a version.
// A bare integer version ("F-35", "UTF-8") only counts after a known model family.
const MODEL_LIKE =
  /(?<![\p{L}\p{N}-])([A-Z][A-Za-z]{0,20}(?:-[A-Z][A-Za-z]+)*)(?:[- ]|(?<=[A-Za-z])(?=\d))(\d+(?:\.\d+)?(?:[BbMmKkTt]|x\d+[Bb])?)((?:-[A-Za-z0-9][A-Za-z0-9.]*)*)(?![\p{L}\p{N}])/gu
const VARIANT_WORD =
  /^(pro|flash|mini|max|ultra|turbo|sonnet|opus|haiku|instruct|coder|thinking|heavy|nano|lite|plus|preview|chat|base|vl|next)$/i

// Sticky: matches only right where a model-like name ends.
const VARIANT_AFTER = / ([A-Z][a-z]+)/y

/** Turns a model name into an id: `X-2.5 Pro` → `x-2.5-pro`. */
function deriveId(surface: string): string {
  return surface
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
    .replace(/-+/g, '-')
}

const DIGIT = /\d/

function modelLikeMatches(text: string): Entity[] {
  const found: Entity[] = []
  // Every model-like name carries a version number; most texts without digits are done here.
  if (!DIGIT.test(text)) return found
  for (const m of text.matchAll(MODEL_LIKE)) {
    const [whole, name = '', version = '', suffix = ''] = m
    const nameKey = aliasKey(name)
    if (NOT_MODELS.has(nameKey)) continue
    const spaced = whole.charAt(name.length) === ' '
    const knownFamily = FAMILY_KEYS.has(nameKey)
    if (spaced && !knownFamily) continue
    if (!knownFamily && !SIZE_OR_DECIMAL.test(version) && !suffix) continue
    let surface = whole
    // "Grok 5 Pro": a spaced variant word after a family version belongs to the name.
    VARIANT_AFTER.lastIndex = m.index + whole.length
    const after = VARIANT_AFTER.exec(text)
    if (knownFamily && after && VARIANT_WORD.test(after[1] as string)) surface += after[0]
    found.push({
      kind: 'model',
      id: deriveId(surface),
      name: surface,
      surface,
      start: m.index,
      end: m.index + surface.length,
    })
  }
  return found
}

function overlaps(a: Entity, b: Entity): boolean {
  return a.start < b.end && b.start < a.end
}

/** Keeps the longest of overlapping mentions of one kind, earliest first. */
function longestFirst(candidates: Entity[]): Entity[] {
  const longestEarliest = [...candidates].sort(
    (a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start
  )
  const kept: Entity[] = []
  for (const candidate of longestEarliest) {
    if (!kept.some((k) => overlaps(k, candidate))) kept.push(candidate)
  }
  return kept.sort((a, b) => a.start - b.start)
}

/**
 * Every model, benchmark and organisation named in a text, in order of appearance. Matching
 * ignores case and separators ("Llama-4" = "LLaMA 4"), keeps the longest name ("Llama 4
 * Maverick", not "Llama 4"), and also reports unknown model-like names ("Foo-7B",
 * "X-2.5-Pro") under an id derived from the name.
 *
 * @example
 * findEntities('Llama-4 Maverick набрала 86,5% на MMLU').map((e) => e.id)
 * // ['llama-4-maverick', 'mmlu']
 */
export function findEntities(text: string): Entity[] {
  const tokens = tokenize(text)
  const firstNodes: ((TrieNode | undefined)[] | undefined)[] = []
  for (const token of tokens) firstNodes.push(FIRST_NODES.get(token.key))
  const benchmarkHits = longestFirst(knownMatches(text, tokens, firstNodes, 0))
  const modelCandidates = [
    ...knownMatches(text, tokens, firstNodes, 1),
    ...modelLikeMatches(text),
  ].filter((m) => !benchmarkHits.some((b) => overlaps(b, m)))
  const modelHits = longestFirst(modelCandidates).map((m) => {
    // A pattern hit that spells a known alias ("GPT-4o" found twice) keeps the known record.
    const known = byKind.model.get(m.id)
    return known ? { ...m, name: known.name } : m
  })
  const orgHits = longestFirst(knownMatches(text, tokens, firstNodes, 2))
  return benchmarkHits
    .concat(modelHits, orgHits)
    .sort((a, b) => a.start - b.start || a.kind.localeCompare(b.kind))
}

function resolve(kind: 'model' | 'benchmark', name: string): { id: string; name: string } | null {
  const trimmed = name.trim()
  if (!trimmed) return null
  const direct = byKind[kind].get(trimmed.toLowerCase())
  if (direct) return { id: direct.id, name: direct.name }
  const whole = findEntities(trimmed).find(
    (e) => e.kind === kind && e.start === 0 && e.end === trimmed.length
  )
  if (!whole) return null
  if (byKind[kind].has(whole.id)) return { id: whole.id, name: whole.name }
  // An unknown name one typo away from a known one is more likely the typo than a new model.
  const near = suggestModels(trimmed, 1)[0]
  if (near && distance(compactKey(trimmed), compactKey(near.name)) <= 1) return null
  return { id: whole.id, name: whole.name }
}

/**
 * The canonical model a user means by a name or alias, or null when it names no model.
 * Unknown but model-like names ("Foo-7B") resolve to an id derived from the name.
 *
 * @example
 * resolveModel('LLaMA-4') // { id: 'llama-4', name: 'Llama 4' }
 * resolveModel('Lama 4')  // null (use suggestModels)
 */
export function resolveModel(name: string): { id: string; name: string } | null {
  return resolve('model', name)
}

/**
 * The canonical benchmark a user means by a name or alias, or null.
 *
 * @example
 * resolveBenchmark('swe bench verified') // { id: 'swe-bench-verified', name: 'SWE-bench Verified' }
 */
export function resolveBenchmark(name: string): { id: string; name: string } | null {
  return resolve('benchmark', name)
}

function compactKey(name: string): string {
  return tokenize(name)
    .map((t) => t.key)
    .join('')
}

/** Optimal-string-alignment distance: Levenshtein plus adjacent swaps ("lamma" ↔ "llama"). */
function distance(a: string, b: string): number {
  const rows = a.length + 1
  const cols = b.length + 1
  const d: number[] = new Array<number>(rows * cols).fill(0)
  for (let i = 0; i < rows; i++) d[i * cols] = i
  for (let j = 0; j < cols; j++) d[j] = j
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let v = Math.min(
        d[(i - 1) * cols + j]! + 1,
        d[i * cols + j - 1]! + 1,
        d[(i - 1) * cols + j - 1]! + cost
      )
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, d[(i - 2) * cols + j - 2]! + 1)
      }
      d[i * cols + j] = v
    }
  }
  return d[rows * cols - 1]!
}

function suggest(
  records: EntityRecord[],
  name: string,
  limit: number
): { id: string; name: string }[] {
  const query = compactKey(name)
  if (!query) return []
  const maxDistance = Math.max(1, Math.floor(query.length / 3))
  const scored: { record: EntityRecord; score: number }[] = []
  for (const record of records) {
    let best = Infinity
    for (const alias of [record.name, ...record.aliases, ...(record.caseSensitiveAliases ?? [])]) {
      const key = compactKey(alias)
      // A query that is the start of a name ("gemini 2") is a near miss too.
      const d = key.startsWith(query) && query.length >= 3 ? 0.5 : distance(query, key)
      if (d < best) best = d
    }
    if (best <= maxDistance) scored.push({ record, score: best })
  }
  return scored
    .sort((a, b) => a.score - b.score || a.record.name.length - b.record.name.length)
    .slice(0, limit)
    .map(({ record }) => ({ id: record.id, name: record.name }))
}

/**
 * Known models whose name or alias is close to a misspelt one, best first, for "did you mean".
 *
 * @example
 * suggestModels('Lama 4', 2) // [{ id: 'llama-4', name: 'Llama 4' }, …]
 */
export function suggestModels(name: string, limit = 5): { id: string; name: string }[] {
  return suggest(models, name, limit)
}

/**
 * Known benchmarks close to a misspelt name, best first.
 *
 * @example
 * suggestBenchmarks('GSM8', 1) // [{ id: 'gsm8k', name: 'GSM8K' }]
 */
export function suggestBenchmarks(name: string, limit = 5): { id: string; name: string }[] {
  return suggest(benchmarks, name, limit)
}

function ancestry(kind: 'model' | 'benchmark', id: string): string[] {
  const table = byKind[kind]
  const chain: string[] = []
  let current: string | undefined = id
  if (!table.has(id)) {
    chain.push(id)
    // Unknown ids hang under the longest known id they start with: "qwen3-next-80b" → "qwen3".
    const parts = id.split('-')
    current = undefined
    for (let n = parts.length - 1; n > 0; n--) {
      const prefix = parts.slice(0, n).join('-')
      if (table.has(prefix)) {
        current = prefix
        break
      }
    }
  }
  while (current && !chain.includes(current)) {
    chain.push(current)
    current = table.get(current)?.parent
  }
  return chain
}

/**
 * Whether a mention of `entityId` belongs to the subscribed model `topicId`: the model itself or
 * one of its variants (a subscription to `llama-4` gets `llama-4-maverick`, not the reverse).
 *
 * @example
 * modelMatches('llama-4', 'llama-4-maverick') // true
 * modelMatches('llama-4-maverick', 'llama-4') // false
 */
export function modelMatches(topicId: string, entityId: string): boolean {
  return ancestry('model', entityId).includes(topicId)
}

/**
 * Like {@link modelMatches} for benchmarks: `swe-bench` covers `swe-bench-verified`.
 *
 * @example
 * benchmarkMatches('swe-bench', 'swe-bench-verified') // true
 */
export function benchmarkMatches(topicId: string, entityId: string): boolean {
  return ancestry('benchmark', entityId).includes(topicId)
}

/**
 * The alias-table record of a known entity, or undefined.
 *
 * @example
 * entityRecord('model', 'llama-4-maverick')?.parent // 'llama-4'
 */
export function entityRecord(kind: EntityKind, id: string): EntityRecord | undefined {
  return byKind[kind].get(id)
}
