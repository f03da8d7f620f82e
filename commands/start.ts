import { defineCommand } from '../src/core/command.js'
import { localized, t } from '../src/core/i18n.js'
import { reply } from '../src/core/reply.js'
import type { Services } from '../src/services.js'
import { helpBlocks } from './_shared.js'

export default defineCommand<{}, Services>({
  name: 'start',
  description: localized('start.description'),
  options: {},
  run({ lang, services }) {
    return reply.of(
      { type: 'paragraph', text: t(lang, 'start.greeting') },
      ...helpBlocks(services, lang)
    )
  },
})
