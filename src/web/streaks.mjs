/**
 * The longest streaks of a region, `#/streaks/<region>[?chart=viral50][&page=]`: every track's
 * longest run of consecutive chart days, longest first, 100 a page; each date opens that
 * chart on that date.
 */
import { csvButton, regionView } from './api.mjs'
import {
  CHARTS,
  chartOf,
  count,
  fill,
  h,
  href,
  pageOf,
  pager,
  select,
  skipTarget,
  table,
  trackColumn,
} from './dom.mjs'

const PAGE = 100

/**
 * @param {import('./types.d.ts').Answer<'/streaks'>['streaks']} streaks
 * @param {string} key
 * @param {import('./types.d.ts').Chart} chart
 */
function streaksTable(streaks, key, chart) {
  const on = (/** @type {string} */ date) => h('a', { href: href.day(key, chart, date) }, date)
  return skipTarget(
    table(
      'longest streaks',
      [
        { label: '#', class: 'lead num', cell: (s) => String(s.rank) },
        trackColumn(chart),
        { label: 'Days', class: 'num', cell: (s) => String(s.days) },
        { label: 'From', cell: (s) => on(s.from) },
        { label: 'To', cell: (s) => [on(s.to), s.current ? h('small', null, ' still on') : null] },
      ],
      streaks,
    ),
  )
}

/**
 * @param {HTMLElement} main
 * @param {import('./types.d.ts').ViewContext} context
 */
export async function showStreaks(main, { parts, params, signal }) {
  const chart = chartOf(params)
  const page = pageOf(params)

  const view = await regionView(main, {
    parts,
    signal,
    heading: (name) => `Longest streaks · ${name}`,
    what: 'the streaks',
    path: '/streaks',
    query: { chart, limit: PAGE, offset: (page - 1) * PAGE },
    regionLink: (r) => href.streaks(r, chart),
    fields: (key) =>
      select('Chart', CHARTS, chart, (v) => {
        location.hash = href.streaks(key, v)
      }),
  })
  if (!view) return
  const { answer, body, key, query } = view
  fill(
    body,
    h(
      'p',
      { class: 'muted summary' },
      `${count(answer.total, 'track')}, each with its longest run of consecutive chart days, longest first.`,
    ),
    h('p', { class: 'actions' }, csvButton('/streaks', query, 'these streaks')),
    streaksTable(answer.streaks, key, chart),
    pager(page, PAGE, answer.total, (p) => href.streaks(key, chart, p)),
  )
}
