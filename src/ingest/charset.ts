import chardet from 'chardet'
import iconv from 'iconv-lite'

/** Text decoded from a fetched feed, with the encoding that was used to decode it. */
export interface DecodedFeed {
  text: string
  /** Lower-case WHATWG/iconv label actually used, e.g. 'utf-8', 'windows-1251'. */
  encoding: string
}

const BOMS: Array<{ bytes: number[]; encoding: string }> = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
]

// Feeds and servers use names the WHATWG table lacks or maps badly; these are the ones seen in
// real feeds. Everything else goes to TextDecoder (full ICU) and then iconv-lite.
const ALIASES: Record<string, string> = {
  utf8: 'utf-8',
  'x-sjis': 'shift_jis',
  sjis: 'shift_jis',
  'x-euc-jp': 'euc-jp',
  cp1251: 'windows-1251',
  'win-1251': 'windows-1251',
  cp1252: 'windows-1252',
  'cp-1252': 'windows-1252',
  // publishers who write ISO-8859-1 mean windows-1252 (as browsers assume): same letters, plus
  // curly quotes and dashes in 0x80–0x9F
  'iso-8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'iso8859-1': 'windows-1252',
  'iso_8859-1': 'windows-1252',
  'iso-latin-1': 'windows-1252',
  'us-ascii': 'utf-8', // ASCII is a subset; servers often claim it for UTF-8 bodies
  ascii: 'utf-8',
  'utf-16': 'utf-16le',
  'ks_c_5601-1987': 'euc-kr',
}

const SINGLE_BYTE = /^(windows-125\d|iso-8859-\d+|koi8-[ru]|macintosh|x-mac-.*)$/

/**
 * Decodes a feed's bytes to text. Order: byte-order mark, then the charset named in the HTTP
 * `Content-Type`, then the XML declaration or an HTML `<meta charset>`, then — when nothing
 * declares an encoding and the bytes are not valid UTF-8 — statistical detection (chardet).
 * A declared UTF-8 that the bytes contradict falls through to the next source, because
 * frameworks add `charset=utf-8` to legacy-encoded bodies all the time.
 *
 * @example
 * decodeFeedBytes(bytes, 'application/rss+xml; charset=windows-1251').text
 */
export function decodeFeedBytes(bytes: Uint8Array, contentType?: string): DecodedFeed {
  const bom = BOMS.find((b) => b.bytes.every((byte, i) => bytes[i] === byte))
  if (bom)
    return {
      text: decodeWith(bom.encoding, bytes.subarray(bom.bytes.length)),
      encoding: bom.encoding,
    }

  const declared = [charsetFromContentType(contentType), charsetFromDocument(bytes)]
  for (const label of declared) {
    if (!label) continue
    const encoding = normaliseLabel(label)
    if (!isSupported(encoding)) continue
    if (encoding === 'utf-8') {
      const text = strictUtf8(bytes)
      if (text !== null) return { text, encoding }
      continue
    }
    if (encoding.startsWith('utf-16') && !looksLikeUtf16(bytes)) continue // declaration copied over after re-encoding
    // A single-byte label over bytes that form valid multi-byte UTF-8 is a server default
    // (Apache's AddDefaultCharset ISO-8859-1) or a copied template: legacy text is almost never
    // valid UTF-8 by accident, so the bytes win.
    if (SINGLE_BYTE.test(encoding)) {
      const text = strictUtf8(bytes)
      if (text !== null && /[^\x00-\x7f]/.test(text)) return { text, encoding: 'utf-8' }
    }
    return { text: decodeWith(encoding, bytes), encoding }
  }

  const utf8 = strictUtf8(bytes)
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8' }
  const guessed = guessEncoding(bytes)
  return { text: decodeWith(guessed, bytes), encoding: guessed }
}

