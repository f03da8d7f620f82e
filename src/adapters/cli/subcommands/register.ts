import { parseArgs } from 'node:util'
import { describeError } from '../../../core/errors.js'
import { loadCommands } from '../../../registry.js'
import { cliConfig } from '../app-context.js'
import { defineSubcommand, writeLine } from '../subcommand.js'

const USAGE = [
  'Usage: benchwatch register [--guild ID] [--print]',
  '',
  'Registers the slash commands from commands/ with Discord (one bulk replace).',
  '  --guild ID  register in one server only: instant, good for testing',
  '              (global registration can take up to an hour to show everywhere)',
  '  --print     print the JSON that would be sent and exit; needs no token',
  '',
  'Needs DISCORD_TOKEN; DISCORD_APPLICATION_ID is looked up with the token when unset.',
  'DISCORD_API_BASE changes the REST base URL (proxies, tests).',
].join('\n')

export default defineSubcommand({
  name: 'register',
  summary: 'register the slash commands with Discord',
  usage: USAGE,
  async run(args, io) {
    let values: { guild?: string | undefined; print?: boolean | undefined }
    try {
      values = parseArgs({
        args,
        options: { guild: { type: 'string' }, print: { type: 'boolean' } },
      }).values
    } catch (error) {
      writeLine(io.stderr, `benchwatch register: ${describeError(error)}\n${USAGE}`)
      return 2
    }
    if (values.guild !== undefined && !/^\d{5,25}$/.test(values.guild)) {
      writeLine(io.stderr, 'benchwatch register: --guild expects a numeric server id')
      return 2
    }
    const config = cliConfig(io)
    if (!config) return 1
    const commands = await loadCommands({ warn: (m) => writeLine(io.stderr, m) })
    // Loaded only now, so `benchwatch --help` never pays for the Discord libraries; the gateway
    // client (discord.js) is not needed at all.
    const { toSlashCommands } = await import('../../discord/commands.js')
    const { registerCommands } = await import('../../discord/register.js')
    if (values.print) {
      writeLine(io.stdout, JSON.stringify(toSlashCommands(commands.values()), null, 2))
      return 0
    }
    if (!config.DISCORD_TOKEN) {
      writeLine(
        io.stderr,
        'benchwatch register: DISCORD_TOKEN is not set (the bot token registers the commands)'
      )
      return 1
    }
    try {
      const result = await registerCommands(commands.values(), {
        token: config.DISCORD_TOKEN,
        apiBase: config.DISCORD_API_BASE,
        ...(config.DISCORD_APPLICATION_ID ? { applicationId: config.DISCORD_APPLICATION_ID } : {}),
        ...(values.guild ? { guildId: values.guild } : {}),
      })
      writeLine(
        io.stdout,
        `registered ${result.names.length} commands (${result.scope}, application ${result.applicationId}): ${result.names.join(', ')}`
      )
      return 0
    } catch (error) {
      writeLine(
        io.stderr,
        `benchwatch register: Discord refused the commands: ${describeError(error)}`
      )
      return 1
    }
  },
})
