import { describe, expect, it } from 'vitest'
import { buildChartSvg } from '../../src/core/chart.js'
import type { ConsolidatedTable } from '../../src/core/consolidate.js'
import { pngSize, renderSvgToPng } from '../../src/render/chart-png.js'
import { inflateSync } from 'node:zlib'

const one = (v: number) => ({ min: v, max: v, count: 1 })
const table: ConsolidatedTable = {
  model: 'Llama 4',
  modelId: 'llama-4',
  rows: [
    {
      benchmark: 'MMLU',
      benchmarkId: 'mmlu',
      unit: '%',
      claimed: one(86.5),
      measured: one(71.2),
      delta: one(-15.3),
      sources: [1],
    },
    {
      benchmark: 'GSM8K',
      benchmarkId: 'gsm8k',
      unit: '%',
      claimed: one(92.1),
      measured: one(78.8),
      delta: one(-13.3),
      sources: [1],
    },
    {
      benchmark: 'HumanEval',
      benchmarkId: 'humaneval',
      unit: '%',
      claimed: one(74.3),
      measured: one(62.9),
      delta: one(-11.4),
      sources: [1],
    },
  ],
  sources: [
    {
      id: 'a',
      number: 1,
      title: 'Скандал с бенчмарками Llama 4 <утечка> & аудит',
      outlet: 'AI Manual',
    },
  ],
}

describe('buildChartSvg', () => {
  it('GIVEN the seed table THEN it has a pair of bars per benchmark, values, Δ and the source', () => {
    const { svg, width, height } = buildChartSvg(table, 'en')
    expect(width).toBe(880)
    expect(svg).toContain(`height="${height}"`)
    expect(svg.match(/class="bar claimed"/g)).toHaveLength(3)
    expect(svg.match(/class="bar measured"/g)).toHaveLength(3)
    for (const text of [
      'MMLU',
      'GSM8K',
      'HumanEval',
      '86.5%',
      '71.2%',
      '−15.3',
      '−13.3',
      '−11.4',
      'Claimed',
      'Measured',
      'Sources',
    ]) {
      expect(svg).toContain(`>${text}<`)
    }
    // The source title is escaped, not markup.
    expect(svg).toContain(
      '[1] Скандал с бенчмарками Llama 4 &lt;утечка&gt; &amp; аудит — AI Manual'
    )
    // A longer claimed bar than measured bar: 86.5 of 100 over 470 px.
    expect(svg).toContain('class="bar claimed" x="190" y="78" width="406.6"')
    expect(svg).toContain('font-family="DejaVu Sans"')
  })

  it('GIVEN Russian THEN labels and numbers are Russian', () => {
    const { svg } = buildChartSvg(table, 'ru')
    expect(svg).toContain('>Заявлено<')
    expect(svg).toContain('>Измерено<')
    expect(svg).toContain('>86,5\u00a0%<')
    expect(svg).toContain('>−15,3<')
  })
})

describe('renderSvgToPng', () => {
  it('GIVEN a chart THEN the PNG has the SVG size and renders in under 200 ms', () => {
    const { svg, height } = buildChartSvg(table, 'ru')
    renderSvgToPng(svg) // warm-up: font parsing
    // The fastest of five: the machine is shared, and noise only ever adds time.
    let fastest = Infinity
    let png: Uint8Array = new Uint8Array()
    for (let i = 0; i < 5; i++) {
      const started = performance.now()
      png = renderSvgToPng(svg)
      fastest = Math.min(fastest, performance.now() - started)
    }
    expect(fastest).toBeLessThan(200)
    expect(pngSize(png)).toEqual({ width: 880, height })
  })

  it('GIVEN a label THEN its text draws pixels (the bundled font covers Cyrillic)', () => {
    const blank =
      '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><rect width="200" height="40" fill="#fff"/></svg>'
    const labelled = blank.replace(
      '</svg>',
      '<text x="10" y="28" font-size="20" fill="#000">Заявлено</text></svg>'
    )
    const inkOf = (svg: string) => PNG_DECODE.darkPixels(renderSvgToPng(svg))
    expect(inkOf(blank)).toBe(0)
    expect(inkOf(labelled)).toBeGreaterThan(100)
  })

  it('GIVEN bytes that are not a PNG THEN pngSize says null', () => {
    expect(pngSize(new Uint8Array([1, 2, 3]))).toBeNull()
  })
})

/**
 * A minimal PNG reader for tests: enough to count dark pixels in an 8-bit RGB/RGBA image that
 * resvg wrote (IDAT concatenated, inflated, scanline filters undone).
 */
const PNG_DECODE = {
  darkPixels(png: Uint8Array): number {
    const buf = Buffer.from(png)
    const width = buf.readUInt32BE(16)
    const height = buf.readUInt32BE(20)
    const colourType = buf[25]!
    const channels = colourType === 6 ? 4 : colourType === 2 ? 3 : colourType === 4 ? 2 : 1
    const idat: Buffer[] = []
    for (let offset = 8; offset < buf.length;) {
      const length = buf.readUInt32BE(offset)
      const type = buf.toString('latin1', offset + 4, offset + 8)
      if (type === 'IDAT') idat.push(buf.subarray(offset + 8, offset + 8 + length))
      offset += length + 12
    }
    const raw = inflateSync(Buffer.concat(idat))
    const stride = width * channels
    const prev = Buffer.alloc(stride)
    const line = Buffer.alloc(stride)
    let dark = 0
    for (let y = 0; y < height; y++) {
      const filter = raw[y * (stride + 1)]!
      const row = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1))
      for (let x = 0; x < stride; x++) {
        const a = x >= channels ? line[x - channels]! : 0
        const b = prev[x]!
        const c = x >= channels ? prev[x - channels]! : 0
        const p = a + b - c
        const pa = Math.abs(p - a)
        const pb = Math.abs(p - b)
        const pc = Math.abs(p - c)
        const paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
        const predictor = [0, a, b, (a + b) >> 1, paeth][filter]!
        line[x] = (row[x]! + predictor) & 0xff
      }
      for (let x = 0; x < width; x++) if (line[x * channels]! < 128) dark++
      line.copy(prev)
    }
    return dark
  },
}
