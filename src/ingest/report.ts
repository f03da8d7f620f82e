import type { FeedPollResult, PollReport } from './poller.js'

/**
 * The one-line summary `benchwatch ingest` and `benchwatch poll` print.
 *
 * @example
 * summaryLine(report) // '3 feeds: 2 ok, 1 not modified, 0 failed · 12 new items, 3 duplicates, 0 updated · 0.41 s'
 */
export function summaryLine(report: PollReport): string {
  const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`
  return (
    `${plural(report.feeds, 'feed')}: ${report.ok} ok, ${report.notModified} not modified, ${report.failed} failed · ` +
    `${plural(report.newItems, 'new item')}, ${plural(report.duplicates, 'duplicate')}, ${report.updated} updated · ` +
    `${report.seconds.toFixed(2)} s`
  )
}

/** A progress writer for terminals: one self-overwriting line, cleared at the end. */
export function progressWriter(
  stream: NodeJS.WritableStream,
  enabled: boolean
): { onFeed: (result: FeedPollResult, done: number, total: number) => void; clear: () => void } {
  let shown = false
  return {
    onFeed(result, done, total) {
      if (!enabled || total < 3) return
      const mark =
        result.status === 'failed'
          ? `failed ${result.code}`
          : result.status === 'ok'
            ? `+${result.newItems}`
            : '304'
      stream.write(`\r\x1b[K[${done}/${total}] ${mark}`)
      shown = true
    },
    clear() {
      if (shown) stream.write('\r\x1b[K')
    },
  }
}
