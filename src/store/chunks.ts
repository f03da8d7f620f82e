/**
 * A list cut into consecutive parts of at most `size`: statements built from them stay under
 * SQLite's and PostgreSQL's bound-parameter limits.
 */
export function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size))
  return out
}
