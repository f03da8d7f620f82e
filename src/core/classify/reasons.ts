import type { CueHit, CueName } from './cues.js'
import { DOUBT_CUES, type Analysis } from './features.js'

const MAX_REASONS = 3

/** How much the model credits one cue hit: its group, its group's place, its word. */
export type CueWeight = (hit: CueHit) => number

/** Names of the benchmarks an item mentions, each once, in order. */
function benchmarkNames(analysis: Analysis): string[] {
  const names: string[] = []
  for (const e of analysis.entities) {
    if (e.kind === 'benchmark' && !names.includes(e.name)) names.push(e.name)
  }
  return names
}

function subject(analysis: Analysis): string {
  const benchmarks = benchmarkNames(analysis)
  if (benchmarks.length > 0) return benchmarks.slice(0, 2).join(', ')
  return analysis.signals.has('doubtAboutEvaluation') ? 'a benchmark result' : 'the results'
}

function quote(analysis: Analysis, from: number, to: number): string {
  return analysis.words.slice(from, to + 1).join(' ')
}

function negatedConfirmation(analysis: Analysis): string | undefined {
  for (const hit of analysis.cues) {
    if (hit.name !== 'confirm') continue
    for (const n of analysis.cues) {
      if (n.name === 'negation' && n.word < hit.word && hit.word - n.word <= 3) {
        return quote(analysis, n.word, hit.word)
      }
    }
  }
  return undefined
}

/**
 * Short human-readable signals behind a decision, strongest first (at most three), e.g.
 * "claimed vs measured scores for MMLU" or "'inflated' about MMLU".
 *
 * @example
 * explain(analyse({ title: 'MMLU score inflated, researchers say' }), 'controversy')
 * // ["'inflated' about MMLU"]
 */
export function explain(
  analysis: Analysis,
  label: 'controversy' | 'not',
  weightOf: CueWeight = () => 1
): string[] {
  const reasons: string[] = []
  const { signals, cues } = analysis
  const names = new Set<CueName>()
  for (const hit of cues) names.add(hit.name)
  if (label === 'controversy') {
    const benchmarks = benchmarkNames(analysis)
    if (
      signals.has('benchmarkNearNumber') &&
      signals.has('severalScores') &&
      (names.has('claim') || names.has('independent') || names.has('inflated'))
    ) {
      reasons.push(`claimed vs measured scores for ${benchmarks.slice(0, 3).join(', ')}`)
    }
    const negated = negatedConfirmation(analysis)
    if (negated) reasons.push(`independent check does not confirm the claim ('${negated}')`)
    // The words the model itself weighs most, one per cue group, strongest first.
    const seen = new Set<CueName>()
    const doubts: { hit: CueHit; weight: number }[] = []
    for (const hit of cues)
      if (DOUBT_CUES.has(hit.name)) doubts.push({ hit, weight: weightOf(hit) })
    doubts.sort((a, b) => b.weight - a.weight || a.hit.word - b.hit.word)
    for (const { hit } of doubts) {
      if (reasons.length >= MAX_REASONS) break
      if (seen.has(hit.name) || reasons.some((r) => r.includes(hit.surface))) continue
      seen.add(hit.name)
      reasons.push(`'${hit.surface}' about ${subject(analysis)}`)
    }
    if (reasons.length === 0) reasons.push('wording close to known benchmark controversies')
    return reasons.slice(0, MAX_REASONS)
  }
  const confirm = cues.find((c: CueHit) => c.name === 'confirm')
  if (signals.has('plainConfirmation') && confirm && names.has('independent')) {
    reasons.push(`independent check confirms the claim ('${confirm.surface}')`)
  }
  if (signals.has('launchWithoutDoubt'))
    reasons.push('announcement, no doubt raised about the results')
  if (signals.has('otherScandalWithoutEvaluation')) {
    reasons.push('about something other than benchmark results')
  }
  if (reasons.length === 0) {
    const doubt = cues.find((c) => DOUBT_CUES.has(c.name))
    if (!doubt) reasons.push('no doubt raised about benchmark results')
    else if (!signals.has('doubtNearEvaluation')) {
      reasons.push(`'${doubt.surface}' is not said of a benchmark result`)
    } else reasons.push(`'${doubt.surface}' too weak a sign of a benchmark controversy`)
  }
  return reasons.slice(0, MAX_REASONS)
}

const SUBJECTS_RU: Record<string, string> = {
  'a benchmark result': 'результате бенчмарка',
  'the results': 'результатах',
}

// The classifier stores its reasons as English sentences (they are also what the CLI prints);
// this maps each of the fixed templates above to Russian, so Russian chats never see English.
// Anything else (an LLM's own words) is returned unchanged.
const RUSSIAN: ReadonlyArray<readonly [RegExp, (m: RegExpExecArray) => string]> = [
  [/^claimed vs measured scores for (.+)$/, (m) => `заявленные и измеренные результаты по ${m[1]}`],
  [
    /^independent check does not confirm the claim \('(.+)'\)$/,
    (m) => `независимая проверка не подтверждает заявление («${m[1]}»)`,
  ],
  [
    /^independent check confirms the claim \('(.+)'\)$/,
    (m) => `независимая проверка подтверждает заявление («${m[1]}»)`,
  ],
  [/^'(.+)' about (.+)$/, (m) => `«${m[1]}» — о ${SUBJECTS_RU[m[2]!] ?? m[2]}`],
  [
    /^wording close to known benchmark controversies$/,
    () => 'формулировки, типичные для споров о бенчмарках',
  ],
  [/^announcement, no doubt raised about the results$/, () => 'анонс, без сомнений в результатах'],
  [/^about something other than benchmark results$/, () => 'не о результатах бенчмарков'],
  [/^no doubt raised about benchmark results$/, () => 'сомнений в результатах бенчмарков нет'],
  [
    /^'(.+)' is not said of a benchmark result$/,
    (m) => `«${m[1]}» сказано не о результате бенчмарка`,
  ],
  [
    /^'(.+)' too weak a sign of a benchmark controversy$/,
    (m) => `«${m[1]}» — слишком слабый признак спора о бенчмарке`,
  ],
]

/**
 * A classifier reason in the chat's language. Reasons are kept in English (the CLI contract);
 * Russian chats get the same reason in Russian, with the quoted words left as the source wrote
 * them.
 *
 * @example
 * localizeReason("'inflated' about MMLU", 'ru') // '«inflated» — о MMLU'
 */
export function localizeReason(reason: string, lang: 'en' | 'ru'): string {
  if (lang === 'en') return reason
  for (const [pattern, render] of RUSSIAN) {
    const m = pattern.exec(reason)
    if (m) return render(m)
  }
  return reason
}
