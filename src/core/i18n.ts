import type { Catalog, MessageKey } from './i18n/catalog.js'
import { en } from './i18n/en.js'
import { ru } from './i18n/ru.js'

/** The languages every user-visible string exists in. */
export type Lang = 'en' | 'ru'

/** The supported languages, the default first. */
export const LANGS: readonly Lang[] = ['en', 'ru']

/**
 * A string in every supported language.
 *
 * @example
 * const d: Localized = { en: 'Latest AI news', ru: 'Свежие новости ИИ' }
 */
export type Localized = Record<Lang, string>

/**
 * Picks a supported language from a platform locale ("ru-RU", "en_US", "uk"), English otherwise.
 *
 * @example
 * langFromLocale('ru-RU') // 'ru'
 */
export function langFromLocale(locale: string | undefined | null): Lang {
  if (!locale) return 'en'
  const base = locale.toLowerCase().split(/[-_]/)[0]
  return base === 'ru' ? 'ru' : 'en'
}

/**
 * Fills `{name}` placeholders in a template.
 *
 * @example
 * format('Hello {who}', { who: 'you' }) // 'Hello you'
 */
export function format(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in values ? String(values[key]) : whole
  )
}

const CATALOGS: Record<Lang, Catalog> = { en, ru }
const LOCALE: Record<Lang, string> = { en: 'en-GB', ru: 'ru-RU' }
const pluralRules = new Map<Lang, Intl.PluralRules>()
const numberFormats = new Map<string, Intl.NumberFormat>()

function pluralRule(lang: Lang): Intl.PluralRules {
  let rules = pluralRules.get(lang)
  if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(LOCALE[lang])))
  return rules
}

function numberFormat(lang: Lang, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${lang}|${JSON.stringify(options)}`
  let nf = numberFormats.get(key)
  if (!nf) numberFormats.set(key, (nf = new Intl.NumberFormat(LOCALE[lang], options)))
  return nf
}

/**
 * One message from the catalog of `lang`, placeholders filled. A plural message picks its form
 * by `Intl.PluralRules` on `values.count`, and `{count}` is shown as a locale number.
 *
 * @example
 * t('en', 'common.sources', { count: 2 }) // '+2 sources'
 * t('ru', 'common.sources', { count: 5 }) // '+5 источников'
 */
export function t(
  lang: Lang,
  key: MessageKey,
  values: Record<string, string | number> = {}
): string {
  const message = CATALOGS[lang][key] ?? CATALOGS.en[key]
  if (typeof message === 'string') return format(message, values)
  const count = Number(values.count ?? 0)
  const form = message[pluralRule(lang).select(count)] ?? message.other
  return format(form, { ...values, count: formatNumber(lang, count) })
}

/**
 * A number as the language writes it, with at most `digits` decimals.
 *
 * @example
 * formatNumber('ru', 86.5) // '86,5'
 * formatNumber('en', 1234.5) // '1,234.5'
 * formatNumber('en', 0.999, 2, 2) // '1.00'
 */
export function formatNumber(lang: Lang, value: number, digits = 1, minDigits = 0): string {
  return numberFormat(lang, {
    maximumFractionDigits: digits,
    minimumFractionDigits: minDigits,
  }).format(value)
}

/**
 * A score in percent as the language writes it (Russian puts a no-break space before %).
 *
 * @example
 * formatPercent('en', 86.5) // '86.5%'
 * formatPercent('ru', 86.5) // '86,5 %' (with U+00A0)
 */
export function formatPercent(lang: Lang, percent: number, digits = 1): string {
  return numberFormat(lang, { style: 'percent', maximumFractionDigits: digits }).format(
    percent / 100
  )
}

/**
 * A difference with a true minus sign (or a plus), as tables show Δ.
 *
 * @example
 * formatSigned('en', -15.3) // '−15.3'
 * formatSigned('ru', 2) // '+2'
 */
export function formatSigned(lang: Lang, value: number, digits = 1): string {
  const text = formatNumber(lang, Math.abs(value), digits)
  if (text === formatNumber(lang, 0, digits)) return text
  return `${value < 0 ? '−' : '+'}${text}`
}

/**
 * How long ago `then` was, relative to `now`: "just now", "5 min ago", "2 h ago", "3 days ago".
 *
 * @example
 * relativeTime('ru', new Date('2026-01-02T08:00:00Z'), new Date('2026-01-02T10:00:00Z')) // '2 ч назад'
 */
export function relativeTime(lang: Lang, then: Date | string, now: Date): string {
  const ms = now.getTime() - new Date(then).getTime()
  if (ms < -60_000) return t(lang, 'time.inFuture')
  const minutes = Math.floor(ms / 60_000)
  if (minutes < 1) return t(lang, 'time.justNow')
  if (minutes < 60) return t(lang, 'time.minutesAgo', { count: minutes })
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return t(lang, 'time.hoursAgo', { count: hours })
  return t(lang, 'time.daysAgo', { count: Math.floor(hours / 24) })
}

/**
 * A length of time for people: "45 min", "2 h 5 min", "3 days".
 *
 * @example
 * formatDuration('en', 125 * 60_000) // '2 h 5 min'
 * formatDuration('ru', 3 * 86_400_000) // '3 дня'
 */
export function formatDuration(lang: Lang, ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000))
  if (minutes < 60) return t(lang, 'duration.minutes', { count: minutes })
  const hours = Math.floor(minutes / 60)
  if (hours < 24) {
    const rest = minutes % 60
    return rest === 0
      ? t(lang, 'duration.hours', { count: hours })
      : t(lang, 'duration.hoursMinutes', { hours, minutes: rest })
  }
  return t(lang, 'duration.days', { count: Math.floor(hours / 24) })
}

/**
 * A calendar date in the language's short form, in a time zone (UTC by default).
 *
 * @example
 * formatDate('en', '2026-01-02T06:30:00Z') // '2 Jan 2026'
 */
export function formatDate(lang: Lang, date: Date | string, timeZone = 'UTC'): string {
  const key = `${lang}|${timeZone}`
  let df = dateFormats.get(key)
  if (!df) {
    df = new Intl.DateTimeFormat(LOCALE[lang], {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone,
    })
    dateFormats.set(key, df)
  }
  return df.format(new Date(date))
}

// Building an Intl formatter costs far more than using one.
const dateFormats = new Map<string, Intl.DateTimeFormat>()

/**
 * Joins names as a list the language reads naturally ("A, B and C" / "A, B и C").
 *
 * @example
 * formatList('ru', ['Llama 4', 'Llama 3']) // 'Llama 4 и Llama 3'
 */
export function formatList(
  lang: Lang,
  names: string[],
  type: 'conjunction' | 'disjunction' = 'conjunction'
): string {
  return new Intl.ListFormat(LOCALE[lang], { style: 'long', type }).format(names)
}

export type { MessageKey } from './i18n/catalog.js'

/**
 * A message in every language, for command and option descriptions.
 *
 * @example
 * localized('help.description') // { en: 'List the commands', ru: 'Список команд' }
 */
export function localized(key: MessageKey): Localized {
  return { en: t('en', key), ru: t('ru', key) }
}
