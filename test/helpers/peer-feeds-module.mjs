// In-process adapter for ../shared/peer-feeds/run.mjs --module. Run with `node --import tsx` from
// the repo root so the TypeScript sources load: the harness gives raw bytes, we decode, parse and
// print the same shape `benchwatch parse` prints.
import { decodeFeedBytes } from '../../src/ingest/charset.ts'
import { parseFeed as parseDocument } from '../../src/ingest/parse/index.ts'

export function parseFeed(bytes) {
  const { text } = decodeFeedBytes(bytes)
  const feed = parseDocument(text)
  return {
    title: feed.title,
    items: feed.items.map((item) => ({ title: item.title, link: item.link })),
  }
}
