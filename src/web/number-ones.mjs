/**
 * The #1 history of a region, `#/number-ones/<region>[/<year>][?chart=viral50][&page=]`: every
 * run of a track at rank 1 (consecutive chart dates), oldest first, 100 a page; each date
 * opens that chart on that date.
 */
import { csvButton, regionView, yearOptions } from './api.mjs'
import {
  CHARTS,
  chartKind,
  chartOf,
  count,
  fill,
  h,
  href,
  pageOf,
  pager,
  select,
  shortDate,
  skipTarget,
  table,
  trackColumn,
} from './dom.mjs'

const PAGE = 100

/**
 * @param {import('./types.d.ts').Answer<'/number-ones'>['runs']} runs
 * @param {string} key
 * @param {import('./types.d.ts').Chart} chart
 */
function runsTable(runs, key, chart) {
  const on = (/** @type {string} */ date) =>
    h('a', { href: href.day(key, chart, date) }, shortDate(date))
  return skipTarget(
    table(
      '#1 runs',
      [
        trackColumn(chart),
        { label: 'From', cell: (r) => on(r.from) },
        { label: 'To', cell: (r) => (r.to === r.from ? '' : on(r.to)) },
        { label: 'Days at #1', short: 'Days', class: 'num', cell: (r) => String(r.days) },
      ],
      runs,
    ),
  )
}

/**
 * @param {HTMLElement} main
 * @param {import('./types.d.ts').ViewContext} context
 */
export async function showNumberOnes(main, { parts, params, signal }) {
  const year = /^\d{4}$/.test(parts[1] ?? '') ? parts[1] : ''
  const chart = chartOf(params)
  const page = pageOf(params)
  const chartName = chart === 'top200' ? 'top 200' : 'viral 50'
  const go = (/** @type {string} */ url) => {
    location.hash = url
  }
  const link = href.numberOnes
  const view = await regionView(main, {
    parts,
    signal,
    heading: (name) => `#1 history · ${name}${year ? ` · ${year}` : ''}`,
    what: 'the #1 history',
    path: '/number-ones',
    query: { chart, year, limit: PAGE, offset: (page - 1) * PAGE },
    regionLink: (r) => link(r, year, chart),
    suggestionLink: (y, key) => link(key, y, chart),
    fields: (key, region, list) => [
      select('Chart', CHARTS, chart, (v) => go(link(key, year, v))),
      select('Year', yearOptions(list, region, 'All years'), year, (v) => go(link(key, v, chart))),
    ],
  })
  if (!view) return
  const { answer, body, key, query } = view
  fill(
    body,
    h(
      'p',
      { class: 'muted summary' },
      `${count(answer.total, 'run')} at #1 on the ${chartName} chart ${year ? `in ${year}` : 'of all time'}, oldest first. A run is consecutive chart days with the same track at #1. `,
      h('a', { href: href.chart(key, chartKind(chart)) }, 'Latest chart'),
    ),
    answer.runs.length
      ? h('p', { class: 'actions' }, csvButton('/number-ones', query, 'these runs'))
      : null,
    answer.runs.length
      ? runsTable(answer.runs, key, chart)
      : h('p', null, `No #1 ${year ? `in ${year}` : 'yet'}.`),
    pager(page, PAGE, answer.total, (p) => link(key, year, chart, p)),
  )
}
