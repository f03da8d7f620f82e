/**
 * A failure the user caused and can fix (a bad argument, a missing permission). It carries a
 * stable machine code and a message meant for the chat.
 *
 * @example
 * throw new UserError('unknown_topic', 'No topic "llm".')
 */
export class UserError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly context: Record<string, unknown> = {}
  ) {
    super(message)
    this.name = 'UserError'
  }
}

/**
 * Anything else thrown while a command ran, wrapped once with the command input that caused it,
 * so the log line has command and chat while the user sees only a generic reply.
 *
 * @example
 * new CommandError(err, { name: 'table', chat: 'telegram:1' })
 */
export class CommandError extends Error {
  constructor(
    public readonly error: unknown,
    public readonly input: { name: string; chat: string }
  ) {
    super(`command /${input.name} in ${input.chat} failed: ${describeError(error)}`)
    this.name = 'CommandError'
  }
}

/**
 * One line describing any thrown value, for logs and CLI errors.
 *
 * @example
 * describeError(new Error('boom')) // 'boom'
 */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}
