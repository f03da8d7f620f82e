import { describe, expect, it } from 'vitest'
import {
  formatDate,
  formatDuration,
  formatNumber,
  formatPercent,
  formatSigned,
  langFromLocale,
  localized,
  relativeTime,
  t,
} from '../../src/core/i18n.js'
import { en } from '../../src/core/i18n/en.js'
import { ru } from '../../src/core/i18n/ru.js'

const placeholders = (message: string | Record<string, string>) =>
  [
    ...new Set(
      (typeof message === 'string' ? [message] : Object.values(message)).flatMap(
        (m) => m.match(/\{\w+\}/g) ?? []
      )
    ),
  ].sort()

describe('message catalogs', () => {
  it('GIVEN every English key THEN Russian has it with the same placeholders and all plural forms', () => {
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort())
    for (const [key, message] of Object.entries(en)) {
      const other = ru[key as keyof typeof en]
      expect(placeholders(other as never), key).toEqual(placeholders(message as never))
      if (typeof message !== 'string')
        expect(Object.keys(other).sort(), key).toEqual(['few', 'many', 'one', 'other'])
    }
  })
})

describe('t and formatting', () => {
  it.each([
    ['en', 1, '+1 source'],
    ['en', 3, '+3 sources'],
    ['ru', 1, '+1 источник'],
    ['ru', 3, '+3 источника'],
    ['ru', 5, '+5 источников'],
    ['ru', 21, '+21 источник'],
  ] as const)('GIVEN %s and %i THEN plural "%s"', (lang, count, text) => {
    expect(t(lang, 'common.sources', { count })).toBe(text)
  })

  it('GIVEN numbers THEN each language writes them its way', () => {
    expect(formatNumber('ru', 86.5)).toBe('86,5')
    expect(formatPercent('en', 86.5)).toBe('86.5%')
    expect(formatPercent('ru', 86.5)).toBe('86,5\u00a0%')
    expect(formatSigned('en', -15.3)).toBe('−15.3')
    expect(formatSigned('ru', 2.25)).toBe('+2,3')
    expect(formatSigned('en', 0)).toBe('0')
    expect(formatNumber('en', 0.999, 2, 2)).toBe('1.00')
  })

  it('GIVEN times THEN relative times and durations read naturally', () => {
    const now = new Date('2026-01-02T10:00:00Z')
    expect(relativeTime('en', '2026-01-02T08:00:00Z', now)).toBe('2 h ago')
    expect(relativeTime('ru', '2026-01-02T08:00:00Z', now)).toBe('2 ч назад')
    expect(relativeTime('en', '2026-01-02T09:59:30Z', now)).toBe('just now')
    expect(relativeTime('ru', '2025-12-28T10:00:00Z', now)).toBe('5 дней назад')
    expect(relativeTime('en', '2026-01-03T10:00:00Z', now)).toBe('in the future')
    expect(formatDuration('en', 125 * 60_000)).toBe('2 h 5 min')
    expect(formatDuration('ru', 2 * 86_400_000)).toBe('2 дня')
    expect(formatDate('en', '2026-01-02T06:30:00Z')).toBe('2 Jan 2026')
  })

  it('GIVEN locales THEN Russian ones pick ru and anything else en', () => {
    expect(langFromLocale('ru-RU')).toBe('ru')
    expect(langFromLocale('uk')).toBe('en')
    expect(langFromLocale(undefined)).toBe('en')
    expect(localized('help.description')).toEqual({ en: 'List the commands', ru: 'Список команд' })
  })
})
