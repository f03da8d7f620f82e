/**
 * A story that may go into a digest.
 *
 * @example
 * const c: DigestCandidate = { id: 'it_1', storyId: 'it_1', title: 'Llama 4 scores inflated',
 *   publishedAt: '2026-01-02T06:30:00Z', sources: 2, controversy: { score: 0.9, tags: ['fabricated'] } }
 */
export interface DigestCandidate {
  id: string
  storyId: string
  title: string
  url?: string | null
  outlet?: string | null
  publishedAt: string
  /** Items telling the story (1 for a story told once). */
  sources: number
  /** Set when the classifier called the story a benchmark controversy. */
  controversy?: { score: number; tags: string[] }
}

/** A digest: controversies first, then the other top stories, and how many were left out. */
export interface Digest {
  controversies: DigestCandidate[]
  top: DigestCandidate[]
  /** Stories in the window that did not fit. */
  omitted: number
}

/** Options for {@link buildDigest}. */
export interface DigestOptions {
  now: Date
  /** How far back the digest looks. Default 24 h. */
  windowMs?: number
  /** Stories in the digest at most, both sections together. Default 10. */
  maxItems?: number
}

function rank(a: DigestCandidate, b: DigestCandidate): number {
  return (
    Number(Boolean(b.controversy)) - Number(Boolean(a.controversy)) ||
    b.sources - a.sources ||
    b.publishedAt.localeCompare(a.publishedAt) ||
    a.id.localeCompare(b.id)
  )
}

/**
 * Picks and orders a digest's stories: those published in the window before `now`, one per
 * story, controversies first, then by number of sources, then newest first.
 *
 * @example
 * buildDigest(candidates, { now: new Date('2026-01-02T09:00:00Z') })
 * // { controversies: [llama4], top: [glm47], omitted: 0 }
 */
export function buildDigest(candidates: readonly DigestCandidate[], options: DigestOptions): Digest {
  const windowMs = options.windowMs ?? 24 * 60 * 60 * 1000
  const maxItems = options.maxItems ?? 10
  const end = options.now.getTime()
  const start = end - windowMs
  const byStory = new Map<string, DigestCandidate>()
  for (const c of candidates) {
    const at = Date.parse(c.publishedAt)
    if (!(at > start && at <= end)) continue
    const seen = byStory.get(c.storyId)
    if (!seen || rank(c, seen) < 0) byStory.set(c.storyId, c)
  }
  const ranked = [...byStory.values()].sort(rank)
  const chosen = ranked.slice(0, maxItems)
  return {
    controversies: chosen.filter((c) => c.controversy),
    top: chosen.filter((c) => !c.controversy),
    omitted: ranked.length - chosen.length,
  }
}
