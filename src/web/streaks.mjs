/**
 * The longest streaks of a region, `#/streaks/<region>[?chart=viral50][&page=]`: every track's
 * longest run of consecutive chart days, longest first, 100 a page; each date opens that
 * chart on that date.
 */
import { csvButton, regionView } from './api.mjs'
import {
  CHARTS,
  count,
  fill,
  h,
  href,
  pager,
  select,
  skipTarget,
  table,
  trackColumn,
} from './dom.mjs'

const PAGE = 100

function streaksTable(streaks, key, chart) {
  const kind = chart === 'viral50' ? 'viral' : 'daily'
  const on = (date) => h('a', { href: href.chart(key, kind, date) }, date)
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

export async function showStreaks(main, { parts, params, signal }) {
  const chart = params.get('chart') === 'viral50' ? 'viral50' : 'top200'
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1)
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
