import { z } from 'zod'
import type { ChatRef } from './chat.js'
import { UserError } from './errors.js'
import { format, type Lang, type Localized } from './i18n.js'
import type { Reply } from './reply.js'

/** Which kind of value an option takes. */
export type OptionType = 'string' | 'integer' | 'boolean'

/**
 * The declaration of one command option; adapters turn it into Discord option JSON and
 * Telegram usage text, and `parseArgs` reads it from free text.
 *
 * @example
 * const limit: OptionSpec = { type: 'integer', description: { en: 'How many', ru: 'Сколько' }, min: 1, max: 20 }
 */
export interface OptionSpec {
  type: OptionType
  description: Localized
  required?: boolean
  /** Fixed choices (Discord shows them as a menu). */
  choices?: readonly string[]
  min?: number
  max?: number
  /** Which autocomplete source fills this option where the platform supports it. */
  autocomplete?: 'model' | 'benchmark' | 'subscription'
}

/** The options of a command by name, in the order they are read from free text. */
export type OptionSpecs = Record<string, OptionSpec>

type ValueOf<S extends OptionSpec> = S['type'] extends 'integer'
  ? number
  : S['type'] extends 'boolean'
    ? boolean
    : string

/** The typed option values a command's `run` receives. */
export type OptionValues<O extends OptionSpecs> = {
  [K in keyof O]: O[K]['required'] extends true ? ValueOf<O[K]> : ValueOf<O[K]> | undefined
}

/** Named checks that must pass before a command runs. */
export type Precondition = 'chatAdmin'

/**
 * The facts about the caller that an adapter gathered before calling a command.
 *
 * @example
 * const input: CommandInput = { name: 'news', options: {}, chat: 'cli:local', user: { id: 'me', isAdmin: true } }
 */
export interface CommandInput {
  name: string
  /** Typed values (Discord) or raw text to parse (`text`, Telegram and CLI). */
  options: Record<string, unknown>
  text?: string
  chat: ChatRef
  user: { id: string; isAdmin: boolean }
  /** The platform's locale for this user or chat, when it has one. */
  locale?: string
  /** An explicit language for this one answer (CLI `--lang`); wins over the chat's setting. */
  lang?: Lang
  /** Platform abilities that change the answer (e.g. no images on the CLI unless asked). */
  capabilities?: { images?: boolean }
}

/**
 * What a running command may use. The composition root fills `services`; tests fill it with a
 * real SQLite store and fakes of the network.
 */
export interface CommandContext<O extends OptionSpecs, S = unknown> {
  options: OptionValues<O>
  chat: ChatRef
  user: { id: string; isAdmin: boolean }
  lang: Lang
  now: Date
  capabilities: { images: boolean }
  services: S
}

/**
 * A chat command written once for every platform.
 *
 * @example
 * export default defineCommand({ name: 'ping', description: { en: 'Pong', ru: 'Понг' }, options: {}, run: () => reply.text('pong') })
 */
export interface CommandDef<O extends OptionSpecs = OptionSpecs, S = any> {
  name: string
  description: Localized
  options: O
  preconditions?: readonly Precondition[]
  /** Hidden commands work but are not listed in /help or registered with the platform. */
  hidden?: boolean
  /** Answers may take long (network, charts): adapters defer their reply. */
  slow?: boolean
  run(ctx: CommandContext<O, S>): Reply | Promise<Reply>
}

/**
 * Identity helper that types a command definition.
 *
 * @example
 * export default defineCommand({ name: 'help', description: { en: 'Commands', ru: 'Команды' }, options: {}, run: () => reply.text('…') })
 */
export function defineCommand<O extends OptionSpecs, S = any>(
  def: CommandDef<O, S>
): CommandDef<O, S> {
  return def
}

const USAGE_WORDS: Record<Lang, { usage: string }> = {
  en: { usage: 'Usage' },
  ru: { usage: 'Использование' },
}

/**
 * The one-line usage of a command, e.g. `/table <model> [benchmark]`.
 *
 * @example
 * usageOf(tableCommand) // '/table <model> [benchmark]'
 */
export function usageOf(def: Pick<CommandDef, 'name' | 'options'>): string {
  const parts = Object.entries(def.options).map(([name, spec]) => {
    const shown = spec.choices && spec.choices.length <= 4 ? spec.choices.join('|') : name
    return spec.required ? `<${shown}>` : `[${shown}]`
  })
  return [`/${def.name}`, ...parts].join(' ')
}

/**
 * Splits free text into words, keeping "quoted strings" and «ёлочки» together.
 *
 * @example
 * tokenize('"Llama 4" MMLU') // ['Llama 4', 'MMLU']
 */
export function tokenize(text: string): string[] {
  return quotedTokens(text).map((t) => t.text)
}

function quotedTokens(text: string): { text: string; quoted: boolean }[] {
  const tokens: { text: string; quoted: boolean }[] = []
  const re = /"([^"]*)"|«([^»]*)»|“([^”]*)”|(\S+)/g
  for (const m of text.matchAll(re)) {
    tokens.push({ text: m[1] ?? m[2] ?? m[3] ?? m[4] ?? '', quoted: m[4] === undefined })
  }
  return tokens
}

/**
 * Reads option values from free text: `key=value` pairs first, then positional words in
 * declaration order; a quoted value ("Llama 4") fills one option when more options follow. A free-text string option takes every word up to those at the end that fit
 * the later typed options, so `/table Llama 4` means model "Llama 4" and `/news llama 5` means
 * query "llama", limit 5. Returns raw strings; `validateOptions` types them.
 *
 * @example
 * parseArgs(table.options, 'Llama 4') // { model: 'Llama 4' }
 */
