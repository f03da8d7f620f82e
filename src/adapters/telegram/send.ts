import { GrammyError, HttpError, InputFile, type Api } from 'grammy'
import { chatRef, SendError, type ChatRef, type ChatSender } from '../../core/chat.js'
import { describeError } from '../../core/errors.js'
import type { Reply } from '../../core/reply.js'
import type { Logger } from '../../log.js'
import type { Store } from '../../store/store.js'
import { renderReply } from './render.js'

/** Where a reply goes: a chat, and in forum supergroups the topic it was asked in. */
export interface PostTarget {
  chatId: number
  threadId?: number
}

/** What posting a reply did: the message ids, and the chat id it finally went to. */
export interface Posted {
  chatId: number
  messageIds: number[]
  /** Set when Telegram said the group became a supergroup and the reply was resent there. */
  migratedFrom?: number
}

/** Posts Replies to Telegram and keeps the store in step with what Telegram reports. */
export interface TelegramPoster {
  /**
   * Renders and posts a reply, message after message. A 403 marks the chat inactive and pauses
   * its subscriptions, then rethrows; a group→supergroup migration renames the chat in the store
   * and resends the rest of the reply to the new id.
   */
  post(target: PostTarget, reply: Reply): Promise<Posted>
}

/** Telegram's "group was upgraded" answer: the new chat id, if this error is one. */
export function migratedTo(error: unknown): number | undefined {
  return error instanceof GrammyError ? error.parameters?.migrate_to_chat_id : undefined
}

/**
 * Translates a failed Bot API call into the neutral SendError the delivery outbox understands.
 *
 * @example
 * toSendError(new GrammyError('…', { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' }, 'sendMessage', {}))
 * // SendError('permanent', 'FORBIDDEN', 'Forbidden: bot was blocked by the user')
 */
export function toSendError(error: unknown): SendError {
  if (error instanceof SendError) return error
  if (error instanceof HttpError) {
    return new SendError(
      'retryable',
      'NETWORK',
      `network error talking to Telegram: ${describeError(error.error)}`,
      { cause: error }
    )
  }
  if (error instanceof GrammyError) {
    const code = error.error_code
    const description = error.description
    if (code === 429) {
      const seconds = error.parameters?.retry_after ?? 1
      return new SendError('retryable', 'RATE_LIMITED', description, {
        retryAfterMs: seconds * 1000,
        cause: error,
      })
    }
    if (code >= 500)
      return new SendError('retryable', 'SERVER_ERROR', description, { cause: error })
    if (code === 403) return new SendError('permanent', 'FORBIDDEN', description, { cause: error })
    const to = error.parameters?.migrate_to_chat_id
    if (to !== undefined) {
      return new SendError('permanent', 'MIGRATED', description, {
        migrateTo: chatRef('telegram', to),
        cause: error,
      })
    }
    if (code === 400 && /chat not found/i.test(description)) {
      return new SendError('permanent', 'UNKNOWN_CHAT', description, { cause: error })
    }
    if (code === 401 || code === 404)
      return new SendError('permanent', 'UNAUTHORIZED', description, { cause: error })
    return new SendError('permanent', 'BAD_REQUEST', description, { cause: error })
  }
  return new SendError('retryable', 'UNKNOWN', describeError(error), { cause: error })
}

/** Builds the poster over a grammY Api (with its retry and throttle transformers installed). */
export function createTelegramPoster(deps: {
  api: Api
  store: Store
  log: Logger
  now?: () => Date
}): TelegramPoster {
  const { api, store, log } = deps
  const now = deps.now ?? (() => new Date())

  async function markForbidden(chatId: number, error: GrammyError): Promise<void> {
    const ref = chatRef('telegram', chatId)
    try {
      await store.chats.upsert(ref, { active: false, inactiveReason: error.description }, now())
      const paused = await store.subscriptions.pauseChat(ref, error.description, now())
      log.warn(
        { chat: ref, reason: error.description, pausedSubscriptions: paused },
        'telegram chat is no longer reachable; marked inactive'
      )
    } catch (storeError) {
      log.error(
        { chat: ref, err: describeError(storeError) },
        'could not mark telegram chat inactive'
      )
    }
  }

  async function sendOne(
    target: PostTarget,
    message: ReturnType<typeof renderReply>[number]
  ): Promise<number> {
    const thread = target.threadId !== undefined ? { message_thread_id: target.threadId } : {}
    if (message.kind === 'photo') {
      const sentPhoto = await api.sendPhoto(
        target.chatId,
        new InputFile(message.png, message.filename),
        {
          ...(message.caption ? { caption: message.caption, parse_mode: 'HTML' as const } : {}),
          ...thread,
        }
      )
      return sentPhoto.message_id
    }
    const sentText = await api.sendMessage(target.chatId, message.html, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: message.disablePreview },
      ...thread,
    })
    return sentText.message_id
  }

  return {
    async post(target, reply) {
      const messages = renderReply(reply)
      const posted: Posted = { chatId: target.chatId, messageIds: [] }
      let current: PostTarget = target
      for (const message of messages) {
        try {
          posted.messageIds.push(await sendOne(current, message))
        } catch (error) {
          const to = migratedTo(error)
          if (to !== undefined && posted.migratedFrom === undefined) {
            const from = chatRef('telegram', current.chatId)
            await store.chats.rename(from, chatRef('telegram', to), now())
            log.info(
              { from, to: chatRef('telegram', to) },
              'telegram group migrated to a supergroup; chat renamed'
            )
            posted.migratedFrom = current.chatId
            posted.chatId = to
            // A topic id does not carry over: a migrated basic group had no topics.
            current = { chatId: to }
            posted.messageIds.push(await sendOne(current, message))
            continue
          }
          if (error instanceof GrammyError && error.error_code === 403)
            await markForbidden(current.chatId, error)
          throw error
        }
      }
      return posted
    },
  }
}

/**
 * The ChatSender the delivery outbox posts subscriptions through. Errors come out as SendError.
 * A migrated group is followed: the chat is renamed in the store and the message resent to the
 * new id, and then a `SendError('permanent', 'MIGRATED', …, { migrateTo })` is thrown so the
 * outbox learns the new ref; its `cause` is `{ messageIds }`, the ids of the messages that did
 * arrive in the new chat, so the outbox can record the delivery as sent rather than resend.
 */
export function createSenderFromPoster(poster: TelegramPoster): ChatSender {
  return {
    platform: 'telegram',
    async send(chat: ChatRef, reply: Reply) {
      const match = /^telegram:(-?\d+)$/.exec(chat)
      if (!match) throw new SendError('permanent', 'UNKNOWN_CHAT', `not a Telegram chat: ${chat}`)
      let posted: Posted
      try {
        posted = await poster.post({ chatId: Number(match[1]) }, reply)
      } catch (error) {
        throw toSendError(error)
      }
      const messageIds = posted.messageIds.map(String)
      if (posted.migratedFrom !== undefined) {
        throw new SendError(
          'permanent',
          'MIGRATED',
          `group ${chat} became supergroup telegram:${posted.chatId}; the message was resent there`,
          { migrateTo: chatRef('telegram', posted.chatId), cause: { messageIds } }
        )
      }
      return { messageIds }
    },
  }
}
