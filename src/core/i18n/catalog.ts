import { en } from './en.js'

/** Plural forms of one message; `other` is the fallback every language has. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }

/** Every message key; English is the reference catalog. */
export type MessageKey = keyof typeof en

/** A complete catalog: every key, a string or plural forms. */
export type Catalog = Record<MessageKey, string | PluralForms>

/** Keys whose English message has plural forms. */
export type PluralKey = {
  [K in MessageKey]: (typeof en)[K] extends string ? never : K
}[MessageKey]

export { en }
