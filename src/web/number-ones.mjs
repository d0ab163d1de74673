/**
 * The #1 history of a region, `#/number-ones/<region>[/<year>][?chart=viral50][&page=]`: every
 * run of a track at rank 1 (consecutive chart dates), oldest first, 100 a page; each date
 * opens that chart on that date.
 */
import {
  ApiError,
  api,
  csvButton,
  errorBox,
  findRegion,
  regionKey,
  regionSelect,
  regions,
  yearOptions,
} from './api.mjs'
import {
  artistLinks,
  count,
  fill,
  h,
  href,
  loading,
  pager,
  select,
  shortDate,
  table,
} from './dom.mjs'

const PAGE = 100
const CHARTS = [
  ['top200', 'Top 200'],
  ['viral50', 'Viral 50'],
]

function runsTable(runs, key, chart) {
  const kind = chart === 'viral50' ? 'viral' : 'daily'
  const on = (date) => h('a', { href: href.chart(key, kind, date) }, shortDate(date))
  return table(
    '#1 runs',
    [
      {
        label: 'Track',
        class: 'main',
        cell: (r) => [
          h('a', { class: 'title', href: href.track(r.trackId, chart) }, r.title),
          h('span', { class: 'artists' }, artistLinks(r.artists)),
        ],
      },
      { label: 'From', cell: (r) => on(r.from) },
      { label: 'To', cell: (r) => (r.to === r.from ? '' : on(r.to)) },
      { label: 'Days at #1', short: 'Days', class: 'num', cell: (r) => String(r.days) },
    ],
    runs,
  )
}

export async function showNumberOnes(main, { parts, params, signal }) {
  const list = await regions(signal)
  const given = parts[0] ?? 'global'
  const year = /^\d{4}$/.test(parts[1] ?? '') ? parts[1] : ''
  const chart = params.get('chart') === 'viral50' ? 'viral50' : 'top200'
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1)
  const region = findRegion(list, given)
  const key = region ? regionKey(region) : given
  const chartName = chart === 'top200' ? 'top 200' : 'viral 50'
  const heading = (name) => `#1 history · ${name}${year ? ` · ${year}` : ''}`
  document.title = `${heading(region?.name ?? given)} · Spotify Charts`
  const years = yearOptions(list, region, 'All years')
  const go = (url) => {
    location.hash = url
  }
  const link = (r, y, c, p) => href.numberOnes(r, y, c, p)
  const pickRegion = (v) => go(link(v, year, chart))
  const regionField = regionSelect(list, given, pickRegion)
  const title = h('h1', null, heading(region?.name ?? given))
  main.append(
    title,
    h(
      'form',
      { class: 'controls', onsubmit: (e) => e.preventDefault() },
      regionField,
      select('Chart', CHARTS, chart, (v) => go(link(key, year, v))),
      select('Year', years, year, (v) => go(link(key, v, chart))),
    ),
  )
  const body = h('div', null, loading('the #1 history'))
  main.append(body)
  const query = { region: given, chart, year, limit: PAGE, offset: (page - 1) * PAGE }
  let answer
  try {
    answer = await api('/number-ones', query, signal)
  } catch (err) {
    if (!(err instanceof ApiError)) throw err
    body.replaceChildren(
      errorBox(err, 'the #1 history', (s) =>
        err.code === 'unknown_region' ? link(s, year, chart) : link(key, s, chart),
      ),
    )
    return
  }
  if (!region) regionField.replaceWith(regionSelect(list, answer.region, pickRegion))
  title.textContent = heading(answer.region)
  fill(
    body,
    h(
      'p',
      { class: 'muted summary' },
      `${count(answer.total, 'run')} at #1 on the ${chartName} chart ${year ? `in ${year}` : 'of all time'}, oldest first. A run is consecutive chart days with the same track at #1. `,
      h('a', { href: href.chart(key, chart === 'viral50' ? 'viral' : 'daily') }, 'Latest chart'),
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
