/**
 * Words that mark a number as the vendor's claim, an independent measurement or a difference,
 * in English and Russian. Russian forms are matched by stem-like prefixes so every case ending
 * ("заявленный", "заявленные", "заявлено") is covered without a morphology library.
 */

import orgData from '../../../data/entities/orgs.json' with { type: 'json' }

// "74.3 (Meta) vs. 68.0 (our run)", "Microsoft: 80,4%": a vendor's name in brackets or before a
// colon attributes the figure to the vendor. Evaluators (Epoch AI, LMSYS…) are measurements.
const EVALUATOR_ORGS = new Set([
  'epoch-ai',
  'lmsys',
  'scale-ai',
  'hugging-face',
  'arc-prize-foundation',
  'artificial-analysis',
])
/** Every alias of the organisations that publish their own models' scores (not evaluators). */
export const VENDOR_ALIASES: readonly string[] = (orgData as { id: string; aliases: string[] }[])
  .filter((org) => !EVALUATOR_ORGS.has(org.id))
  .flatMap((org) => org.aliases)
const VENDORS = new Set(VENDOR_ALIASES.map((alias) => alias.toLowerCase()))
const VENDOR_LENGTHS = [...new Set([...VENDORS].map((v) => v.length))]
const BRACKETED_CLAIM = new Set([
  'vendor',
  'company',
  'official',
  'claimed',
  'заявлено',
  'официально',
])
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u

// Looked up at each bracket and colon rather than by one long alternation, which would be tried at
// every position of every text.
function collectVendorAttributions(text: string, into: Cue[], firstOnly = false): void {
  for (let i = text.indexOf('('); i >= 0; i = text.indexOf('(', i + 1)) {
    const close = text.indexOf(')', i)
    if (close < 0 || close - i > 40) continue
    const inner = text.slice(i + 1, close).trim()
    if (VENDORS.has(inner) || BRACKETED_CLAIM.has(inner)) {
      into.push({ role: 'claimed', start: i, end: close + 1, strong: false })
      if (firstOnly) return
    }
  }
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) {
    for (const length of VENDOR_LENGTHS) {
      const start = i - length
      if (start < 0 || (start > 0 && LETTER_OR_DIGIT.test(text[start - 1]!))) continue
      if (!VENDORS.has(text.slice(start, i))) continue
      into.push({ role: 'claimed', start, end: i + 1, strong: false })
      if (firstOnly) return
      break
    }
  }
}

/** The role a header or a clause gives its numbers. */
export type CueRole = 'claimed' | 'measured' | 'diff'

export interface Cue {
  role: CueRole
  start: number
  end: number
  /** Strong cues ("independent", "reproduced") beat weak ones ("says", "found") in one phrase. */
  strong: boolean
}

