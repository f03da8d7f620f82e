import { GrammyError, HttpError } from 'grammy'
import { describe, expect, it } from 'vitest'
import { toSendError } from '../../../src/adapters/telegram/send.js'

const apiError = (
  error_code: number,
  description: string,
  parameters: Record<string, number> = {}
) =>
  new GrammyError(
    `Call to 'sendMessage' failed!`,
    { ok: false, error_code, description, parameters },
    'sendMessage',
    {}
  )

describe('Telegram errors as SendError for the delivery outbox', () => {
  it.each([
    [
      apiError(429, 'Too Many Requests: retry after 7', { retry_after: 7 }),
      'retryable',
      'RATE_LIMITED',
      { retryAfterMs: 7000 },
    ],
    [apiError(502, 'Bad Gateway'), 'retryable', 'SERVER_ERROR', {}],
    [
      new HttpError('Network request for sendMessage failed!', new Error('ECONNRESET')),
      'retryable',
      'NETWORK',
      {},
    ],
    [apiError(403, 'Forbidden: bot was blocked by the user'), 'permanent', 'FORBIDDEN', {}],
    [apiError(400, 'Bad Request: chat not found'), 'permanent', 'UNKNOWN_CHAT', {}],
    [
      apiError(400, 'Bad Request: group chat was upgraded to a supergroup chat', {
        migrate_to_chat_id: -1001,
      }),
      'permanent',
      'MIGRATED',
      { migrateTo: 'telegram:-1001' },
    ],
    [apiError(400, "Bad Request: can't parse entities"), 'permanent', 'BAD_REQUEST', {}],
    [apiError(401, 'Unauthorized'), 'permanent', 'UNAUTHORIZED', {}],
  ])('GIVEN %s THEN %s %s', (error, kind, reason, options) => {
    const translated = toSendError(error)
    expect(translated).toMatchObject({ kind, reason, options })
    expect(translated.options.cause).toBe(error)
  })
})
