/** The chat platforms benchwatch speaks to. `cli` is the local command line. */
export type Platform = 'telegram' | 'discord' | 'cli'

/**
 * An opaque, platform-qualified chat id, so the store and the digest code never see platform
 * objects.
 *
 * @example
 * const ref: ChatRef = 'telegram:-1001234567890'
 */
export type ChatRef = `${Platform}:${string}`

/**
 * Builds a ChatRef from a platform and its own chat id.
 *
 * @example
 * chatRef('discord', '200') // 'discord:200'
 */
export function chatRef(platform: Platform, id: string | number): ChatRef {
  return `${platform}:${id}`
}

/**
 * Splits a ChatRef into platform and platform id; returns null for anything malformed.
 *
 * @example
 * parseChatRef('telegram:99') // { platform: 'telegram', id: '99' }
 */
export function parseChatRef(ref: string): { platform: Platform; id: string } | null {
  const match = /^(telegram|discord|cli):(.+)$/.exec(ref)
  if (!match) return null
  return { platform: match[1] as Platform, id: match[2]! }
}
