import { benchmarkMatches, modelMatches } from '../entities.js'
import { mentionsIn, type Mentions } from './context.js'
import { defaultUnit, normaliseNumberText, parseDecimal, pairRow, unitOf } from './numbers.js'
import { splitSentences } from './sentences.js'
import type { DiscrepancyRow, Mention, ModelRef, ScoreUnit } from './types.js'
import { predictRole, roleContext, type RoleContext, type RoleModel } from './role-model.js'
import { findCues, type Cue, type CueRole } from './vocabulary.js'

interface Figure {
  value: number
  unit?: ScoreUnit
  role: Exclude<CueRole, 'diff'>
  strong: boolean
  benchmark: Mention | null
  /** The benchmark is written right after the figure ("86.5% on MMLU"), not just nearby. */
  attached: boolean
  model: Mention | null
  /** The last model named before the figure anywhere in its sentence. */
  contextModel: Mention | null
  sentence: number
  position: number
  respectively: boolean
  /** The benchmark is named in the figure's own part of the sentence, not borrowed from elsewhere. */
  ownBenchmark: boolean
  /** The role came from the learned model, not from a cue. */
  learned: boolean
}

/** The learned fallback for figures no cue gives a role, and how sure it must be to speak. */
export interface RoleFallback {
  model: RoleModel
  /** Minimum probability of the predicted role. */
  threshold: number
  /** Only pair a learned figure with one whose role a cue gave. */
  needsCuedPartner: boolean
}

const NUMBER =
  /(?<![\p{L}\p{N}.,\-–])([-+]?\d{1,4}(?:[.,]\d{1,2})?)(?:\s?(%|процент\p{L}*|per ?cent\b|pp\b|п\.\s?п\.|points?\b|pts\b|баллов|балла|балл\b|пункт\p{L}*|elo\b))?/giu
// Separators between the parts of a sentence that usually carry different sides of a comparison.
const SEGMENT =
  /;|,?\s(?:but|however|whereas|while|yet|though|although|versus|vs\.?|compared (?:to|with)|against|in contrast|но|однако|а|тогда как|в то время как|против|хотя|зато|по сравнению с)(?=[\s,])/giu
const DIFF_BEFORE =
  /(?:\bby|(?<!\p{L})на|разниц\p{L}* в|разрыв\p{L}* в|gap of|drop of|difference of|shortfall of)\s*(?:about|almost|nearly|roughly|some|около|почти|примерно|целых)?\s*$/iu
const DIFF_AFTER =
  /^\s*(?:percentage points?|п\.\s?п\.|процентн\p{L}* пункт\p{L}*|pp\b|points? (?:lower|higher|below|above|less|more|short)|пункт\p{L}* (?:ниже|выше|меньше|больше)|%?\s*(?:drop|decline|decrease|gap|shortfall|difference|deficit|lower|less|below|worse|higher|ниже|меньше|хуже|выше|разниц\p{L}*|падени\p{L}*|снижени\p{L}*|отставани\p{L}*)(?![\p{L}]))/iu
// "1 417 Elo": a thousands group split by a (thin) space, never a percentage.
const SPACED_THOUSANDS = /(?<![\d.,])(\d{1,2}) (\d{3})(?![\d.,%])/g
const NOT_A_SCORE_AFTER =
  /^(?:\s?(?:-?shot|b\b|bn\b|billion|million|млрд|млн|тыс|k\b|x\b|×|gb|гб|tokens?|токен|years?|лет|год|раз|times|pages?|samples?|questions?|вопрос|задач|problems?|tasks?|runs?|попыт|\$|usd|долл|₽|руб|h\b|ч\b|min|мин|ms|s\b|сек))|^[-–]\d/iu
// "temperature of 0.6", "top-p 0.95": a sampling setting, not a score.
const SETTING_BEFORE =
  /(?:temperature|temp\.?|top[-_ ]?[pk]|температур\p{L}*)\s*(?:of|=|:|at|set to|равн\p{L}*)?\s*$/iu
// "a typical human panel solves about 85%": a human baseline, neither side of the model's pair.
const HUMAN_BASELINE =
  /\bhumans?\b(?! ?eval)|(?<!\p{L})(?:люди|людей|человеческ\p{L}*|средний человек)(?!\p{L})/iu
