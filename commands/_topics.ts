import {
  entityRecord,
  resolveBenchmark,
  resolveModel,
  suggestBenchmarks,
  suggestModels,
} from '../src/core/entities.js'
import { UserError } from '../src/core/errors.js'
import { formatList, t, type Lang } from '../src/core/i18n.js'
import { parseTopic } from '../src/core/match.js'

const KEYWORD_MAX = 100

function didYouMean(lang: Lang, names: string[]): string {
  return names.length > 0
    ? ` ${t(lang, 'common.didYouMean', { names: formatList(lang, names, 'disjunction') })}`
    : ''
}

/**
 * The stored form of what a user typed after /subscribe: `all`, `controversies`,
 * `model:<canonical id>`, `benchmark:<canonical id>` or `keyword:<words>` (lower-cased, spaces
 * collapsed). Unknown names become a UserError with "did you mean".
 */
export function normaliseTopic(input: string, lang: Lang): string {
  const text = input.trim().replace(/\s+/g, ' ')
  const lower = text.toLowerCase()
  if (lower === 'all' || lower === 'controversies') return lower
  const colon = text.indexOf(':')
  const kind = colon > 0 ? lower.slice(0, colon).trim() : ''
  const value = colon > 0 ? text.slice(colon + 1).trim() : ''
  const examples: Record<string, string> = {
    model: 'model:Llama 4',
    benchmark: 'benchmark:MMLU',
    keyword: 'keyword:contamination',
  }
  if (!(kind in examples))
    throw new UserError('bad_topic', t(lang, 'subscribe.badTopic', { topic: text }))
  if (!value) {
    throw new UserError(
      'bad_topic',
      t(lang, 'subscribe.emptyTopic', { kind, example: examples[kind]! })
    )
  }
  if (kind === 'model') {
    const model = resolveModel(value)
    const known = model && entityRecord('model', model.id)
    if (!known) {
      const near = suggestModels(value, 3).map((m) => m.name)
      // A model-like name nobody has heard of yet ("Foo-7B") is fine when nothing known is close.
      if (model && near.length === 0) return `model:${model.id}`
      throw new UserError(
        'unknown_model',
        t(lang, 'subscribe.unknownModel', { name: value }) + didYouMean(lang, near)
      )
    }
    return `model:${model.id}`
  }
  if (kind === 'benchmark') {
    const benchmark = resolveBenchmark(value)
    if (!benchmark) {
      const near = suggestBenchmarks(value, 3).map((b) => b.name)
      throw new UserError(
        'unknown_benchmark',
        t(lang, 'subscribe.unknownBenchmark', { name: value }) + didYouMean(lang, near)
      )
    }
    return `benchmark:${benchmark.id}`
  }
  if (value.length > KEYWORD_MAX) {
    throw new UserError('bad_topic', t(lang, 'subscribe.keywordTooLong', { max: KEYWORD_MAX }))
  }
  const topic = `keyword:${value.toLowerCase()}`
  if (!parseTopic(topic))
    throw new UserError('bad_topic', t(lang, 'subscribe.badTopic', { topic: text }))
  return topic
}

/** A stored topic as people read it: "model Llama 4", "keyword “contamination”". */
export function describeTopic(topic: string, lang: Lang): string {
  if (topic === 'all') return t(lang, 'topic.all')
  if (topic === 'controversies') return t(lang, 'topic.controversies')
  const [kind, ...rest] = topic.split(':')
  const value = rest.join(':')
  if (kind === 'model')
    return t(lang, 'topic.model', { name: entityRecord('model', value)?.name ?? value })
  if (kind === 'benchmark') {
    return t(lang, 'topic.benchmark', { name: entityRecord('benchmark', value)?.name ?? value })
  }
  if (kind === 'keyword') return t(lang, 'topic.keyword', { words: value })
  return topic
}

/** The chat's digest time and zone, with the defaults a new chat gets. */
export const DEFAULT_DIGEST_TIME = '09:00'
export const DEFAULT_TIMEZONE = 'UTC'
