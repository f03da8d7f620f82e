import { readFile } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import { describeError } from '../../../core/errors.js'
import { decodeFeedBytes } from '../../../ingest/charset.js'
import { discoverFeeds, looksLikeHtml } from '../../../ingest/discover.js'
import { cleanText, parseFeedDate } from '../../../ingest/normalise.js'
import { FeedParseError, parseFeed } from '../../../ingest/parse/index.js'
import { defineSubcommand, writeLine } from '../subcommand.js'

const USAGE = `usage: benchwatch parse [--base URL] [FILE|-]

Parses one feed document (RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed 1.0/1.1; any charset) and
prints {"title","items":[{"title","link","published"}]} as JSON. Reads stdin when FILE is - or
absent. --base resolves relative links against URL (the feed's address).
Exit 1 with a one-line error when the document is not a readable feed.`

export default defineSubcommand({
  name: 'parse',
  summary: 'parse one feed document and print its items as JSON',
  usage: USAGE,
  async run(args, io) {
    let file: string | undefined
    let base: string | undefined
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]
      if (arg === '--help' || arg === '-h') {
        writeLine(io.stdout, USAGE)
        return 0
      }
      if (arg === '--base') {
        base = args[++i]
        if (!base) return usageError(io.stderr, '--base needs a URL')
      } else if (arg.startsWith('-') && arg !== '-') {
        return usageError(io.stderr, `unknown option ${arg}`)
      } else if (file === undefined) {
        file = arg
      } else {
        return usageError(io.stderr, 'give one FILE at a time')
      }
    }
    const source = file === undefined || file === '-' ? 'stdin' : file
    let bytes: Uint8Array
    try {
      bytes = source === 'stdin' ? await readAll(io.stdin) : await readFile(source)
    } catch (error) {
      writeLine(io.stderr, `benchwatch parse: cannot read ${source}: ${describeError(error)}`)
      return 1
    }
    try {
      const output = parseToOutput(bytes, base)
      writeLine(io.stdout, io.isTty ? JSON.stringify(output, null, 2) : JSON.stringify(output))
      return 0
    } catch (error) {
      const reason =
        error instanceof FeedParseError ? `${error.message} (${error.code})` : describeError(error)
      writeLine(io.stderr, `benchwatch parse: ${source}: ${reason}${advertisedFeeds(bytes, base)}`)
      return 1
    }
  },
})

/** What `benchwatch parse` prints for one feed. */
export interface ParseOutput {
  title: string | null
  items: Array<{ title: string | null; link: string | null; published: string | null }>
}

/**
 * Decodes, parses and summarises one feed document the way `benchwatch parse` prints it: clean
 * text titles, links as the feed gives them (resolved against xml:base and `base`), published as
 * an ISO string. Throws FeedParseError for a document that is not a readable feed. The peer
 * corpus test calls this directly, so it checks exactly what the command prints.
 */
export function parseToOutput(bytes: Uint8Array, base?: string): ParseOutput {
  const feed = parseFeed(decodeFeedBytes(bytes).text, base)
  return {
    title: cleanText(feed.title) || null,
    items: feed.items.map((item) => ({
      title: cleanText(item.title) || null,
      link: item.link,
      published:
        (parseFeedDate(item.published) ?? parseFeedDate(item.updated))?.toISOString() ?? null,
    })),
  }
}

// An HTML page often names its feeds: say which, so the user can run parse on one of those.
function advertisedFeeds(bytes: Uint8Array, base: string | undefined): string {
  const { text } = decodeFeedBytes(bytes)
  if (!looksLikeHtml(text)) return ''
  // without --base only absolute hrefs can be shown
  const feeds = discoverFeeds(text, base ?? 'file:///')
  return feeds.length > 0 ? `; it links to ${feeds.map((f) => f.url).join(', ')}` : ''
}

function usageError(stderr: NodeJS.WritableStream, message: string): number {
  stderr.write(`benchwatch parse: ${message}\n${USAGE}\n`)
  return 2
}

async function readAll(stream: Readable): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
  return Buffer.concat(chunks)
}