const ELO_WORDS = /\belo\b|arena|\brating\b|рейтинг|codeforces|эло/iu
const MAX_SENTENCE_CHARS = 1500
// How many sentences back a figure with no benchmark of its own looks for one.
const MAX_LOOKBACK = 3
const COMPARED_WITH =
  /(?:match(?:es|ed|ing)?|beat(?:s|ing)?|outperform(?:s|ed|ing)?|outscor(?:es|ed|ing)|rival(?:s|ed|ing)?|surpass(?:es|ed|ing)?|trail(?:s|ed|ing)?|ahead of|behind|than|like|обходит|обошл\p{L}*|превосходит|опережает|уступает|чем|как у)\s+(?:the\s+)?$/iu
const LABEL_AFTER = /^\s?[:—–]\s/u
const RESPECTIVELY = /respectively|соответственно/iu

function segmentBounds(sentence: string): number[] {
  const bounds = [0]
  SEGMENT.lastIndex = 0
  for (let m = SEGMENT.exec(sentence); m; m = SEGMENT.exec(sentence)) bounds.push(m.index)
  bounds.push(sentence.length)
  return bounds
}

function distanceTo(cue: Cue, position: number): number {
  // A cue before the number ("claimed 86.5%") binds tighter than one after it ("86.5% claimed").
  return cue.end <= position ? position - cue.end : (cue.start - position) * 1.3
}

// "81.2% on MMLU in our run", "71% по нашим замерам": a cue the figure's own phrase leads into
// through a preposition speaks for that figure, however close a cue before it is.
const LEADS_INTO_CUE =
  /^[^\d.,;:!?()]{0,40}?(?<!\p{L})(?:in|by|per|from|according to|в|по|у|согласно)\s+$/iu

function nearestCue(position: number, cues: Cue[], text = ''): Cue | null {
  const roles = cues.filter((c) => c.role !== 'diff')
  if (roles.length === 0) return null
  const strong = roles.filter((c) => c.strong)
  const pool =
    new Set(roles.map((c) => c.role)).size > 1 &&
    strong.length > 0 &&
    new Set(strong.map((c) => c.role)).size === 1
      ? strong
      : roles
  const distance = (cue: Cue) =>
    cue.start > position && LEADS_INTO_CUE.test(text.slice(position, cue.start).replace(/^\S+/, ''))
      ? 0
      : distanceTo(cue, position)
  let best: Cue | null = null
  for (const cue of pool) {
    if (!best || distance(cue) < distance(best)) best = cue
  }
  return best
}

// "fell from a claimed 92.7% to 85.4% when outside researchers re-ran it": both figures sit
// nearest to "claimed", but one cue speaks for one figure; the farther figure takes the unused
// cue of the other side in the same part of the sentence.
function rebind(
  figures: Figure[],
  cueOf: Map<Figure, Cue>,
  segmentCues: (f: Figure) => Cue[]
): void {
  const byCue = new Map<Cue, Figure[]>()
  for (const f of figures) {
    const cue = cueOf.get(f)!
    byCue.set(cue, [...(byCue.get(cue) ?? []), f])
  }
  for (const [cue, bound] of byCue) {
    // Two figures only: a run of figures under one cue is a flattened table, not a comparison.
    if (bound.length !== 2) continue
    // The cue keeps the figure it introduces ("фактически … 72,9%") when one figure stands before
    // it and one after; otherwise the nearer one.
    const after = bound.filter((f) => f.position >= cue.end)
    const keeper =
      after.length === 1
        ? after[0]!
        : [...bound].sort((a, b) => distanceTo(cue, a.position) - distanceTo(cue, b.position))[0]!
    const farther = bound.filter((f) => f !== keeper)
    for (const f of farther) {
      // Only a cue on the other side of the figure: "claimed X to Y when outside researchers…".
      const otherSide = (c: Cue) =>
        cue.end <= f.position ? c.start >= f.position : c.end <= f.position
      // Or a weaker cue of the other side between the two figures: "вместо обещанных 1417 …
      // получила 1273".
      const between = (c: Cue) =>
        keeper.position < f.position
          ? c.start > keeper.position && c.end <= f.position
          : c.start > f.position && c.end <= keeper.position
      const free = segmentCues(f).filter(
        (c) =>
          c.role !== cue.role && c.role !== 'diff' && !byCue.has(c) && (otherSide(c) || between(c))
      )
      const other = free.sort((a, b) => distanceTo(a, f.position) - distanceTo(b, f.position))[0]
      if (!other || other.role === 'diff') continue
      f.role = other.role
      f.strong = other.strong
      byCue.set(other, [f])
    }
  }
}