export function parseArgs(specs: OptionSpecs, text: string): Record<string, string> {
  const names = Object.keys(specs)
  const out: Record<string, string> = {}
  const positional: string[] = []
  const quoted = new Set<number>()
  for (const token of quotedTokens(text.trim())) {
    const kv = token.quoted ? null : /^([a-z_]+)=(.+)$/s.exec(token.text)
    if (kv && names.includes(kv[1]!)) out[kv[1]!] = kv[2]!
    else {
      if (token.quoted) quoted.add(positional.length)
      positional.push(token.text)
    }
  }
  const open = names.filter((n) => !(n in out))
  let i = 0
  for (const [index, name] of open.entries()) {
    if (i >= positional.length) break
    const spec = specs[name]!
    if (spec.type === 'string' && !spec.choices && quoted.has(i) && index < open.length - 1) {
      // "Llama 4" MMLU: a quoted first word is the whole value when more options follow.
      out[name] = positional[i]!
      i++
    } else if (spec.type === 'string' && !spec.choices) {
      const later = open.slice(index + 1)
      let end = positional.length
      let laterIndex = later.length - 1
      while (laterIndex >= 0 && end - 1 > i) {
        if (!fitsSpec(specs[later[laterIndex]!]!, positional[end - 1]!)) break
        end--
        laterIndex--
      }
      out[name] = positional.slice(i, end).join(' ')
      i = end
    } else {
      out[name] = positional[i]!
      i++
    }
  }
  if (i < positional.length) {
    const last = open[open.length - 1]
    if (last) out[last] = [out[last], ...positional.slice(i)].filter(Boolean).join(' ')
  }
  return out
}

function fitsSpec(spec: OptionSpec, word: string): boolean {
  if (spec.choices) return spec.choices.includes(word.toLowerCase())
  if (spec.type === 'integer') return /^-?\d+$/.test(word)
  if (spec.type === 'boolean') return /^(true|false|yes|no|on|off)$/i.test(word)
  return false
}

// Building a zod schema costs more than checking a value with it; each option's is built once.
const schemas = new WeakMap<OptionSpec, z.ZodType>()

function zodFor(spec: OptionSpec): z.ZodType {
  let schema = schemas.get(spec)
  if (!schema) schemas.set(spec, (schema = buildZod(spec)))
  return schema
}

function buildZod(spec: OptionSpec): z.ZodType {
  if (spec.type === 'integer') {
    let n = z.coerce.number().int()
    if (spec.min !== undefined) n = n.min(spec.min)
    if (spec.max !== undefined) n = n.max(spec.max)
    return n
  }
  if (spec.type === 'boolean') {
    return z.union([
      z.boolean(),
      z
        .string()
        .regex(/^(true|false|yes|no|on|off)$/i)
        .transform((s) => /^(true|yes|on)$/i.test(s)),
    ])
  }
  let s = z.string().trim().min(1)
  if (spec.max !== undefined) s = s.max(spec.max)
  if (spec.choices) {
    const choices = spec.choices
    return s.transform((v) => v.toLowerCase()).refine((v) => choices.includes(v))
  }
  return s
}

const MESSAGES: Record<Lang, { missing: string; invalid: string; unknown: string }> = {
  en: {
    missing: 'Missing {option}.',
    invalid: 'Bad value for {option}: {detail}.',
    unknown: 'Unknown option {option}.',
  },
  ru: {
    missing: 'Не указан параметр {option}.',
    invalid: 'Неверное значение параметра {option}: {detail}.',
    unknown: 'Неизвестный параметр {option}.',
  },
}

function describeSpec(spec: OptionSpec, lang: Lang): string {
  if (spec.choices) return (lang === 'ru' ? 'одно из ' : 'one of ') + spec.choices.join(', ')
  if (spec.type === 'integer') {
    const range = spec.min !== undefined && spec.max !== undefined ? ` ${spec.min}–${spec.max}` : ''
    return (lang === 'ru' ? 'целое число' : 'a whole number') + range
  }
  if (spec.type === 'boolean') return lang === 'ru' ? 'да или нет' : 'true or false'
  return spec.max !== undefined
    ? lang === 'ru'
      ? `не длиннее ${spec.max} символов`
      : `at most ${spec.max} characters`
    : lang === 'ru'
      ? 'непустой текст'
      : 'non-empty text'
}

/**
 * Checks and types raw option values against a command's specs; a bad or missing value becomes
 * a `UserError` ('bad_argument') whose message names the option and shows the usage.
 *
 * @example
 * validateOptions(table, { model: 'Llama 4' }, 'en') // { model: 'Llama 4' }
 */
export function validateOptions<O extends OptionSpecs>(
  def: Pick<CommandDef<O>, 'name' | 'options'>,
  raw: Record<string, unknown>,
  lang: Lang
): OptionValues<O> {
  const out: Record<string, unknown> = {}
  const m = MESSAGES[lang]
  const usage = `${USAGE_WORDS[lang].usage}: ${usageOf(def)}`
  for (const key of Object.keys(raw)) {
    if (!(key in def.options)) {
      throw new UserError('bad_argument', `${format(m.unknown, { option: key })}\n${usage}`, {
        option: key,
      })
    }
  }
  for (const [name, spec] of Object.entries(def.options)) {
    const value = raw[name]
    if (value === undefined || value === null || value === '') {
      if (spec.required) {
        throw new UserError(
          'missing_argument',
          `${format(m.missing, { option: name })}\n${usage}`,
          {
            option: name,
          }
        )
      }
      continue
    }
    const parsed = zodFor(spec).safeParse(value)
    if (!parsed.success) {
      throw new UserError(
        'bad_argument',
        `${format(m.invalid, { option: name, detail: describeSpec(spec, lang) })}\n${usage}`,
        { option: name, value }
      )
    }
    out[name] = parsed.data
  }
  return out as OptionValues<O>
}
