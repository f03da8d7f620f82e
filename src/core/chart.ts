import type { ConsolidatedTable } from './consolidate.js'
import { formatDelta, formatScore } from './discrepancy-view.js'
import { t, type Lang } from './i18n.js'

/** A chart ready to render: the SVG text and its size in pixels. */
export interface ChartSvg {
  svg: string
  width: number
  height: number
}

/** The font the PNG renderer loads; the SVG names it so no system font is ever looked up. */
export const CHART_FONT_FAMILY = 'DejaVu Sans'

const WIDTH = 880
const LEFT = 190
const BAR_AREA = 470
const BAR_HEIGHT = 18
const GROUP_GAP = 18
const TOP = 78
const FOOT_LINE = 18
const COLOURS = {
  claimed: '#8aa4c8',
  measured: '#e07b39',
  text: '#1f2933',
  muted: '#52606d',
  grid: '#e4e7eb',
}

function escapeXml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!
  )
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

/**
 * Builds the claimed-vs-measured bar chart of a model's discrepancy table as SVG: one pair of
 * bars per benchmark (claimed, then measured), each value written at its bar's end, Δ on the
 * right, numbered sources in the footer, labels in `lang`. Pure: the PNG step is
 * `src/render/chart-png.ts`.
 *
 * @example
 * const { svg, width, height } = buildChartSvg(table, 'ru')
 * svg.includes('Заявлено') // true
 */
export function buildChartSvg(table: ConsolidatedTable, lang: Lang): ChartSvg {
  const rows = table.rows
  const percentOnly = rows.every((r) => r.unit === '%')
  const maxValue = Math.max(
    percentOnly ? 100 : 0,
    ...rows.flatMap((r) => [r.claimed.max, r.measured.max]),
    1
  )
  const scale = (v: number) => Math.max(1, (Math.max(0, v) / maxValue) * BAR_AREA)
  const groupHeight = BAR_HEIGHT * 2 + 4 + GROUP_GAP
  const footLines = table.sources.map((s) =>
    clip(`[${s.number}] ${s.title}${s.outlet ? ` — ${s.outlet}` : ''}`, 110)
  )
  const plotBottom = TOP + rows.length * groupHeight
  const height = plotBottom + 20 + (footLines.length + 1) * FOOT_LINE + 12
  const parts: string[] = []
  const text = (x: number, y: number, value: string, attrs = '') =>
    parts.push(`<text x="${x}" y="${y}"${attrs ? ` ${attrs}` : ''}>${escapeXml(value)}</text>`)

  parts.push(`<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`)
  text(
    24,
    34,
    clip(t(lang, 'chart.title', { model: table.model }), 70),
    `font-size="20" font-weight="bold" fill="${COLOURS.text}"`
  )
  // Legend
  parts.push(`<rect x="24" y="48" width="14" height="14" fill="${COLOURS.claimed}"/>`)
  text(44, 60, t(lang, 'chart.claimed'), `font-size="13" fill="${COLOURS.text}"`)
  parts.push(`<rect x="164" y="48" width="14" height="14" fill="${COLOURS.measured}"/>`)
  text(184, 60, t(lang, 'chart.measured'), `font-size="13" fill="${COLOURS.text}"`)
  text(
    WIDTH - 24,
    60,
    'Δ',
    `font-size="13" font-weight="bold" text-anchor="end" fill="${COLOURS.text}"`
  )

  rows.forEach((row, i) => {
    const y = TOP + i * groupHeight
    const label = row.conditions ? `${row.benchmark} (${row.conditions})` : row.benchmark
    text(
      LEFT - 10,
      y + BAR_HEIGHT + 6,
      clip(label, 24),
      `font-size="14" text-anchor="end" fill="${COLOURS.text}"`
    )
    const claimedWidth = scale(row.claimed.max)
    const measuredWidth = scale(row.measured.max)
    parts.push(
      `<rect class="bar claimed" x="${LEFT}" y="${y}" width="${claimedWidth.toFixed(1)}" height="${BAR_HEIGHT}" fill="${COLOURS.claimed}"/>`
    )
    text(
      LEFT + claimedWidth + 6,
      y + BAR_HEIGHT - 4,
      formatScore(lang, row.claimed, row.unit),
      `font-size="12" fill="${COLOURS.text}"`
    )
    const my = y + BAR_HEIGHT + 4
    parts.push(
      `<rect class="bar measured" x="${LEFT}" y="${my}" width="${measuredWidth.toFixed(1)}" height="${BAR_HEIGHT}" fill="${COLOURS.measured}"/>`
    )
    text(
      LEFT + measuredWidth + 6,
      my + BAR_HEIGHT - 4,
      formatScore(lang, row.measured, row.unit),
      `font-size="12" fill="${COLOURS.text}"`
    )
    const negative = row.delta.max < 0
    text(
      WIDTH - 24,
      y + BAR_HEIGHT + 6,
      formatDelta(lang, row.delta),
      `class="delta" font-size="15" font-weight="bold" text-anchor="end" fill="${negative ? '#c0392b' : '#2e7d32'}"`
    )
  })

  parts.push(
    `<line x1="24" y1="${plotBottom + 4}" x2="${WIDTH - 24}" y2="${plotBottom + 4}" stroke="${COLOURS.grid}"/>`
  )
  let fy = plotBottom + 24
  text(
    24,
    fy,
    t(lang, 'chart.sources'),
    `font-size="12" font-weight="bold" fill="${COLOURS.muted}"`
  )
  for (const line of footLines) {
    fy += FOOT_LINE
    text(24, fy, line, `class="source" font-size="12" fill="${COLOURS.muted}"`)
  }

  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="${CHART_FONT_FAMILY}">`,
    ...parts,
    '</svg>',
  ].join('\n')
  return { svg, width: WIDTH, height }
}
