/** A plain SVG bar chart of throughput (log scale) and p99 per scenario and server. */

interface Bar {
  scenario: string
  server: string
  rps: number
  p99: number
}

const COLORS: Record<string, string> = {
  ours: '#1db954',
  'ours (no logs)': '#7bd88f',
  ceiling: '#888888',
  sqlite: '#e67e22',
  'sqlite full scan': '#c0392b',
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;')

/** The SVG text. */
export function renderChart(bars: Bar[]): string {
  const rowH = 18
  const left = 330
  const width = 980
  const barW = 400
  const height = 60 + bars.length * rowH
  const maxLog = Math.log10(Math.max(...bars.map((b) => b.rps), 10))
  const maxP99 = Math.max(...bars.map((b) => b.p99), 1)
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    '<title>Throughput and p99 latency per scenario and server</title>',
    '<rect width="100%" height="100%" fill="white"/>',
    `<text x="${left}" y="20" font-weight="bold">requests/s (log scale)</text>`,
    `<text x="${left + barW + 110}" y="20" font-weight="bold">p99 latency (ms)</text>`,
  ]
  bars.forEach((b, i) => {
    const y = 40 + i * rowH
    const w = Math.max(1, (Math.log10(Math.max(b.rps, 1)) / maxLog) * barW)
    const pw = Math.max(1, (b.p99 / maxP99) * 150)
    const color = COLORS[b.server] ?? '#3498db'
    out.push(
      `<text x="${left - 6}" y="${y + 12}" text-anchor="end">${esc(`${b.scenario} · ${b.server}`)}</text>`,
      `<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${rowH - 4}" fill="${color}"/>`,
      `<text x="${left + w + 4}" y="${y + 12}">${b.rps < 10 ? b.rps.toFixed(2) : Math.round(b.rps).toLocaleString('en')}</text>`,
      `<rect x="${left + barW + 110}" y="${y}" width="${pw.toFixed(1)}" height="${rowH - 4}" fill="${color}" opacity="0.7"/>`,
      `<text x="${left + barW + 114 + pw}" y="${y + 12}">${b.p99.toFixed(2)}</text>`,
    )
  })
  out.push('</svg>')
  return out.join('\n')
}
