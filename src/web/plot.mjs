/**
 * Line plots over dates with uPlot (served by this service at /web/uplot.js, loaded by
 * index.html as the global `uPlot`). One plot = one x axis of dates shared by several
 * series; a series has no value on the dates it was not on the chart (drawn as a gap).
 */
import { h, longDate, short } from './dom.mjs'

/**
 * A series to plot: its label and its `[date, value]` points (value null: no point).
 * @typedef {{ label: string, points: [string, number | null][] }} Series
 * @typedef {import('uplot')} UPlot
 */

const PALETTE = [
  '#1db954',
  '#e8115b',
  '#3d7ee0',
  '#f59b23',
  '#af2896',
  '#0f9d8c',
  '#ba5d07',
  '#8d67ab',
  '#7f8c1f',
  '#dc148c',
]

const unix = (/** @type {string} */ date) => Date.parse(`${date}T00:00:00Z`) / 1000
const isoOf = (/** @type {number} */ ts) => new Date(ts * 1000).toISOString().slice(0, 10)
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/**
 * Date-axis labels for uPlot's tick times (seconds, UTC midnights): `29 Jan` at every tick, the
 * year under the first one and under each that starts a new year. uPlot's own labels drop the
 * day at wide steps (a phone showed Jan 29 as "Jan").
 * @param {number[]} ticks
 */
export function dateTicks(ticks) {
  /** @type {number | undefined} */
  let year
  return ticks.map((ts) => {
    const d = new Date(ts * 1000)
    const label = `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`
    if (d.getUTCFullYear() === year) return label
    year = d.getUTCFullYear()
    return `${label}\n${year}`
  })
}
const css = (/** @type {string} */ name) =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim()

/**
 * Aligns `series` (`[{label, points: [[date, value], …]}]`) on the sorted union of their
 * dates: uPlot's `[xs, ys1, ys2, …]` with null where a series has no point.
 * @param {Series[]} series
 * @returns {[number[], ...(number | null)[][]]}
 */
export function alignSeries(series) {
  const dates = [...new Set(series.flatMap((s) => s.points.map((p) => p[0])))].sort()
  /** @type {Map<string, number>} */
  const at = new Map(dates.map((d, i) => [d, i]))
  const ys = series.map((s) => {
    /** @type {(number | null)[]} */
    const y = new Array(dates.length).fill(null)
    // every point's date is in `dates`, made from them
    for (const [date, value] of s.points) y[/** @type {number} */ (at.get(date))] = value
    return y
  })
  return [dates.map(unix), ...ys]
}

/** Tick steps of the date axis in seconds: 1, 2, 3 days, weeks, months, quarters, years. */
const DAY_STEPS = [1, 2, 3, 7, 14, 28, 91, 182, 364, 728].map((days) => days * 86_400)

/** Plots made so far: each one's table of values gets its own id. */
let plotCount = 0

const HINT = 'Point at the plot (or tap it) for the values of a day.'

/**
 * The values of a plot as a table, its text alternative: a row per date (newest first), a
 * column per series, `format(value)` in each cell ('–' where a series has none). Folded in a
 * `<details>` under the plot.
 * @param {Series[]} series
 * @param {string} caption
 * @param {(value: number) => string} format
 */
export function valuesTable(series, caption, format) {
  const data = alignSeries(series)
  const rows = data[0].map((_, i) => i).reverse()
  return h(
    'details',
    { class: 'plot-table' },
    h('summary', null, `${caption}: the values as a table`),
    h(
      'div',
      // scrolls on its own: focusable, so a keyboard can scroll it
      { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': caption },
      h(
        'table',
        { class: 'values' },
        h('caption', null, caption),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', { scope: 'col' }, 'Date'),
            series.map((s) => h('th', { scope: 'col' }, s.label)),
          ),
        ),
        h(
          'tbody',
          null,
          rows.map((i) =>
            h(
              'tr',
              null,
              h('th', { scope: 'row' }, isoOf(data[0][i])),
              data.slice(1).map((ys) => {
                const v = ys[i]
                return h('td', null, v == null ? '–' : format(v))
              }),
            ),
          ),
        ),
      ),
    ),
  )
}

