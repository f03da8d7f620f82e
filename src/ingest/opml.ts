import { parseDocument } from 'htmlparser2'
import type { Element } from 'domhandler'
import { FeedListError, type FeedListEntry } from './feeds-file.js'

/**
 * Feeds listed in an OPML document: every `<outline>` with an `xmlUrl`, nested folders included;
 * its `text`/`title` becomes the feed title. Throws FeedListError for a document that is not OPML.
 *
 * @example
 * parseOpml('<opml><body><outline text="HF" xmlUrl="https://huggingface.co/blog/feed.xml"/></body></opml>')
 * // [{ url: 'https://huggingface.co/blog/feed.xml', title: 'HF' }]
 */
export function parseOpml(text: string): FeedListEntry[] {
  const document = parseDocument(text, { xmlMode: true, decodeEntities: true })
  const outlines: FeedListEntry[] = []
  let isOpml = false
  const visit = (nodes: ReadonlyArray<unknown>) => {
    for (const node of nodes as Element[]) {
      if (node.type !== 'tag') continue
      const name = node.name.toLowerCase()
      if (name === 'opml') isOpml = true
      if (name === 'outline') {
        const attrs = lowerKeys(node.attribs)
        const url = attrs.xmlurl?.trim()
        if (url) {
          const title = (attrs.title ?? attrs.text)?.trim()
          outlines.push(title ? { url, title } : { url })
        }
      }
      visit(node.children)
    }
  }
  visit(document.children)
  if (!isOpml) throw new FeedListError('not an OPML document (no <opml> element)')
  return outlines
}

/**
 * An OPML 2.0 document listing feeds.
 *
 * @example
 * toOpml([{ url: 'https://simonwillison.net/atom/everything/', title: 'Simon Willison' }])
 */
export function toOpml(
  feeds: Array<{ url: string; title?: string | null; siteUrl?: string | null }>,
  title = 'benchwatch feeds'
): string {
  const lines = feeds.map((f) => {
    const name = escapeAttr(f.title ?? f.url)
    const site = f.siteUrl ? ` htmlUrl="${escapeAttr(f.siteUrl)}"` : ''
    return `    <outline type="rss" text="${name}" title="${name}" xmlUrl="${escapeAttr(f.url)}"${site}/>`
  })
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    `  <head><title>${escapeAttr(title)}</title></head>`,
    '  <body>',
    ...lines,
    '  </body>',
    '</opml>',
    '',
  ].join('\n')
}

function lowerKeys(attribs: Record<string, string>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(attribs).map(([k, v]) => [k.toLowerCase(), v]))
}

function escapeAttr(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
}
