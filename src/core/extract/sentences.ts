// Abbreviations after which a full stop does not end a sentence (lower-cased, without the dot).
const ABBREVIATIONS = new Set([
  'e.g',
  'i.e',
  'etc',
  'vs',
  'cf',
  'al',
  'approx',
  'dr',
  'mr',
  'mrs',
  'ms',
  'prof',
  'inc',
  'ltd',
  'co',
  'corp',
  'jr',
  'sr',
  'st',
  'no',
  'fig',
  'eq',
  'ed',
  'vol',
  'pp',
  'p',
  'est',
  'dept',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'u.s',
  'u.k',
  'т',
  'е',
  'д',
  'п',
  'т.е',
  'т.д',
  'т.п',
  'др',
  'г',
  'гг',
  'см',
  'стр',
  'рис',
  'напр',
  'млн',
  'млрд',
  'тыс',
  'им',
  'ок',
  'прим',
  'проф',
  'акад',
  'руб',
  'долл',
  'в',
  'вв',
  'н.э',
  'т.к',
  'т.н',
])

/**
 * Splits text into sentences. Survives decimals ("86.5", "86,5"), abbreviations ("e.g.", "Dr.",
 * "т. е.", "млрд."), initials and ellipses; a line break always ends a sentence.
 *
 * @example
 * splitSentences('Dr. Smith found 71.2%, i.e. less. Т. е. меньше.') // ['Dr. Smith found 71.2%, i.e. less.', 'Т. е. меньше.']
 */
export function splitSentences(text: string): string[] {
  const out: string[] = []
  for (const line of text.split(/\n+/)) {
    let start = 0
    // A sentence may open with a lower-case brand ("xAI said…", "iPhone sales…").
    const boundary = /[.!?…]+["»”’)]*(?=\s+["«“(]?(?:[\p{Lu}\p{N}]|\p{Ll}{1,3}\p{Lu}))/gu
    for (let m = boundary.exec(line); m; m = boundary.exec(line)) {
      if (m[0].startsWith('.') && m[0].length === 1) {
        const before = line.slice(start, m.index)
        const word = /(?:^|[\s(«"])((?:\p{L}\.)*\p{L}+)$/u.exec(before)?.[1]?.toLowerCase() ?? ''
        if (ABBREVIATIONS.has(word)) continue
        // A single capital letter is an initial ("J. Smith"), not a sentence end.
        if (/^\p{L}$/u.test(word) && /\p{Lu}/u.test(before.slice(-1))) continue
      }
      const sentence = line.slice(start, m.index + m[0].length).trim()
      if (sentence) out.push(sentence)
      start = m.index + m[0].length
    }
    const tail = line.slice(start).trim()
    if (tail) out.push(tail)
  }
  return out
}
