import { createHash } from 'node:crypto'

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567'

/** Hex SHA-256 of a UTF-8 string. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/**
 * A short, stable, URL-safe hash: SHA-256 in lower-case base32 (RFC 4648 alphabet), `length`
 * characters (default 20 = 100 bits, far from collisions at millions of items).
 *
 * @example
 * shortHash('https://example.org/a') // 'q3…' (20 chars, same input → same output)
 */
export function shortHash(text: string, length = 20): string {
  const digest = createHash('sha256').update(text, 'utf8').digest()
  let out = ''
  let buffer = 0
  let bits = 0
  for (const byte of digest) {
    buffer = (buffer << 8) | byte
    bits += 8
    while (bits >= 5 && out.length < length) {
      out += BASE32[(buffer >>> (bits - 5)) & 31]
      bits -= 5
    }
    buffer &= (1 << bits) - 1
    if (out.length >= length) break
  }
  return out
}

/**
 * The item id the store uses: a short hash of the canonical URL, or of the feed-scoped key when
 * the item has no URL. The same article reached through two feeds gets the same id.
 *
 * @example
 * itemIdFor('https://example.org/post') === itemIdFor('https://example.org/post') // true
 */
export function itemIdFor(canonicalUrlOrKey: string): string {
  return shortHash(canonicalUrlOrKey)
}
