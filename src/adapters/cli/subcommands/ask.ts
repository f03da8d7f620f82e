import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs as parseCliArgs } from 'node:util'
import { replyToPlainText } from '../../../core/reply.js'
import { renderTextTable } from '../../../core/text-table.js'
import { cliApp } from '../app-context.js'
import { defineSubcommand, writeLine } from '../subcommand.js'

const USAGE = [
  'Usage: benchwatch ask [--lang en|ru] [--chat ID] [--admin] [--out DIR] "/command args"',
  '',
  'Runs one chat command as the CLI chat and prints the reply as plain text.',
  "  --lang en|ru  answer in this language (default: the chat's /lang, else en)",
  '  --chat ID     act as this chat (e.g. telegram:123); default cli:local',
  '  --admin       act as a chat admin (default: yes for cli:local, no for other chats)',
  '  --out DIR     write attached images (charts) into DIR',
].join('\n')

export default defineSubcommand({
  name: 'ask',
  summary: 'run one chat command and print the reply',
  usage: USAGE,
  async run(args, io) {
    let parsed
    try {
      parsed = parseCliArgs({
        args,
        allowPositionals: true,
        options: {
          lang: { type: 'string' },
          chat: { type: 'string' },
          admin: { type: 'boolean' },
          out: { type: 'string' },
        },
      })
    } catch (error) {
      writeLine(io.stderr, `benchwatch ask: ${(error as Error).message}\n${USAGE}`)
      return 2
    }
    const line = parsed.positionals.join(' ').trim()
    const match = /^\/?([A-Za-z0-9_]+)(?:@\S+)?\s*([\s\S]*)$/.exec(line)
    if (!match) {
      writeLine(io.stderr, USAGE)
      return 2
    }
    const lang = parsed.values.lang
    if (lang !== undefined && lang !== 'en' && lang !== 'ru') {
      writeLine(io.stderr, 'benchwatch ask: --lang expects en or ru')
      return 2
    }
    const chat = parsed.values.chat ?? 'cli:local'
    if (!/^(telegram|discord|cli):.+$/.test(chat) && !/^[\w-]+$/.test(chat)) {
      writeLine(io.stderr, 'benchwatch ask: --chat expects an id like telegram:123')
      return 2
    }
    const built = await cliApp(io, { logLevel: 'warn', pretty: false })
    if (!built) return 1
    const { app } = built
    try {
      const reply = await app.run({
        name: match[1]!,
        options: {},
        text: match[2] ?? '',
        chat: (chat.includes(':') ? chat : `cli:${chat}`) as `cli:${string}`,
        user: { id: 'cli', isAdmin: parsed.values.admin ?? chat === 'cli:local' },
        ...(lang ? { lang } : {}),
        capabilities: { images: Boolean(parsed.values.out) },
      })
      writeLine(
        io.stdout,
        replyToPlainText(reply, (t) => renderTextTable(t.columns, t.rows, t.align))
      )
      if (parsed.values.out) {
        mkdirSync(parsed.values.out, { recursive: true })
        for (const block of reply.blocks) {
          if (block.type === 'image') {
            const file = join(parsed.values.out, block.filename)
            writeFileSync(file, block.png)
            writeLine(io.stderr, `wrote ${file}`)
          }
        }
      }
      return 0
    } finally {
      await app.stop()
    }
  },
})
