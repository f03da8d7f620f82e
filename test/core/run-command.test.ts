import { describe, expect, it } from 'vitest'
import { defineCommand, type CommandDef, type CommandInput } from '../../src/core/command.js'
import { UserError, type CommandError } from '../../src/core/errors.js'
import { createRateLimiter } from '../../src/core/rate-limit.js'
import { reply } from '../../src/core/reply.js'
import { runCommand, type RunDeps } from '../../src/core/run-command.js'

const now = new Date('2026-01-03T12:00:00Z')
const commands = new Map<string, CommandDef>([
  [
    'boom',
    defineCommand({
      name: 'boom',
      description: { en: 'Fails', ru: 'Падает' },
      options: {},
      run: () => {
        throw new Error('database is on fire')
      },
    }),
  ],
  [
    'reject',
    defineCommand({
      name: 'reject',
      description: { en: 'Fails', ru: 'Падает' },
      options: {},
      run: async () => Promise.reject('a string, not an Error'),
    }),
  ],
  [
    'user',
    defineCommand({
      name: 'user',
      description: { en: 'User error', ru: 'Ошибка' },
      options: {},
      run: () => {
        throw new UserError('bad_topic', 'No topic "x".')
      },
    }),
  ],
  [
    'admin',
    defineCommand({
      name: 'admin',
      description: { en: 'Admins', ru: 'Админы' },
      options: {},
      preconditions: ['chatAdmin'],
      run: () => reply.text('done'),
    }),
  ],
  [
    'echo',
    defineCommand({
      name: 'echo',
      description: { en: 'Echo', ru: 'Эхо' },
      options: {
        n: { type: 'integer', description: { en: 'n', ru: 'n' }, required: true, min: 1, max: 3 },
      },
      run: ({ options }) => reply.text(`n=${options.n}`),
    }),
  ],
])

function input(name: string, extra: Partial<CommandInput> = {}): CommandInput {
  return {
    name,
    options: {},
    text: '',
    chat: 'telegram:1',
    user: { id: 'u', isAdmin: false },
    ...extra,
  }
}

function deps(extra: Partial<RunDeps> = {}): RunDeps & { errors: CommandError[] } {
  const errors: CommandError[] = []
  return { services: {}, now: () => now, onError: (e) => errors.push(e), errors, ...extra }
}

describe('runCommand', () => {
  it('GIVEN a command that throws THEN the user gets a short generic reply and the log gets the context', async () => {
    const d = deps()
    const r = await runCommand(commands, input('boom'), d)
    expect(r).toEqual({
      blocks: [
        {
          type: 'paragraph',
          text: 'Something went wrong while answering /boom. It has been logged; please try again later.',
        },
      ],
      ephemeral: true,
    })
    expect(d.errors).toHaveLength(1)
    expect(d.errors[0]!.message).toBe('command /boom in telegram:1 failed: database is on fire')
    expect(JSON.stringify(r)).not.toContain('fire')
  })

  it('GIVEN a rejected promise with a non-Error value THEN it is handled the same way, in Russian too', async () => {
    const d = deps()
    const r = await runCommand(commands, input('reject', { lang: 'ru' }), d)
    expect(r.blocks[0]).toEqual({
      type: 'paragraph',
      text: 'Не удалось ответить на /reject. Ошибка записана в журнал; попробуйте позже.',
    })
    expect(d.errors[0]!.error).toBe('a string, not an Error')
  })

  it('GIVEN a UserError THEN its message is the reply and nothing is logged', async () => {
    const d = deps()
    expect((await runCommand(commands, input('user'), d)).blocks[0]).toEqual({
      type: 'paragraph',
      text: 'No topic "x".',
    })
    expect(d.errors).toEqual([])
  })

  it('GIVEN a non-admin THEN a chatAdmin command is refused; an admin passes', async () => {
    expect((await runCommand(commands, input('admin'), deps())).blocks[0]).toMatchObject({
      text: 'Only chat admins can use /admin.',
    })
    expect(
      (await runCommand(commands, input('admin', { user: { id: 'u', isAdmin: true } }), deps()))
        .blocks[0]
    ).toMatchObject({ text: 'done' })
  })

  it('GIVEN bad arguments THEN the reply names the option and shows the usage', async () => {
    expect(
      (await runCommand(commands, input('echo', { text: '9' }), deps())).blocks[0]
    ).toMatchObject({ text: 'Bad value for n: a whole number 1–3.\nUsage: /echo <n>' })
    expect(
      (await runCommand(commands, input('echo', { text: 'n=2' }), deps())).blocks[0]
    ).toMatchObject({ text: 'n=2' })
    expect(
      (await runCommand(commands, input('echo', { options: { m: 1 } }), deps())).blocks[0]
    ).toMatchObject({ text: 'Unknown option m.\nUsage: /echo <n>' })
  })

  it('GIVEN a user over the rate limit THEN a friendly message answers and the command does not run', async () => {
    const limiter = createRateLimiter({ limit: 2, windowMs: 30_000 })
    const d = deps({ allow: (key) => limiter.allow(key, now) })
    await runCommand(commands, input('echo', { text: '1' }), d)
    await runCommand(commands, input('echo', { text: '1' }), d)
    const third = await runCommand(commands, input('echo', { text: '1' }), d)
    expect(third).toEqual({
      blocks: [
        {
          type: 'paragraph',
          text: 'Too many commands at once — please wait a few seconds and try again.',
        },
      ],
      ephemeral: true,
    })
    // Another user in the same chat is not affected.
    const other = await runCommand(
      commands,
      input('echo', { text: '1', user: { id: 'v', isAdmin: false } }),
      d
    )
    expect(other.blocks[0]).toMatchObject({ text: 'n=1' })
  })

  it('GIVEN the chat language and a platform locale THEN an explicit lang wins, then the chat, then the locale', async () => {
    const ru = await runCommand(commands, input('nope', { locale: 'ru-RU' }), deps())
    expect(ru.blocks[0]).toMatchObject({ text: 'Неизвестная команда /nope. Попробуйте /help.' })
    const chat = await runCommand(
      commands,
      input('nope', { locale: 'ru-RU' }),
      deps({ chatLang: () => 'en' })
    )
    expect(chat.blocks[0]).toMatchObject({ text: 'Unknown command /nope. Try /help.' })
    const explicit = await runCommand(
      commands,
      input('nope', { lang: 'ru' }),
      deps({ chatLang: () => 'en' })
    )
    expect(explicit.blocks[0]).toMatchObject({
      text: 'Неизвестная команда /nope. Попробуйте /help.',
    })
  })
})
