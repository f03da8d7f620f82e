import { defineCommand, type OptionSpecs } from '../src/core/command.js'
import { localized, t } from '../src/core/i18n.js'
import { reply } from '../src/core/reply.js'
import type { Services } from '../src/services.js'
import { DEFAULT_DIGEST_TIME, DEFAULT_TIMEZONE, describeTopic, normaliseTopic } from './_topics.js'

const options = {
  topic: {
    type: 'string',
    description: localized('subscribe.opt.topic'),
    required: true,
    max: 120,
  },
  mode: {
    type: 'string',
    description: localized('subscribe.opt.mode'),
    choices: ['realtime', 'digest'],
  },
} satisfies OptionSpecs

export default defineCommand<typeof options, Services>({
  name: 'subscribe',
  description: localized('subscribe.description'),
  options,
  preconditions: ['chatAdmin'],
  async run({ options, lang, now, chat, user, services }) {
    const topic = normaliseTopic(options.topic, lang)
    const mode = options.mode === 'digest' ? 'digest' : 'realtime'
    const settings = await services.store.chats.upsert(chat, {}, now)
    const { subscription, created } = await services.store.subscriptions.add(
      { chatRef: chat, topic, mode, createdBy: user.id },
      now
    )
    const values = {
      topic: describeTopic(topic, lang),
      mode: t(lang, mode === 'digest' ? 'mode.digest' : 'mode.realtime'),
      id: subscription.id,
    }
    const lines = [t(lang, created ? 'subscribe.created' : 'subscribe.updated', values)]
    if (mode === 'digest') {
      lines.push(
        t(lang, 'subscribe.digestAt', {
          time: settings.digestTime ?? DEFAULT_DIGEST_TIME,
          zone: settings.timezone ?? DEFAULT_TIMEZONE,
        })
      )
    }
    return reply.text(lines.join('\n'))
  },
})
