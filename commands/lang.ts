import { defineCommand, type OptionSpecs } from '../src/core/command.js'
import { localized, t } from '../src/core/i18n.js'
import { reply } from '../src/core/reply.js'
import type { Services } from '../src/services.js'
import { requireAdmin } from './_shared.js'

const options = {
  lang: { type: 'string', description: localized('lang.opt.lang'), choices: ['en', 'ru'] },
} satisfies OptionSpecs

export default defineCommand<typeof options, Services>({
  name: 'lang',
  description: localized('lang.description'),
  options,
  async run(ctx) {
    const { options, lang, now, chat, services } = ctx
    if (!options.lang) return reply.text(t(lang, 'lang.current'))
    requireAdmin(ctx, 'lang.adminAction')
    const chosen = options.lang === 'ru' ? 'ru' : 'en'
    await services.store.chats.upsert(chat, { lang: chosen }, now)
    return reply.text(t(chosen, 'lang.set'))
  },
})
