// Linear scans over markup. The obvious regexes (/<!\[CDATA\[[\s\S]*?\]\]>/g and friends) rescan
// to the end of the text for every unclosed opener, so 50,000 unclosed "<![CDATA[" took 7 s;
// these find each terminator once with indexOf.

/**
 * Applies `transform` to the text outside CDATA sections and comments; an unclosed section runs
 * to the end, as an XML parser reads it.
 */
export function mapOutsideCdataAndComments(
  text: string,
  transform: (part: string) => string
): string {
  let out = ''
  let position = 0
  while (position < text.length) {
    const cdata = text.indexOf('<![CDATA[', position)
    const comment = text.indexOf('<!--', position)
    const start = cdata === -1 ? comment : comment === -1 ? cdata : Math.min(cdata, comment)
    if (start === -1) break
    const terminator = start === cdata ? ']]>' : '-->'
    const close = text.indexOf(terminator, start + 4)
    const end = close === -1 ? text.length : close + terminator.length
    out += transform(text.slice(position, start)) + text.slice(start, end)
    position = end
  }
  return out + transform(text.slice(position))
}

/** Replaces each CDATA section by its content; an unclosed one keeps its content to the end. */
export function unwrapCdata(text: string): string {
  if (!text.includes('<![CDATA[')) return text
  let out = ''
  let position = 0
  for (
    let start = text.indexOf('<![CDATA[', position);
    start !== -1;
    start = text.indexOf('<![CDATA[', position)
  ) {
    const close = text.indexOf(']]>', start + 9)
    out += text.slice(position, start) + text.slice(start + 9, close === -1 ? text.length : close)
    position = close === -1 ? text.length : close + 3
  }
  return out + text.slice(position)
}

/**
 * Removes <script> and <style> elements with their content; an unclosed one removes the rest,
 * as a browser would not show it either. Each removed element is replaced by one space.
 */
export function removeScriptsAndStyles(text: string): string {
  if (!/<(script|style)/i.test(text)) return text
  const lower = text.toLowerCase()
  const opener = /<(script|style)\b/g
  let out = ''
  let position = 0
  opener.lastIndex = 0
  for (let match = opener.exec(lower); match; match = opener.exec(lower)) {
    const close = lower.indexOf(`</${match[1]}`, opener.lastIndex)
    out += `${text.slice(position, match.index)} `
    if (close === -1) return out
    const end = lower.indexOf('>', close)
    position = end === -1 ? text.length : end + 1
    opener.lastIndex = position
  }
  return out + text.slice(position)
}
