import type { Api } from 'grammy'
import type { Message } from 'grammy/types'

/** Telegram's GroupAnonymousBot: the `from` of messages sent by anonymous group admins. */
export const GROUP_ANONYMOUS_BOT_ID = 1087968824

/** Decides whether the sender of a message administers its chat. */
export interface AdminCheck {
  isAdmin(message: Message): Promise<boolean>
}

/**
 * What the message alone says about its sender's rights: true or false when it settles the
 * question, undefined when only getChatMember can tell.
 *
 * - a private chat's own user administers it;
 * - channel posts come from admins (only they can post);
 * - anonymous group admins post as the group itself (`sender_chat` = the chat) or, in older
 *   clients, as GroupAnonymousBot;
 * - a post by another chat (a linked channel, a user posting as a channel) is not an admin.
 */
export function adminFromMessage(message: Message): boolean | undefined {
  const chat = message.chat
  if (chat.type === 'private' || chat.type === 'channel') return true
  if (message.sender_chat?.id === chat.id) return true
  if (message.from?.id === GROUP_ANONYMOUS_BOT_ID) return true
  if (message.sender_chat) return false
  if (!message.from) return false
  return undefined
}

/**
 * Admin checks through getChatMember, cached for `ttlMs` per chat and user so a burst of
 * commands costs one API call. A failed lookup counts as "not admin" (and is not cached).
 */
export function createAdminCheck(
  api: Api,
  options: { ttlMs?: number; now?: () => number } = {}
): AdminCheck {
  const ttlMs = options.ttlMs ?? 60_000
  const now = options.now ?? Date.now
  const cache = new Map<string, { admin: boolean; until: number }>()
  return {
    async isAdmin(message) {
      const settled = adminFromMessage(message)
      if (settled !== undefined) return settled
      const key = `${message.chat.id}:${message.from!.id}`
      const hit = cache.get(key)
      if (hit && hit.until > now()) return hit.admin
      let admin: boolean
      try {
        const member = await api.getChatMember(message.chat.id, message.from!.id)
        admin = member.status === 'creator' || member.status === 'administrator'
      } catch {
        return false
      }
      if (cache.size > 10_000) cache.clear()
      cache.set(key, { admin, until: now() + ttlMs })
      return admin
    },
  }
}
