import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type * as ResvgModule from '@resvg/resvg-js'
import { CHART_FONT_FAMILY } from '../core/chart.js'

// The font ships in an npm package so a chart looks the same on every machine, Cyrillic
// included; resvg cannot read woff/woff2, and system fonts are never consulted.
const FONT_FILE = join(
  dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')),
  'ttf',
  'DejaVuSans.ttf'
)
const BOLD_FONT_FILE = join(dirname(FONT_FILE), 'DejaVuSans-Bold.ttf')

// The native renderer is loaded with the first chart, not with the command registry.
const requireModule = createRequire(import.meta.url)
let resvgModule: typeof ResvgModule | undefined

/**
 * Renders a chart's SVG to PNG bytes with resvg and the bundled DejaVu Sans.
 *
 * @example
 * const png = renderSvgToPng(buildChartSvg(table, 'en').svg)
 */
export function renderSvgToPng(svg: string): Uint8Array {
  const { Resvg } = (resvgModule ??= requireModule('@resvg/resvg-js') as typeof ResvgModule)
  const resvg = new Resvg(svg, {
    font: {
      loadSystemFonts: false,
      fontFiles: [FONT_FILE, BOLD_FONT_FILE],
      defaultFontFamily: CHART_FONT_FAMILY,
    },
    background: '#ffffff',
  })
  return new Uint8Array(resvg.render().asPng())
}

/**
 * Width and height from a PNG's IHDR header, or null when the bytes are not a PNG.
 *
 * @example
 * pngSize(png) // { width: 880, height: 330 }
 */
export function pngSize(png: Uint8Array): { width: number; height: number } | null {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
  if (png.length < 24 || signature.some((b, i) => png[i] !== b)) return null
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength)
  return { width: view.getUint32(16), height: view.getUint32(20) }
}
