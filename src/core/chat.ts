import type { Reply } from './reply.js'

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

/** Whether a failed send is worth retrying later. */
export type SendFailureKind = 'retryable' | 'permanent'

/**
 * A platform refused or failed to take a message. Adapters translate their platform's errors
 * into this one shape so the delivery outbox can decide: retry (429, 5xx, network; honouring
 * `retryAfterMs`), pause the subscription (blocked, kicked, missing access), or follow a
 * migrated chat id (Telegram group → supergroup).
 *
 * @example
 * throw new SendError('permanent', 'FORBIDDEN', 'bot was blocked by the user')
 */
export class SendError extends Error {
  constructor(
    public readonly kind: SendFailureKind,
    /** A stable reason code, e.g. RATE_LIMITED, SERVER_ERROR, NETWORK, FORBIDDEN, MISSING_ACCESS, UNKNOWN_CHAT, MIGRATED. */
    public readonly reason: string,
    message: string,
    public readonly options: { retryAfterMs?: number; migrateTo?: ChatRef; cause?: unknown } = {}
  ) {
    super(message)
    this.name = 'SendError'
  }
}

/**
 * The outbound port every chat adapter implements: post a rendered Reply to a chat, outside of
 * any command (subscriptions, digests). Returns the platform ids of the messages it posted.
 *
 * @example
 * const sender: ChatSender = { platform: 'telegram', async send(chat, r) { return { messageIds: ['8'] } } }
 */
export interface ChatSender {
  platform: Platform
  send(chat: ChatRef, reply: Reply): Promise<{ messageIds: string[] }>
}
