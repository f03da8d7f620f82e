import { defineCommand, type OptionSpecs } from '../src/core/command.js'
import { UserError } from '../src/core/errors.js'
import { localized, t } from '../src/core/i18n.js'
import { reply } from '../src/core/reply.js'
import type { Services } from '../src/services.js'
import { describeTopic, normaliseTopic } from './_topics.js'

const options = {
  subscription: {
    type: 'string',
    description: localized('unsubscribe.opt.subscription'),
    required: true,
    max: 120,
    autocomplete: 'subscription',
  },
} satisfies OptionSpecs

export default defineCommand<typeof options, Services>({
  name: 'unsubscribe',
  description: localized('unsubscribe.description'),
  options,
  preconditions: ['chatAdmin'],
  async run({ options, lang, chat, services }) {
    const wanted = options.subscription.trim()
    let removed = await services.store.subscriptions.remove(chat, wanted)
    if (!removed) {
      // "model:llama 4" finds the stored "model:llama-4".
      let topic: string | null
      try {
        topic = normaliseTopic(wanted, lang)
      } catch {
        topic = null
      }
      if (topic) removed = await services.store.subscriptions.remove(chat, topic)
    }
    if (!removed) {
      throw new UserError(
        'subscription_not_found',
        t(lang, 'unsubscribe.notFound', { subscription: wanted })
      )
    }
    return reply.text(
      t(lang, 'unsubscribe.done', { topic: describeTopic(removed.topic, lang), id: removed.id })
    )
  },
})