/**
 * A plot in a new element: `series` as above; `y.label` names the values, `y.rank` draws
 * rank 1 at the top (else values from 0, labelled 12.3M); the first `visible` series are
 * shown, the legend toggles the rest. Above the legend, the date under the cursor. `caption`
 * says what it shows: the canvas's text alternative names it and the table of its values
 * that follows (valuesTable), and the legend's caption says how to use it. The legend's names
 * are buttons that hide or show their series.
 * The uPlot instance is kept as `element.uplot` (the browser tests read its data).
 * @param {Series[]} series
 * @param {{ y: { label: string, rank?: boolean }, caption: string, visible?: number, height?: number }} options
 */
export function linePlot(series, { y, caption, visible = 6, height = 300 }) {
  const day = h('p', { class: 'plot-date muted', 'aria-live': 'polite' }, HINT)
  /** @type {HTMLDivElement & { uplot?: UPlot }} */
  const box = h('div', { class: 'plot' })
  const format = (/** @type {number} */ v) => (y.rank ? `#${v}` : v.toLocaleString('en'))
  const values = valuesTable(series, caption, format)
  values.id = `plot-values-${++plotCount}`
  const uPlot = globalThis.uPlot
  if (!uPlot) {
    box.append(h('p', { class: 'error' }, 'The plotting library (/web/uplot.js) did not load.'))
    return h('div', null, box, values)
  }
  const data = alignSeries(series)
  const axis = {
    stroke: css('--muted'),
    grid: { stroke: css('--grid'), width: 1 },
    ticks: { show: false },
  }
  /** @type {import('uplot').Options} */
  const opts = {
    width: 600,
    height,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    scales: {
      x: { time: true },
      y: y.rank
        ? { dir: -1, range: (_u, _min, max) => [1, Math.max(10, Math.ceil(max / 10) * 10)] }
        : { range: (_u, _min, max) => [0, Math.max(1, max)] },
    },
    axes: [
      // whole days only: the data is daily, so hour ticks ("12am 8am 4pm") would mislead
      { ...axis, incrs: DAY_STEPS, values: (_u, ticks) => dateTicks(ticks), size: 44 },
      {
        ...axis,
        label: y.label,
        size: 56,
        values: (_u, ticks) => ticks.map((v) => (y.rank ? v.toLocaleString('en') : short(v))),
      },
    ],
    series: [
      { label: 'Date', value: (_u, ts) => (ts == null ? '–' : isoOf(ts)) },
      ...series.map((s, i) => ({
        label: s.label,
        show: i < visible,
        stroke: PALETTE[i % PALETTE.length],
        width: 2,
        spanGaps: false,
        points: { size: 5 },
        value: (/** @type {UPlot} */ _u, /** @type {number | null} */ v) =>
          v == null ? '–' : format(v),
      })),
    ],
    legend: { live: true },
    hooks: {
      setSeries: [(u) => pressed(u)],
      setCursor: [
        (u) => {
          const i = u.cursor.idx
          day.textContent = i == null ? HINT : longDate(isoOf(u.data[0][i]))
        },
      ],
    },
  }
  // each legend name is a button (uPlot toggles a series on a click of its name's cell, which
  // a button's click reaches), pressed while its series is shown: so a keyboard can toggle too
  const pressed = (/** @type {UPlot} */ u) => {
    box.querySelectorAll('.u-legend .u-series').forEach((row, i) => {
      row.querySelector('button')?.setAttribute('aria-pressed', String(u.series[i].show))
    })
  }
  const plot = new uPlot(opts, data, box)
  for (const th of box.querySelectorAll('.u-legend .u-series:not(:first-child) th'))
    th.append(h('button', { type: 'button', class: 'series-toggle' }, ...th.childNodes))
  pressed(plot)
  // the date goes between the canvas and the legend
  const legend = box.querySelector('.u-legend')
  legend?.before(day)
  legend?.prepend(
    h('caption', { class: 'visually-hidden' }, `${caption}: press a name to hide or show it`),
  )
  // the canvases draw what the table below says, in words
  for (const canvas of box.querySelectorAll('canvas')) {
    canvas.setAttribute('role', 'img')
    canvas.setAttribute('aria-label', `${caption} (the values are in the table below the plot)`)
    canvas.setAttribute('aria-details', values.id)
  }
  box.uplot = plot
  // follow the width of the page (the element is sized by CSS; the canvas is not)
  new ResizeObserver(() => {
    const width = Math.floor(box.clientWidth)
    if (width > 0 && width !== plot.width) plot.setSize({ width, height })
  }).observe(box)
  return h('div', { class: 'plot-with-values' }, box, values)
}
