/**
 * English messages. Keys are grouped by the command or concern that shows them; `{name}`
 * placeholders are filled by `t()`, and objects are plural forms chosen by `Intl.PluralRules`
 * on `{count}`.
 */
export const en = {
  // Shared words
  'common.usage': 'Usage',
  'common.sources': { one: '+{count} source', other: '+{count} sources' },
  'common.sourceCount': { one: '{count} source', other: '{count} sources' },
  'common.items': { one: '{count} item', other: '{count} items' },
  'common.days': { one: '{count} day', other: '{count} days' },
  'common.adminOnly': 'Only chat admins can {action}.',
  'common.notFoundItem': 'No stored item with id or URL “{item}”. Ids are shown by /news.',
  'common.didYouMean': 'Did you mean: {names}?',
  'common.score': 'score {score}',
  'common.none': 'none',
  'common.yes': 'yes',
  'common.no': 'no',

  // Relative times and durations
  'time.justNow': 'just now',
  'time.minutesAgo': '{count} min ago',
  'time.hoursAgo': '{count} h ago',
  'time.daysAgo': { one: '{count} day ago', other: '{count} days ago' },
  'time.inFuture': 'in the future',
  'duration.minutes': '{count} min',
  'duration.hours': '{count} h',
  'duration.hoursMinutes': '{hours} h {minutes} min',
  'duration.days': { one: '{count} day', other: '{count} days' },

  // Controversy tags
  'tag.contamination': 'contamination',
  'tag.cherry-picking': 'cherry-picking',
  'tag.leaderboard-gaming': 'leaderboard gaming',
  'tag.non-reproducible': 'not reproduced',
  'tag.undisclosed-conditions': 'undisclosed conditions',
  'tag.conflict-of-interest': 'conflict of interest',
  'tag.fabricated': 'fabricated',
  'tag.methodology-dispute': 'methodology dispute',

  // /news
  'news.description': 'Latest AI news, newest first; with a query, a ranked search',
  'news.opt.query': 'Words to search for (English or Russian)',
  'news.opt.limit': 'How many stories (1–20, default 10)',
  'news.heading': 'Latest AI news',
  'news.searchHeading': 'News matching “{query}”',
  'news.empty': 'No news stored yet. Feeds are polled every few minutes.',
  'news.noMatch': 'Nothing matches “{query}”. Try fewer or other words.',

  // /controversies
  'controversies.description':
    'Benchmark controversies: inflated or unreproduced scores, contamination, gaming',
  'controversies.opt.days': 'Look back this many days (default 7)',
  'controversies.heading': {
    one: 'Benchmark controversies, last {count} day',
    other: 'Benchmark controversies, last {count} days',
  },
  'controversies.olderNote': {
    one: 'None in the last {count} day. The most recent ones, the newest {age}:',
    other: 'None in the last {count} days. The most recent ones, the newest {age}:',
  },
  'controversies.empty': 'No benchmark controversies stored yet.',
  'controversies.disclaimer':
    'Tags and scores come from an automatic classifier; read the sources.',

  // /table
  'table.description': 'Claimed vs independently measured scores for a model, with sources',
  'table.opt.model': 'Model name, e.g. Llama 4',
  'table.opt.benchmark': 'Only this benchmark, e.g. MMLU',
  'table.heading': '{model}: claimed vs measured',
  'table.col.benchmark': 'Benchmark',
  'table.col.claimed': 'Claimed',
  'table.col.measured': 'Measured',
  'table.col.delta': 'Δ',
  'table.col.sources': 'Src',
  'table.sourcesHeading': 'Sources',
  'table.olderSources': {
    one: '…{count} older source not shown',
    other: '…{count} older sources not shown',
  },
  'table.disclaimer':
    'Figures as the sources report them; benchwatch does not verify them. (n) = values from n sources.',
  'table.unknownModel': 'No model called “{model}” is known.',
  'table.noRows': 'No claimed-vs-measured figures for {model} yet.',
  'table.noRowsBenchmark': 'No claimed-vs-measured figures for {model} on {benchmark} yet.',
  'table.variants': 'There are tables for: {names}.',
  'table.chartAlt': '{model}: claimed and measured scores per benchmark',

  // Chart labels
  'chart.claimed': 'Claimed',
  'chart.measured': 'Measured',
  'chart.title': '{model}: claimed vs independently measured',
  'chart.sources': 'Sources',

  // /summary
  'summary.description': 'Summary of a news item (id from /news, or a URL)',
  'summary.opt.item': 'Item id or article URL',
  'summary.fetchedNote': 'Not in the feeds benchwatch reads; fetched and summarised just now.',
  'summary.noText': 'The item has no text to summarise beyond its title.',
  'summary.cannotFetch': 'Could not read {url}: {reason}',
  'summary.noFetcher': 'No stored item has that URL, and fetching pages is not available here.',
  'summary.notArticle': 'That page has no readable article.',

  // /subscribe, /unsubscribe, /subscriptions
  'subscribe.description':
    'Subscribe this chat: all, controversies, model:NAME, benchmark:NAME, keyword:WORDS',
  'subscribe.opt.topic': 'all | controversies | model:NAME | benchmark:NAME | keyword:WORDS',
  'subscribe.opt.mode': 'realtime (each item, default) or digest (one post a day)',
  'subscribe.created': 'Subscribed this chat to {topic} ({mode}). Id: {id}.',
  'subscribe.updated': 'This chat was already subscribed to {topic}; mode is now {mode}. Id: {id}.',
  'subscribe.digestAt':
    'The digest is posted daily at {time} ({zone}); change it with /digest HH:MM Zone.',
  'subscribe.badTopic':
    'Unknown topic “{topic}”. Use all, controversies, model:NAME, benchmark:NAME or keyword:WORDS.',
  'subscribe.emptyTopic': 'Say what to follow after “{kind}:”, e.g. {example}.',
  'subscribe.unknownModel': 'No model called “{name}” is known.',
  'subscribe.unknownBenchmark': 'No benchmark called “{name}” is known.',
  'subscribe.keywordTooLong': 'Keywords are limited to {max} characters.',
  'unsubscribe.description': 'Remove one of this chat’s subscriptions (id or topic)',
  'unsubscribe.opt.subscription': 'Subscription id or topic, as /subscriptions shows',
  'unsubscribe.done': 'Removed the subscription to {topic} ({id}).',
  'unsubscribe.notFound': 'This chat has no subscription “{subscription}”. See /subscriptions.',
  'subscriptions.description': 'This chat’s subscriptions with ids, mode and digest time',
  'subscriptions.heading': 'Subscriptions of this chat',
  'subscriptions.empty':
    'This chat has no subscriptions. Admins can add one with /subscribe controversies.',
  'subscriptions.col.id': 'Id',
  'subscriptions.col.topic': 'Topic',
  'subscriptions.col.mode': 'Mode',
  'subscriptions.col.status': 'Status',
  'subscriptions.active': 'active',
  'subscriptions.paused': 'paused: {reason}',
  'subscriptions.digestTime': 'Digest: daily at {time} ({zone}).',
  'mode.realtime': 'realtime',
  'mode.digest': 'digest',
  'topic.all': 'all AI news',
  'topic.controversies': 'benchmark controversies',
  'topic.model': 'model {name}',
  'topic.benchmark': 'benchmark {name}',
  'topic.keyword': 'keyword “{words}”',

  // /digest
  'digest.description': 'Set the daily digest time and zone (admins), or preview today’s digest',
  'digest.opt.time': 'HH:MM (24-hour), or “preview”',
  'digest.opt.timezone': 'IANA time zone, e.g. Europe/Moscow',
  'digest.current': 'The daily digest is posted at {time} ({zone}).',
  'digest.set': 'The daily digest will be posted at {time} ({zone}).',
  'digest.noDigestSubs':
    'No subscription of this chat is in digest mode yet: /subscribe controversies digest.',
  'digest.badTime': '“{time}” is not a time; use HH:MM in 24-hour form, e.g. 09:00.',
  'digest.badZone': '“{zone}” is not a time zone; use an IANA name like Europe/Moscow or UTC.',
  'digest.adminAction': 'change the digest time',
  'digest.title': 'benchwatch digest · {date}',
  'digest.quiet': 'Quiet day: nothing new on this topic in the last 24 hours.',
  'digest.controversyMark': 'controversy',
  'digest.controversies': 'Controversies',
  'digest.top': 'Top stories',
  'digest.empty': 'Nothing new in the last 24 hours.',
  'digest.more': { one: '…and {count} more item.', other: '…and {count} more items.' },

  // /sources
  'sources.description':
    'Feeds this chat gets news from, with health; admins add or remove chat feeds',
  'sources.opt.action': 'add or remove (leave empty to list)',
  'sources.opt.target': 'Feed or site URL to add, or feed id to remove',
  'sources.heading': 'Feeds',
  'sources.empty': 'No feeds configured.',
  'sources.ok': 'ok',
  'sources.neverFetched': 'not fetched yet',
  'sources.failing': 'failing for {duration} ({count} tries): {error}',
  'sources.disabled': 'disabled: {reason}',
  'sources.lastOk': 'last ok {age}',
  'sources.chatFeed': 'added by this chat',
  'sources.adminAction': 'add or remove feeds',
  'sources.needUrl': 'Give the feed or site URL: /sources add https://example.org/feed.xml',
  'sources.needId': 'Give the feed id from /sources: /sources remove ID',
  'sources.badUrl': '“{url}” is not an http(s) URL.',
  'sources.noFeedFound': 'No feed found at {url}.',
  'sources.added': 'Added {title} ({id}); its items go to this chat only.',
  'sources.exists': 'This chat already has that feed ({id}).',
  'sources.removed': 'Removed feed {title} ({id}).',
  'sources.notFound': 'No feed “{id}”. See /sources.',
  'sources.notYours': 'Feed {id} is not one this chat added; only those can be removed here.',

  // /why
  'why.description': 'Why an item was or was not posted here: subscriptions, classifier, delivery',
  'why.opt.item': 'Item id or URL',
  'why.heading': 'Why: {title}',
  'why.classifier': 'Classifier: {label}, {score}{tags}',
  'why.classifierNone': 'Classifier: not classified yet.',
  'why.label.controversy': 'controversy',
  'why.label.not': 'not a controversy',
  'why.reasons': 'Reasons',
  'why.story': {
    one: 'Story: {story}, told by {count} item.',
    other: 'Story: {story}, told by {count} items.',
  },
  'why.backlog':
    'Backlog: the item was already in its feed when the feed was added, so it is stored but never pushed.',
  'why.subscriptions': 'Subscriptions of this chat',
  'why.noSubscriptions': 'This chat has no subscriptions, so nothing is posted here.',
  'why.matches': '{topic}: matches',
  'why.noMatch': '{topic}: no match',
  'why.delivery.sent': 'Posted here {age}.',
  'why.delivery.pending': 'Queued for posting (attempt {attempts}).',
  'why.delivery.sending': 'Being posted right now.',
  'why.delivery.dead': 'Posting failed for good: {error}',
  'why.delivery.none': 'Not posted here.',
  'why.delivery.otherItem': 'Another item of the same story was posted here instead.',

  // /lang
  'lang.description': 'Set this chat’s language: en or ru',
  'lang.opt.lang': 'en or ru',
  'lang.current': 'This chat’s language is English. Change it with /lang ru.',
  'lang.set': 'This chat will get answers and posts in English.',
  'lang.adminAction': 'change the chat’s language',

  // /help, /start
  'help.description': 'List the commands',
  'help.heading': 'benchwatch commands',
  'help.footer':
    'Arguments in <> are required, in [] optional. Quote names with spaces if needed: /table "Llama 4" MMLU.',
  'start.description': 'Greeting and the list of commands',
  'start.greeting':
    'Hi! I watch AI news feeds and flag benchmark controversies: scores a lab claimed that independent testing did not reproduce, contaminated test sets, gamed leaderboards. Try /controversies or /table Llama 4.',
} as const
