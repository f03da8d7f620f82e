import {
  entityRecord,
  findEntities,
  resolveBenchmark,
  resolveModel,
  type Entity,
} from '../entities.js'
import type { Mention, ModelRef } from './types.js'

/** Model and benchmark mentions of one text, found once and shared by the extractors. */
export interface Mentions {
  models: Mention[]
  benchmarks: Mention[]
  orgs: Mention[]
}

/** Models and benchmarks named in a text, through the project's alias tables. */
export function mentionsIn(text: string): Mentions {
  const models: Mention[] = []
  const benchmarks: Mention[] = []
  const orgs: Mention[] = []
  const entities = findEntities(text).map((e) =>
    e.kind === 'model' ? withNameContinued(text, e) : e
  )
  // Most texts have no spaced unknown name; the digit-and-space test keeps them cheap.
  const all = /[A-Za-z] \d/.test(text)
    ? [...entities, ...spacedModelLike(text, entities)].sort((a, b) => a.start - b.start)
    : entities
  for (const e of all) {
    // A sentence's full stop can trail a model-like name ("Qwen3-32B.").
    const trailing = e.kind === 'model' && /\.$/.test(e.name) ? 1 : 0
    const mention = {
      id: trailing ? e.id.replace(/\.$/, '') : e.id,
      name: trailing ? e.name.slice(0, -1) : e.name,
      start: e.start,
      end: e.end - trailing,
    }
    if (e.kind === 'model') models.push(mention)
    else if (e.kind === 'benchmark') benchmarks.push(mention)
    else orgs.push(mention)
  }
  return { models, benchmarks, orgs }
}

// What the alias tables leave off a model's name: a version after a name without one ("Mistral
// Small" + " 3.1"), and a variant word after an unknown name's version ("Foo-2.5" + " Pro"). These
// digits name the model and must never be read as a score. Sizes ("Gemma 3 27B") stay with the
// family the tables name, as the tables group them.
const VARIANT = String.raw`(?:Pro|Max|Mini|Lite|Flash|Ultra|Turbo|Instruct|Thinking|Plus|Nano|Preview|Chat|Coder|Heavy)(?![\p{L}\p{N}])`
const NAME_CONTINUATION = new RegExp(
  String.raw`^[ -](?:(\d(?:\.\d{1,2})?)(?![\p{L}\p{N}%]|[.,]\d)(?:[ -]${VARIANT})?|${VARIANT})`,
  'u'
)
// "Foo 2.5 Pro": a capitalised name, a version and a variant word, outside the alias tables.
const SPACED_MODEL_LIKE = new RegExp(
  String.raw`(?<![\p{L}\p{N}-])[A-Z][A-Za-z]{1,20} \d(?:\.\d{1,2})? ${VARIANT}`,
  'gu'
)

function withNameContinued(text: string, e: Entity): Entity {
  const next = text.charAt(e.end)
  if (next !== ' ' && next !== '-') return e
  const continued = NAME_CONTINUATION.exec(text.slice(e.end, e.end + 24))
  if (!continued) return e
  // A bare version only continues a name that has none ("Llama 4 86.5" is a score).
  if (continued[1] !== undefined && /\d/.test(text.slice(e.start, e.end))) return e
  // A variant word alone continues only an unknown name that ends in its version ("Foo-2.5" +
  // " Pro"); the tables spell the known variants out.
  if (continued[1] === undefined && (!/\d$/.test(e.surface) || entityRecord('model', e.id)))
    return e
  const surface = text.slice(e.start, e.end + continued[0].length)
  return { ...e, ...modelRecordOf(surface), surface, end: e.start + surface.length }
}

function modelRecordOf(surface: string): { id: string; name: string } {
  const known = resolveModel(surface)
  return known ?? { id: surface.toLowerCase().replace(/[\s_]+/g, '-'), name: surface }
}

function spacedModelLike(text: string, found: Entity[]): Entity[] {
  const extra: Entity[] = []
  SPACED_MODEL_LIKE.lastIndex = 0
  for (let m = SPACED_MODEL_LIKE.exec(text); m; m = SPACED_MODEL_LIKE.exec(text)) {
    const start = m.index
    const end = start + m[0].length
    if (found.some((e) => e.start < end && e.end > start)) continue
    extra.push({ kind: 'model', ...modelRecordOf(m[0]), surface: m[0], start, end })
  }
  return extra
}

/** The canonical model for a name (alias tables, then the model-like pattern), or null. */
export function modelNamed(name: string): ModelRef | null {
  const resolved = resolveModel(name)
  if (resolved) return resolved
  const found = mentionsIn(name).models[0]
  return found ? { id: found.id, name: found.name } : null
}

// Conditions sources write next to a benchmark name: "MMLU (5-shot)", "HumanEval pass@1".
const CONDITIONS =
  /\s*[([]([^)\]]*)[)\]]\s*|\s+((?:\d+-shot|zero-shot|few-shot|pass@\d+|maj@\d+|cons@\d+|CoT|no CoT|with tools|без инструментов|с инструментами)(?:[ ,]+(?:\d+-shot|pass@\d+|maj@\d+|CoT))*)\s*$/i
const FOOTNOTE_MARKS = /(?:\[\s*\w{1,3}\s*\]|[*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰]+)\s*$/u

/**
 * Splits a benchmark label into the benchmark and the conditions written with it, and resolves
 * the name through the alias tables. Unknown labels are kept as written.
 */
export function benchmarkFromLabel(
  label: string
): { name: string; id: string; conditions?: string } | null {
  let text = label.replace(FOOTNOTE_MARKS, '').trim()
  let conditions: string | undefined
  const match = CONDITIONS.exec(text)
  if (match) {
    const inner = (match[1] ?? match[2] ?? '').trim()
    const known = resolveBenchmark(text.slice(0, match.index).trim())
    if (inner && (known || match[2])) {
      conditions = inner
      text = (text.slice(0, match.index) + ' ' + text.slice(match.index + match[0].length)).trim()
    }
  }
  text = text
    .replace(FOOTNOTE_MARKS, '')
    .replace(/[:\s]+$/, '')
    .trim()
  if (!text || !/\p{L}/u.test(text) || text.length > 60) return null
  const known = resolveBenchmark(text) ?? mentionsIn(text).benchmarks[0] ?? null
  const name = known?.name ?? text
  const id =
    known?.id ??
    text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}.+]+/gu, '-')
      .replace(/^-|-$/g, '')
  return conditions ? { name, id, conditions } : { name, id }
}