/** Charset parameter of a `Content-Type` header value, or undefined. */
export function charsetFromContentType(contentType?: string): string | undefined {
  const match = contentType?.match(/charset\s*=\s*["']?([^"';\s]+)/i)
  return match?.[1]
}

// The first 1 KB is read as Latin-1 (every byte maps to one char) so the declaration is found
// whatever the real encoding; UTF-16 without a BOM is recognised by its zero bytes.
function charsetFromDocument(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0x3c && bytes[1] === 0x00 && bytes[2] === 0x3f && bytes[3] === 0x00)
    return 'utf-16le'
  if (bytes[0] === 0x00 && bytes[1] === 0x3c && bytes[2] === 0x00 && bytes[3] === 0x3f)
    return 'utf-16be'
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1')
  const xml = head.match(/^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']+)["']/i)
  if (xml) return xml[1]
  const meta =
    head.match(/<meta[^>]+charset\s*=\s*["']?([^"'\s/>;]+)/i) ??
    head.match(/<meta[^>]+content\s*=\s*["'][^"']*charset=([^"'\s;]+)/i)
  return meta?.[1]
}

function normaliseLabel(label: string): string {
  const lower = label.trim().toLowerCase()
  return ALIASES[lower] ?? lower
}

function isSupported(encoding: string): boolean {
  try {
    new TextDecoder(encoding)
    return true
  } catch {
    return iconv.encodingExists(encoding)
  }
}

function decodeWith(encoding: string, bytes: Uint8Array): string {
  // iconv-lite first: Node 20's TextDecoder decodes windows-1252 as plain Latin-1 (curly quotes
  // in 0x80–0x9F come out as C1 control characters). TextDecoder (full ICU) covers the rest.
  if (encoding !== 'utf-8' && iconv.encodingExists(encoding))
    return iconv.decode(Buffer.from(bytes), encoding)
  return new TextDecoder(encoding).decode(bytes)
}

function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return null
  }
}

function looksLikeUtf16(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 200)
  let zeros = 0
  for (const byte of sample) if (byte === 0) zeros++
  return zeros > sample.length / 4
}

// chardet's statistical models need plain text: markup is nearly all ASCII and drowns the
// signal, so only the bytes outside tags are given to it. Its confidence for single-byte
// Cyrillic is unreliable between windows-1251 and koi8-r, so those two are settled by counting
// which decoding yields more common Russian letters.
// A sample is enough to tell an encoding, and chardet over a whole multi-megabyte feed took
// over a second.
const SAMPLE_BYTES = 256 * 1024
const SAMPLE_TEXT_BYTES = 32 * 1024

function guessEncoding(bytes: Uint8Array): string {
  const head = bytes.subarray(0, SAMPLE_BYTES)
  const textBytes = bytesOutsideTags(head).subarray(0, SAMPLE_TEXT_BYTES)
  const candidates = chardet.analyse(textBytes.length >= 16 ? textBytes : head)
  const best = candidates[0]?.name?.toLowerCase()
  if (!best) return 'windows-1252'
  if (best === 'windows-1251' || best === 'koi8-r' || best === 'iso-8859-5') {
    return cyrillicScore('windows-1251', textBytes) >= cyrillicScore('koi8-r', textBytes)
      ? 'windows-1251'
      : 'koi8-r'
  }
  const encoding = normaliseLabel(best)
  return isSupported(encoding) ? encoding : 'windows-1252'
}

function bytesOutsideTags(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length)
  let length = 0
  let inTag = false
  for (const byte of bytes) {
    if (byte === 0x3c) inTag = true
    else if (byte === 0x3e) inTag = false
    else if (!inTag) out[length++] = byte
  }
  return out.subarray(0, length)
}

const FREQUENT_RUSSIAN = new Set('оеаинтсрвлкмдпуяыьгзбчй'.split(''))

function cyrillicScore(encoding: string, bytes: Uint8Array): number {
  let score = 0
  for (const char of decodeWith(encoding, bytes)) {
    if (FREQUENT_RUSSIAN.has(char)) score++
  }
  return score
}
