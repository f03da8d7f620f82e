import { createRequire } from 'node:module'
import type { parseHTML as ParseHTML } from 'linkedom'

// linkedom and its dependencies take ~16 MB of a process's memory; they load with the first
// document that needs a DOM (a table worth reading, a page to discover feeds on, an article for
// its full text) rather than at start.
let parse: typeof ParseHTML | undefined

/**
 * A DOM for an HTML document or fragment (linkedom's `parseHTML`, loaded on first call).
 *
 * @example
 * parseHtml('<table><tr><td>MMLU</td></tr></table>').document.querySelectorAll('td').length // 1
 */
export function parseHtml(html: string): ReturnType<typeof ParseHTML> {
  parse ??= (createRequire(import.meta.url)('linkedom') as { parseHTML: typeof ParseHTML })
    .parseHTML
  return parse(html)
}
