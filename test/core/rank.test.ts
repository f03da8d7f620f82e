import { describe, expect, it } from 'vitest'
import { scoreMatches } from '../../src/core/rank.js'

describe('scoreMatches', () => {
  it('GIVEN matches THEN more occurrences of the query rank higher, up to a saturation', () => {
    const [once, twice, tenTimes] = scoreMatches(
      [
        'llama contamin report a b c d e f g h i j k',
        'llama contamin contamin report a b c d e f g h i j',
        'llama contamin contamin contamin contamin contamin contamin contamin contamin contamin contamin',
      ],
      ['llama', 'contamin']
    )
    expect(twice!).toBeGreaterThan(once!)
    expect(tenTimes!).toBeGreaterThan(twice!)
    // a term's weight saturates below k1 + 1 = 2.2 however often it occurs
    expect(tenTimes! - once!).toBeLessThan(2.2)
  })

  it('GIVEN the same counts THEN the shorter text ranks higher', () => {
    const [short, long] = scoreMatches(
      ['gpt 5 inflat', 'gpt 5 inflat and a great deal of other text about chip and price and data'],
      ['gpt', 'inflat']
    )
    expect(short!).toBeGreaterThan(long!)
  })

  it('GIVEN no documents or a stem absent from one THEN scores stay finite and that one is lowest', () => {
    expect(scoreMatches([], ['x'])).toEqual([])
    const [both, one] = scoreMatches(['a b', 'a c'], ['a', 'b'])
    expect(both!).toBeGreaterThan(one!)
    expect(scoreMatches([''], ['a'])).toEqual([0])
  })
})
