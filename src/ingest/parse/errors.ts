import type { FeedParseErrorCode } from './types.js'

/**
 * A document that is not a readable feed. `code` is stable (the poller stores it as the feed's
 * failure reason); `message` is one line for people.
 */
export class FeedParseError extends Error {
  constructor(
    public readonly code: FeedParseErrorCode,
    message: string
  ) {
    super(message)
    this.name = 'FeedParseError'
  }
}
