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
