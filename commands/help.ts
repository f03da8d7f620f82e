import { defineCommand, usageOf } from '../src/core/command.js'
import { reply } from '../src/core/reply.js'
import type { Services } from '../src/services.js'

export default defineCommand<{}, Services>({
  name: 'help',
  description: { en: 'List the commands', ru: 'Список команд' },
  options: {},
  run({ lang, services }) {
    const commands = [...services.commands().values()].filter((c) => !c.hidden)
    return reply.of(
      { type: 'heading', text: lang === 'ru' ? 'Команды benchwatch' : 'benchwatch commands' },
      {
        type: 'items',
        items: commands.map((c) => ({ title: usageOf(c), detail: c.description[lang] })),
      }
    )
  },
})
