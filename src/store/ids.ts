import { randomBytes } from 'node:crypto'

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789'

/**
 * A short random id from an alphabet without look-alike characters (no l/1/o/0), so people can
 * type it in chat: `/unsubscribe k7mq2x`. 8 characters give 40 bits; collisions surface as
 * unique-key errors, never as silent overwrites.
 */
export function newId(length = 8): string {
  const bytes = randomBytes(length)
  let out = ''
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length]
  return out
}