const CLAIMED_STRONG =
  /\b(?:claim(?:s|ed|ing)?|self[- ]reported|officially|official|advertis(?:es|ed|ing)|announced|announcement|marketed|marketing|billed|pitched|vendor|promised|tout(?:s|ed|ing)?|boast(?:s|ed|ing)?|brag(?:s|ged|ging)?|promot(?:es|ed|ing)|headline|(?:'s|’s) (?:own )?(?:figures?|numbers?|scores?|charts?|slides?|claims?)|(?:'s|’s) own (?:results?|evals?|evaluations?|benchmarks?)|manufacturer(?:'s|’s)? (?:data|figures?|numbers?|scores?|claims?|specs?)|pegs|pegged|on paper|highlight(?:s|ed|ing)|launch (?:event|video|slides?|charts?|livestream|day|materials)|livestream|launch stream|keynote|spec sheet|(?:measured|tested|evaluated|benchmarked) by (?:the )?(?:company|vendor|developers?|lab itself|maker)|(?:(?:measured|tested|evaluated|benchmarked) (?:in|with|on|by) )?(?:its|their) own (?:evaluations?|evals?|tests?|testing|benchmarks?|harness|numbers|figures)|credit(?:s|ed) (?:[\p{L}\p{N}.-]+ ){1,4}with|(?:reproduce|replicate|verify|match)\s+(?:the|their|its|a)(?:\s+(?:claimed|reported|published|official))?)\b|заяв\p{L}*|официальн\p{L}*|анонс\p{L}*|обещан\p{L}*|обещал\p{L}*|рапорт\p{L}*|отчитал\p{L}*|уверя\p{L}*|заверени\p{L}*|если верить|называ\p{L}* (?:цифр|результат|показател)\p{L}*|отрапортовал\p{L}*|хвастал\p{L}*|хвал(?:ит|ил|ят|я)\p{L}*|приписыва\p{L}*|декларир\p{L}*|на презентаци\p{L}*|в (?:блоге|релизе|анонсе) \p{L}*|пресс-релиз\p{L}*|согласно (?:пресс-релизу|заявлению|данным компании)|рекламн\p{L}*|по (?:данным|версии|словам) (?!независим|наш|сторонн|исследовател|тест|провер|замер|аудит|эксперт|пользовател)\p{L}+|от разработчик\p{L}*|на бумаге|(?:данн|цифр|показател|сведени)\p{L}* (?:производител|разработчик|вендор)\p{L}*|в анонсе|в пресс-релизе|утвержда\p{L}*/gu
const CLAIMED_WEAK =
  /\b(?:reported|reports|report(?=\s+(?:of|says))|paper|model card|system card|technical report|tech report|press release|launch(?:ed)? (?:post|blog)|blog post|stated|states|says|said|published|blog|lists|listed|cites|cited|quotes|quoted|(?:puts?|pegs|pegged) (?:the|its)|according to (?:the )?(?:company|developer|lab|meta|openai|google|anthropic|xai|deepseek|alibaba)|company'?s?|lab'?s? own|in-house|internal|according to the (?:announcement|launch post|release|model card))\b|в статье|в (?:\p{L}+ )?отч[её]те|указан\p{L}*|указал\p{L}*|говорит|говорят|говорится|указыва\p{L}*|сообщил\p{L}*|писал[аи]?|пишет|привод\p{L}+ (?:цифр|результат)\p{L}*|привод(?:ит|ят)|привел\p{L}*|привёл|автор\p{L}* (?:модели|работы|статьи|бенчмарка)|по словам компании|компани[яи] (?:сообщ|привод|указ)\p{L}*|в карточке модели/gu
const MEASURED_STRONG =
  /\b(?:independent(?:ly)?|third[- ]party|reproduc(?:ed|tions?|ing|e)|replicat(?:ed|ions?|ing|e)|re-?ran|re-?running|re-?run|re-?tested|re-?test|re-?evaluated|re-?measured|measured|measurements?|(?<!swe[- ]?bench[- ])verified|actual|actually|real[- ]world|real|ours|community (?:tests?|testing|evals?|runs?|members|testers|benchmarks?)|epoch ai|artificial analysis|vals\.? ?ai|seal leaderboard|arc prize(?: foundation)?|(?:our|my) (?:own )?(?:[\p{L}-]+ )?(?:simulations?|replications?|experiments?|checks?|trials?|cluster|gpus|hardware|machines?|servers?|infrastructure)|(?:our|my) (?:own )?(?:[\p{L}-]+ )?(?:rig|tally|count|scores?|results?|runs?|re-?runs?|replays?|evals?|evaluations?|numbers|figures|measurements?|tests?|testing|reproduction|harness|lab|bench|setup|hands)|audit(?:ed|ors?)?|external(?:ly)? (?:tests?|evaluation|testers|evaluators)|outside (?:testers|evaluators|researchers)|in practice|in reality)\b|независим\p{L}*|реальн\p{L}*|фактическ\p{L}*|(?<!\p{L})(?:по )?факт(?:у)?(?!\p{L})|воспроизв\p{L}*|перепровер\p{L}*|измерен\p{L}*|измерил\p{L}*|(?<!\p{L})замер\p{L}*|намерил\p{L}*|проверк\p{L}*|проверил\p{L}*|проверен[оаы]?(?!\p{L})|(?:наш|мо[йиеё])\p{L}* (?:собственн\p{L}* |личн\p{L}* )?(?:симуляц|эксперимент|результат|замер|прогон|тест|оценк|данн|подсч[её]т|расч[её]т|стенд|провер)\p{L}*|перезапуст\p{L}*|(?:при )?повторн\p{L}* (?:запуск|прогон|тест|замер|провер|оценк)\p{L}*|прогнал\p{L}*|прогнав|(?:получен|измерен|намерен)\p{L}* нами|у нас|на деле|на практике|в действительности|сторонн\p{L}*|внешн\p{L}* (?:тест|аудит|оценк|провер)\p{L}*|аудит\p{L}*/gu
const MEASURED_WEAK =
  /\b(?:found|finds|got|obtained|observed|tested|testers|testing|evaluators?|benchmarked|researchers|scored only|only|managed|came in at|lands at|landed at|saw|recorded|dropped to|fell to|falls to|clocked|obtain|we scored|we rated|we graded|public leaderboard|could not get|couldn't get|could only|the public (?:model|version|release)|ranks at|came out at|topped out at|sits at|sat at|settled at|settles at|(?:the|publicly) released (?:version|model|weights|checkpoint))\b|получил\p{L}*|получен\p{L}*|насчитал\p{L}*|показал\p{L}* лишь|лишь|только|всего|тестировщик\p{L}*|исследовател\p{L}*|оценил\p{L}*|упал\p{L}* до|снизил\p{L}* до|в тестах|вышл[оа]|увидел\p{L}*|запустил\p{L}*|протестировал\p{L}*|решено|публичн\p{L}* (?:рейтинг|лидерборд|верси)\p{L}*|сообществ\p{L}*|энтузиаст\p{L}*/gu
const DIFF =
  /[Δδ]|\b(?:diff(?:erence)?|delta|gap|change|discrepancy|shortfall|drop)\b|разниц\p{L}*|разрыв\p{L}*|расхожден\p{L}*|отклонени\p{L}*|дельта|падени\p{L}*/gu

const HEADER_MEASURED =
  /^\s*(?:us|we|ours|мы|нами|community(?: \p{L}+)?|lab(?: \p{L}+)?|retest|re-?test(?:ed)?|сообщество|лаборатория)\s*(?:\([^)]*\)|%)?\s*$/u
const HEADER_CLAIMED =
  /^\s*(?:company(?: \p{L}+)?|developer(?: \p{L}+)?|компания|разработчик\p{L}*)\s*(?:\([^)]*\)|%)?\s*$/u

// The cue patterns are written in lower case and matched without the `i` flag, which is several
// times faster on Cyrillic. Lower-casing keeps offsets for English and Russian; for the rare
// character whose lower case is longer ("İ"), the text is matched as written.
function lowerCase(text: string): string {
  const lower = text.toLowerCase()
  return lower.length === text.length ? lower : text
}

function collect(text: string, re: RegExp, role: CueRole, strong: boolean, into: Cue[]): void {
  re.lastIndex = 0
  for (let m = re.exec(text); m; m = re.exec(text)) {
    into.push({ role, start: m.index, end: m.index + m[0].length, strong })
  }
}

/**
 * Every claimed / measured / difference cue in a text, in order of position. Where a strong cue
 * and a weak one overlap, only the strong one is kept.
 *
 * @example
 * findCues('claimed 86.5%, independent tests found 71.2%').map((c) => c.role)
 * // ['claimed', 'measured', 'measured']
 */
export function findCues(text: string, withDiff = false): Cue[] {
  text = lowerCase(text)
  const cues: Cue[] = []
  collect(text, MEASURED_STRONG, 'measured', true, cues)
  collect(text, CLAIMED_STRONG, 'claimed', true, cues)
  collect(text, CLAIMED_WEAK, 'claimed', false, cues)
  collectVendorAttributions(text, cues)
  collect(text, MEASURED_WEAK, 'measured', false, cues)
  if (withDiff) collect(text, DIFF, 'diff', true, cues)
  // At one position the longer phrase wins: "reproduce the 63.8%" names the claim being checked,
  // while "reproduce" alone is the measuring side.
  cues.sort((a, b) => a.start - b.start || b.end - a.end || Number(b.strong) - Number(a.strong))
  const kept: Cue[] = []
  for (const cue of cues) {
    const last = kept[kept.length - 1]
    if (last && cue.start < last.end) continue
    kept.push(cue)
  }
  return kept
}

/**
 * The role of a table header cell: a difference column first (its header often names both sides,
 * "Δ (measured − claimed)"), then measured over claimed ("independently reported" is measured).
 *
 * @example
 * headerRole('Заявленный результат') // 'claimed'
 * headerRole('Our reproduction') // 'measured'
 * headerRole('GPT-4o') // null
 */
export function headerRole(header: string): CueRole | null {
  const text = header.toLowerCase()
  DIFF.lastIndex = 0
  if (DIFF.test(text) || /^\s*[+-]?\/?-?\s*$/.test(text)) {
    if (text.trim()) return 'diff'
  }
  const cues = findCues(text)
  if (cues.length === 0) {
    // Words too common in prose to be cues, but clear as a column's whole header.
    if (HEADER_MEASURED.test(text)) return 'measured'
    if (HEADER_CLAIMED.test(text)) return 'claimed'
    return null
  }
  const strong = cues.filter((c) => c.strong)
  const pool = strong.length > 0 ? strong : cues
  if (pool.some((c) => c.role === 'measured')) return 'measured'
  return 'claimed'
}

/** True when a text has any claimed cue at all: extraction skips texts that have none. */
export function mentionsClaim(text: string): boolean {
  text = lowerCase(text)
  CLAIMED_STRONG.lastIndex = 0
  CLAIMED_WEAK.lastIndex = 0
  if (CLAIMED_STRONG.test(text) || CLAIMED_WEAK.test(text)) return true
  const found: Cue[] = []
  collectVendorAttributions(text, found, true)
  return found.length > 0
}

/** True when a text has a measured cue or a difference word. */
export function mentionsMeasuredOrDiff(text: string): boolean {
  return mentionsMeasured(text) || mentionsDiff(text)
}

/** True when a text has a measured cue. */
export function mentionsMeasured(text: string): boolean {
  text = lowerCase(text)
  for (const re of [MEASURED_STRONG, MEASURED_WEAK]) {
    re.lastIndex = 0
    if (re.test(text)) return true
  }
  return false
}

/** True when a text has a difference word (Δ, gap, разница…). */
export function mentionsDiff(text: string): boolean {
  DIFF.lastIndex = 0
  return DIFF.test(lowerCase(text))
}
