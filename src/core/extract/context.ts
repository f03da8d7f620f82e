import { findEntities, resolveBenchmark, resolveModel } from '../entities.js'
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
  for (const e of findEntities(text)) {
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
