// Okapi BM25's usual constants: term frequency saturates around k1, b weighs document length.
const K1 = 1.2
const B = 0.75

/**
 * BM25 scores of documents that all matched the same AND query, given as stored search text
 * (space-separated stems, see `searchText`); higher is better, one score per document in order.
 *
 * Every candidate holds every query stem, so the inverse document frequency is the same for all
 * of them and is left out: reading it from the index means walking each stem's whole posting
 * list, which for a common word in a million items costs tens of milliseconds per query.
 *
 * @example
 * scoreMatches(['llama contamin', 'llama 4 test with a long text about contamin'], ['llama', 'contamin'])
 * // the first (shorter, same counts) scores higher
 */
export function scoreMatches(
  documents: readonly string[],
  queryStems: readonly string[]
): number[] {
  const wanted = new Set(queryStems)
  const counts = documents.map((text) => {
    const tf = new Map<string, number>()
    let length = 0
    for (const token of text.split(' ')) {
      if (token === '') continue
      length++
      if (wanted.has(token)) tf.set(token, (tf.get(token) ?? 0) + 1)
    }
    return { tf, length }
  })
  const averageLength =
    counts.reduce((sum, c) => sum + c.length, 0) / Math.max(1, counts.length) || 1
  return counts.map(({ tf, length }) => {
    let score = 0
    for (const stem of wanted) {
      const f = tf.get(stem) ?? 0
      score += (f * (K1 + 1)) / (f + K1 * (1 - B + (B * length) / averageLength))
    }
    return score
  })
}