function nearest(mentions: Mention[], position: number, from: number, to: number): Mention | null {
  let best: Mention | null = null
  let bestDistance = Infinity
  for (const m of mentions) {
    if (m.start < from || m.end > to) continue
    const distance = m.end <= position ? position - m.end : m.start - position
    if (distance < bestDistance) {
      best = m
      bestDistance = distance
    }
  }
  return best
}

function figuresOf(
  text: string,
  index: number,
  mentionsOf: () => Mentions,
  previousBenchmark: () => Mention | null,
  cues: Cue[],
  fallback: RoleFallback | null
): Figure[] {
  if (!/\d/.test(text)) return []
  if (cues.length === 0 && !fallback) return []
  NUMBER.lastIndex = 0
  if (!NUMBER.test(text)) return []
  const { models, benchmarks } = mentionsOf()
  const entitySpans = [...models, ...benchmarks]
  const bounds = segmentBounds(text)
  // "Nova Pro matches GPT-4o on MMLU with 85.9%": the model compared against is not the one the
  // figure is about, when another is named before it — unless a clause of its own follows it
  // ("beating GPT-4o, which leaderboards place at 73.3%").
  const subjectsBefore = (position: number, from: number, ownClause: boolean): Mention[] => {
    const before = models.filter((x) => x.end <= position && x.start >= from)
    const subjects = before.filter(
      (x) =>
        !COMPARED_WITH.test(text.slice(Math.max(from, x.start - 30), x.start)) ||
        (ownClause && /[,;]/.test(text.slice(x.end, position))) ||
        // "ahead of GPT-4o mini at 70.2%": the figure written right after the rival is its own.
        /^\s*(?:at|with|scoring|on|—|-|:|\(|с|на)?\s*$/iu.test(text.slice(x.end, position))
    )
    return subjects.length > 0 ? subjects : before
  }
  // "YandexGPT 5 обходит GPT-4o: 0,71 против 0,65": in a sentence naming two unrelated models, a
  // figure without a cue is as likely the rival's as a measurement, so the model is not asked.
  let rivals: boolean | undefined
  const namesRivals = () => (rivals ??= models.some((a) => models.some((b) => !sameModel(a, b))))
  let roleText: RoleContext | undefined
  const figures: Figure[] = []
  const cueOf = new Map<Figure, Cue>()
  const segmentOf = new Map<Figure, [number, number]>()
  NUMBER.lastIndex = 0
  for (let m = NUMBER.exec(text); m; m = NUMBER.exec(text)) {
    const start = m.index
    const end = start + m[0].length
    if (entitySpans.some((e) => start < e.end && end > e.start)) continue
    const after = text.slice(end)
    const unitWord = m[2]
    const raw = m[1]!
    if (NOT_A_SCORE_AFTER.test(after) && !unitWord) continue
    if (DIFF_BEFORE.test(text.slice(Math.max(0, start - 25), start))) continue
    if (SETTING_BEFORE.test(text.slice(Math.max(0, start - 25), start))) continue
    if (DIFF_AFTER.test(text.slice(start + raw.length))) continue
    const value = parseDecimal(raw.replace(/^\+/, ''))
    let unit = unitOf(unitWord && /^(?:%|процент|per ?cent)/i.test(unitWord) ? '%' : unitWord)
    // Arena ratings are often written as plain numbers or "points".
    const mayBeElo = (!unit || unit === 'pts') && value >= 500 && value <= 3000
    if (mayBeElo && ELO_WORDS.test(text)) unit = 'elo'
    if (!unit && !/[.,]/.test(raw) && !mayBeElo) continue
    if (unit !== 'elo' && !mayBeElo && (value < 0 || value > 100)) continue
    const segment = bounds.findIndex((b, i) => start >= b && start < (bounds[i + 1] ?? Infinity))
    const from = bounds[segment] ?? 0
    const to = bounds[segment + 1] ?? text.length
    if (HUMAN_BASELINE.test(text.slice(Math.max(from, start - 80), start))) continue
    let cue = nearestCue(
      start,
      cues.filter((c) => c.start >= from && c.end <= to),
      text
    )
    let learned = false
    if (!cue && fallback && !namesRivals()) {
      roleText ??= roleContext(text, benchmarks)
      const guess = predictRole(fallback.model, roleText, start, end)
      if (guess.role !== 'neither' && guess.probability >= fallback.threshold) {
        // A cue of its own, used by this figure alone, so it never rebinds others.
        cue = { role: guess.role, start, end: start, strong: false }
        learned = true
      }
    }
    if (!cue || cue.role === 'diff') continue
    // "92.0% on HumanEval" names its benchmark right after the number; otherwise the nearest one.
    const onNext = benchmarks.find(
      (b) =>
        b.start >= end &&
        b.start - end <= 20 &&
        /^[\s,]*(?:on|in|at|for|на|в|по)?\s*(?:the\s+)?$/iu.test(text.slice(end, b.start))
    )
    // "MMLU: заявлено 88,6 · получено 85,2 · GSM8K: …": a benchmark written as a label owns the
    // figures after it up to the next benchmark, however near that one is.
    const before = benchmarks.findLast((b) => b.end <= start)
    const labelled =
      before && LABEL_AFTER.test(text.slice(before.end, before.end + 3)) ? before : undefined
    const benchmark =
      onNext ??
      labelled ??
      nearest(benchmarks, start, from, to) ??
      nearest(benchmarks, start, 0, text.length) ??
      previousBenchmark()
    // "put the model at 2390": a bare rating takes its unit from the benchmark it is about.
    if (unit !== 'elo' && mayBeElo) {
      if (!benchmark || !ELO_WORDS.test(benchmark.name)) continue
      unit = 'elo'
    }
    const figure: Figure = {
      value,
      ...(unit ? { unit } : {}),
      role: cue.role,
      strong: cue.strong,
      benchmark,
      attached: onNext !== undefined,
      // "84.0% on MMLU for Mistral Large 2" names the model after the figure; otherwise the model
      // named last before it in the same part of the sentence.
      model:
        models.find(
          (x) =>
            x.start >= end &&
            x.start - end <= 50 &&
            /^[^.;,]*?\b(?:for|of)\s+$|^[^.;,]*?(?<!\p{L})(?:для|у)\s+$/iu.test(
              text.slice(end, x.start)
            ) &&
            x.end <= to
        ) ?? nearest(subjectsBefore(start, from, true), start, from, to),
      contextModel: nearest(subjectsBefore(start, 0, false), start, 0, text.length),
      sentence: index,
      position: start,
      respectively: RESPECTIVELY.test(text.slice(from, to)),
      ownBenchmark: onNext !== undefined || nearest(benchmarks, start, from, to) !== null,
      learned,
    }
    figures.push(figure)
    cueOf.set(figure, cue)
    segmentOf.set(figure, [from, to])
  }
  const segmentCues = (f: Figure) => {
    const [from, to] = segmentOf.get(f)!
    return cues.filter((c) => c.start >= from && c.end <= to)
  }
  rebind(figures, cueOf, segmentCues)
  // "В пресс-релизе указано: … 79,4%": the nearest cue is weak, but the part of the sentence
  // names the side firmly too.
  for (const f of figures)
    if (!f.strong && segmentCues(f).some((c) => c.role === f.role && c.strong)) f.strong = true
  return figures
}

// "87.5% on ARC-AGI-1 … the ARC Prize Foundation measured 75.7%": a figure whose benchmark is
// only the family named nearby pairs with one attached to a member of that family.
function sameBenchmark(a: Figure, b: Figure): boolean {
  const x = a.benchmark!.id
  const y = b.benchmark!.id
  if (x === y) return true
  if (a.attached && b.attached) return false
  return benchmarkMatches(x, y) || benchmarkMatches(y, x)
}

function sameModel(a: Mention | null, b: Mention | null): boolean {
  return !a || !b || a.id === b.id || a.id.startsWith(`${b.id}-`) || b.id.startsWith(`${a.id}-`)
}

function unitsAgree(a: Figure, b: Figure): boolean {
  return !a.unit || !b.unit || a.unit === b.unit || (a.unit !== 'elo' && b.unit !== 'elo')
}

function subjectOf(sentence: string, itemModel: ModelRef | null): ModelRef | null {
  const models = mentionsIn(sentence).models
  if (itemModel) {
    const variant = models.find((m) => m.id.startsWith(`${itemModel.id}-`))
    if (variant) return variant
    if (models.some((m) => m.id === itemModel.id)) return itemModel
  }
  return models[0] ?? itemModel
}

// A "sentence" of thousands of characters is a flattened table or run-on text: read it in
// clauses, and not at all past a bound that keeps the cost linear.
function sentencesOf(paragraph: string): {
  sentences: string[]
  paragraphOf: number[]
  normalised: string[]
} {
  const paragraphOf: number[] = []
  const sentences = paragraph.split(/\n+/).flatMap((block, blockIndex) => {
    const inBlock = splitSentences(block)
      .flatMap((sentence) =>
        sentence.length > MAX_SENTENCE_CHARS ? sentence.split(/;\s*/) : [sentence]
      )
      .filter((sentence) => sentence.length <= MAX_SENTENCE_CHARS)
    for (const _ of inBlock) paragraphOf.push(blockIndex)
    return inBlock
  })
  const normalised = sentences.map((sentence) =>
    normaliseNumberText(sentence).replace(SPACED_THOUSANDS, '$1$2')
  )
  return { sentences, paragraphOf, normalised }
}

/**
 * The sentences the prose reader sees in a text (number typography normalised), and the score-like
 * numbers in each: what the role model is trained on.
 */
export function proseNumbers(
  text: string
): { sentence: string; numbers: { start: number; end: number; value: number }[] }[] {
  return sentencesOf(text).normalised.map((sentence) => {
    const numbers: { start: number; end: number; value: number }[] = []
    NUMBER.lastIndex = 0
    for (let m = NUMBER.exec(sentence); m; m = NUMBER.exec(sentence)) {
      const raw = m[1]!
      if (NOT_A_SCORE_AFTER.test(sentence.slice(m.index + m[0].length)) && !m[2]) continue
      const value = parseDecimal(raw.replace(/^\+/, ''))
      if (!m[2] && !/[.,]/.test(raw) && !(value >= 500 && value <= 3000)) continue
      numbers.push({ start: m.index, end: m.index + m[0].length, value })
    }
    return { sentence, numbers }
  })
}

/**
 * Claimed-versus-measured pairs stated in sentences, English or Russian: "claimed 86.5% on MMLU,
 * but independent tests found 71.2%", "заявленные 86,5% на MMLU против 71,2% в независимой
 * проверке". A pair needs a claimed figure and a measured one for the same benchmark and model
 * within one sentence or two adjacent ones; lone figures, several measured figures with no claim,
 * or figures of another model give nothing.
 *
 * @example
 * proseRows('Meta claimed 86.5% on MMLU, but independent tests found 71.2%.', () => ({ id: 'llama-4', name: 'Llama 4' }))
 * // [{ model: 'Llama 4', benchmark: 'MMLU', claimed: 86.5, measured: 71.2, unit: '%', delta: -15.3, … }]
 */
export function proseRows(
  text: string,
  itemModel: () => ModelRef | null,
  fallback: RoleFallback | null = null
): DiscrepancyRow[] {
  const rows: DiscrepancyRow[] = []
  // The whole text is one run of sentences (a paragraph break ends a sentence), so a claim at the
  // end of one paragraph pairs with a measurement opening the next.
  for (const paragraph of /\d/.test(text) ? [text] : []) {
    const { sentences, paragraphOf, normalised } = sentencesOf(paragraph)
    // Entity lookup is the costly step: done only for sentences that carry figures, and once.
    const cache = new Map<number, Mentions>()
    const mentionsOf = (i: number): Mentions => {
      let found = cache.get(i)
      if (!found) cache.set(i, (found = mentionsIn(normalised[i]!)))
      return found
    }
    const previousBenchmark = (i: number): Mention | null => {
      for (let k = i - 1; k >= Math.max(0, i - MAX_LOOKBACK); k--) {
        const named = mentionsOf(k).benchmarks
        if (named.length > 0) return named[named.length - 1]!
      }
      return null
    }
    // The headline names the family ("Llama 4"); the sentences just before may name the one
    // variant the figures are about ("Llama 4 Maverick").
    const variantBefore = (first: number): ModelRef | null => {
      const item = itemModel()
      if (!item) return null
      const variants = new Map<string, Mention>()
      for (let k = first; k >= Math.max(0, first - 4); k--) {
        for (const m of mentionsOf(k).models)
          if (m.id.startsWith(`${item.id}-`)) variants.set(m.id, m)
      }
      return variants.size === 1 ? [...variants.values()][0]! : item
    }
    const cueCache = new Map<number, Cue[]>()
    const cuesAt = (i: number): Cue[] => {
      const sentence = normalised[i]
      if (sentence === undefined || !/\d/.test(sentence)) return []
      let found = cueCache.get(i)
      if (!found) cueCache.set(i, (found = findCues(sentence)))
      return found
    }
    // A learned figure needs a cue-worded partner within a sentence of it: without a cue nearby,
    // the model is not asked (and the costly entity lookup is skipped).
    const fallbackAt = (i: number): RoleFallback | null =>
      fallback &&
      (!fallback.needsCuedPartner ||
        cuesAt(i - 1).length > 0 ||
        cuesAt(i).length > 0 ||
        cuesAt(i + 1).length > 0)
        ? fallback
        : null
    const figures: Figure[] = []
    normalised.forEach((sentence, index) => {
      const found = figuresOf(
        sentence,
        index,
        () => mentionsOf(index),
        () => previousBenchmark(index),
        cuesAt(index),
        fallbackAt(index)
      )
      // "… found 71.2% and 78.8%, respectively": measured figures take the claimed benchmarks in order.
      // Without the word, too: "88.5 on MMLU and 91.6 on DROP; reproductions average 85.1 and
      // 86.0", when the measured figures name no benchmark of their own and as many claimed
      // figures, each naming a different benchmark, come just before.
      // Cue-worded figures first, then (never touching those) the ones the model gave a role.
      for (const learned of [false, true]) {
        const loose = found.filter(
          (f) => f.respectively && f.role === 'measured' && f.learned === learned
        )
        const unnamed = found.filter(
          (f) => !f.ownBenchmark && f.role === 'measured' && f.learned === learned
        )
        if (loose.length < 2 && unnamed.length < 2) continue
        const list = loose.length > 1 ? loose : unnamed
        const claims = [...figures.slice(-20), ...found].filter(
          (f) =>
            f.role === 'claimed' &&
            (learned || !f.learned) &&
            f.benchmark &&
            (f.sentence < index || f.position < list[0]!.position)
        )
        const lastClaims = claims.slice(-list.length)
        const distinct = new Set(lastClaims.map((f) => f.benchmark!.id)).size === list.length
        if (
          lastClaims.length === list.length &&
          (list === loose || (distinct && lastClaims.every((f) => f.ownBenchmark)))
        )
          list.forEach((f, i) => (f.benchmark = lastClaims[i]!.benchmark))
      }
      figures.push(...found)
    })
    const claims = figures.filter((f) => f.role === 'claimed' && f.benchmark)
    const measures = figures.filter((f) => f.role === 'measured' && f.benchmark)
    // Cue-worded figures pair first, exactly as without the model; figures the model gave a role
    // only pair with what is left, so they add rows and never take a cued figure's partner.
    const cuedMeasures = measures.filter((f) => !f.learned)
    const pairUp = (c: Figure[], m: Figure[]) => pairUpFigures(c, m, paragraphOf, itemModel)
    const pairs = pairUp(
      claims.filter((f) => !f.learned),
      cuedMeasures
    )
    if (claims.length + measures.length > pairs.size + cuedMeasures.length) {
      const paired = new Set([...pairs.keys(), ...[...pairs.values()].flat()])
      const learnedPairs = pairUp(
        claims.filter((f) => !paired.has(f)),
        measures.filter((f) => !paired.has(f))
      )
      for (const [claimed, measuredList] of learnedPairs) {
        const kept = measuredList.filter(
          (m) =>
            (claimed.learned || m.learned) &&
            !(claimed.learned && m.learned && fallback?.needsCuedPartner)
        )
        if (kept.length > 0) pairs.set(claimed, kept)
      }
    }
    for (const [claimed, measuredList] of pairs) {
      // Several third-party figures and one weakly worded "reported" one are not a claim.
      const rivals = cuedMeasures.filter(
        (m) =>
          m.benchmark!.id === claimed.benchmark!.id && Math.abs(m.sentence - claimed.sentence) <= 1
      )
      if (!claimed.strong && rivals.length > 1) continue
      for (const measured of measuredList) {
        const first = Math.min(claimed.sentence, measured.sentence)
        const last = Math.max(claimed.sentence, measured.sentence)
        const snippet = sentences.slice(first, last + 1).join(' ')
        const named =
          measured.model ??
          claimed.model ??
          subjectOf(sentences.slice(first, last + 1).join(' '), variantBefore(first))
        // "The Qwen team reports …" under a headline naming Qwen3-235B-A22B: the family (or the
        // company's name) stands for the variant the item is about.
        const item = named ? itemModel() : null
        const model =
          named && item && item.id !== named.id && modelMatches(named.id, item.id) ? item : named
        const strong = claimed.strong && measured.strong
        // The more specific of the two names: ARC-AGI-1 over the ARC-AGI family.
        const benchmark =
          claimed.benchmark!.id !== measured.benchmark!.id &&
          benchmarkMatches(claimed.benchmark!.id, measured.benchmark!.id)
            ? measured.benchmark!
            : claimed.benchmark!
        const unit =
          claimed.unit ??
          measured.unit ??
          defaultUnit(benchmark.name, claimed.value, measured.value)
        rows.push(
          pairRow({
            model,
            benchmark,
            claimed: claimed.value,
            measured: measured.value,
            unit,
            snippet: snippet.length > 400 ? `${snippet.slice(0, 397)}…` : snippet,
            confidence: (strong ? 0.8 : 0.65) * (model ? 1 : 0.6) * (first === last ? 1 : 0.9),
          })
        )
      }
    }
  }
  return rows
}

function pairUpFigures(
  claims: readonly Figure[],
  measures: readonly Figure[],
  paragraphOf: readonly number[],
  itemModel: () => ModelRef | null
): Map<Figure, Figure[]> {
  // Pairs form within one sentence or two adjacent ones, so claims are looked up by sentence.
  const claimsBySentence = new Map<number, Figure[]>()
  for (const claimed of claims) {
    claimsBySentence.set(claimed.sentence, [
      ...(claimsBySentence.get(claimed.sentence) ?? []),
      claimed,
    ])
  }
  const pairs = new Map<Figure, Figure[]>()
  for (const measured of measures) {
    let best: Figure | null = null
    let bestScore = Infinity
    const near = [-1, 0, 1].flatMap((d) => claimsBySentence.get(measured.sentence + d) ?? [])
    for (const claimed of near) {
      if (!sameBenchmark(claimed, measured)) continue
      if (Math.abs(claimed.sentence - measured.sentence) > 1) continue
      // Across a paragraph break only firmly worded sides pair ("claimed" … "measured").
      const acrossParagraphs = paragraphOf[claimed.sentence] !== paragraphOf[measured.sentence]
      if (acrossParagraphs && !(claimed.strong && measured.strong)) continue
      if (!sameModel(claimed.model, measured.model) || !unitsAgree(claimed, measured)) continue
      // One side names a model ("tests of GPT-4o found 88.7%"), the other none: the unnamed side
      // speaks of the item's model, and a different named model is not its measurement.
      if (!claimed.model !== !measured.model) {
        const named = (claimed.model ?? measured.model)!
        const unnamed = claimed.model ? measured : claimed
        const implied = unnamed.contextModel ?? itemModel()
        if (implied && !sameModel(named, { ...implied, start: 0, end: 0 })) continue
      }
      if (
        claimed.value === measured.value &&
        claimed.sentence === measured.sentence &&
        claimed.position === measured.position
      )
        continue
      const score =
        Math.abs(claimed.sentence - measured.sentence) * 1000 +
        Math.abs(claimed.position - measured.position)
      if (score < bestScore) {
        best = claimed
        bestScore = score
      }
    }
    if (best) pairs.set(best, [...(pairs.get(best) ?? []), measured])
  }
  return pairs
}
