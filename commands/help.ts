import { defineCommand } from '../src/core/command.js'
import { localized } from '../src/core/i18n.js'
import { reply } from '../src/core/reply.js'
import type { Services } from '../src/services.js'
import { helpBlocks } from './_shared.js'

export default defineCommand<{}, Services>({
  name: 'help',
  description: localized('help.description'),
  options: {},
  run({ lang, services }) {
    return reply.of(...helpBlocks(services, lang))
  },
})
