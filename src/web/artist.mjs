/**
 * The artist page, `#/artist/<name>[?region=][&chart=][&page=]`: totals, the ranks of its
 * five most streamed tracks over time in one region, and its tracks, 50 a page.
 */
import { ApiError, api, errorBox, findRegion, regionSelect, regions } from './api.mjs'
import {
  fill,
  fmt,
  h,
  href,
  loading,
  pager,
  section,
  select,
  short,
  shortDate,
  table,
} from './dom.mjs'
import { linePlot } from './plot.mjs'

const PAGE = 50
const PLOTTED = 5
const CHARTS = [
  ['top200', 'Top 200'],
  ['viral50', 'Viral 50'],
]

function statTiles(s, chart) {
  const tile = (label, value, title) =>
    h(
      'div',
      { class: 'stat', title },
      h('span', { class: 'value' }, value),
      h('span', { class: 'label' }, label),
    )
  return h(
    'div',
    { class: 'stats' },
    chart === 'top200' ? tile('streams', short(s.totalStreams), fmt(s.totalStreams)) : null,
    tile('tracks', fmt(s.tracks)),
    tile('#1 hits', fmt(s.numberOnes), 'distinct tracks that reached rank 1'),
    tile('top 10 hits', fmt(s.topTens), 'distinct tracks that reached rank 10 or better'),
    tile('best peak', `#${s.peakRank}`),
    tile(
      'chart days',
      fmt(s.chartDays),
      'distinct (region, date) pairs with at least one of its tracks',
    ),
    tile('regions', fmt(s.regions)),
    tile('first chart day', shortDate(s.firstDate), s.firstDate, 'date'),
    tile('last chart day', shortDate(s.lastDate), s.lastDate, 'date'),
  )
}

function tracksTable(tracks, name) {
  return table(
    'tracks',
    [
      {
        label: 'Track',
        class: 'main',
        cell: (t) => [
          h('a', { class: 'title', href: href.track(t.trackId) }, t.title),
          t.artist !== name ? h('span', { class: 'artists' }, t.artist) : null,
        ],
      },
      { label: 'Peak', class: 'num', cell: (t) => `#${t.peakRank}` },
      { label: 'Peak date', cell: (t) => t.peakDate },
      { label: 'Days', class: 'num', cell: (t) => String(t.daysOnChart) },
      { label: 'Streams', class: 'num', cell: (t) => fmt(t.totalStreams) },
      { label: 'Regions', class: 'num', cell: (t) => String(t.regions) },
    ],
    tracks,
  )
}

/** The region to plot in: the chosen one, else Global if the top track charted there, else its biggest. */
async function plotRegion(chosen, top, chart, signal) {
  if (chosen) return chosen
  const { charts } = await api(`/tracks/${top.trackId}`, null, signal)
  const mine = charts.filter((c) => c.chart === chart)
  if (mine.some((c) => c.region === 'Global')) return 'Global'
  mine.sort(
    (a, b) => (b.totalStreams ?? 0) - (a.totalStreams ?? 0) || b.daysOnChart - a.daysOnChart,
  )
  return mine[0]?.region ?? 'Global'
}

async function presencePlot(tracks, chosenRegion, chart, signal) {
  const top = tracks.slice(0, PLOTTED)
  if (!top.length) return null
  try {
    const region = await plotRegion(chosenRegion, top[0], chart, signal)
    const histories = await Promise.all(
      top.map((t) => api(`/tracks/${t.trackId}/history`, { region, chart }, signal)),
    )
    const series = histories
      .map((hist, i) => ({ label: top[i].title, points: hist.points.map((p) => [p.date, p.rank]) }))
      .filter((s) => s.points.length)
    return [
      h(
        'p',
        { class: 'muted' },
        `Rank over time of its ${top.length} most streamed tracks in ${region}${chosenRegion ? '' : ' (choose a region above for another)'}.`,
      ),
      series.length
        ? linePlot(series, { y: { label: 'rank', rank: true } })
        : h('p', null, `None of them charted in ${region}.`),
    ]
  } catch (err) {
    if (!(err instanceof ApiError)) throw err
    return errorBox(err, 'the chart history', (s) => href.artist(s))
  }
}

export async function showArtist(main, { parts, params, signal }) {
  const name = parts[0] ?? ''
  const chart = params.get('chart') === 'viral50' ? 'viral50' : 'top200'
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1)
  const list = await regions(signal)
  const regionGiven = params.get('region') ?? ''
  const region = regionGiven ? findRegion(list, regionGiven) : undefined
  const regionName = region?.name ?? regionGiven
  const link = (changes) =>
    href.artist(name, { region: regionGiven, chart: chart === 'top200' ? '' : chart, ...changes })
  main.append(loading('the artist'))
  let answer
  try {
    answer = await api(
      '/artist',
      { name, region: regionGiven, chart, limit: PAGE, offset: (page - 1) * PAGE },
      signal,
    )
  } catch (err) {
    if (!(err instanceof ApiError)) throw err
    const to =
      err.code === 'unknown_region' ? (s) => link({ region: s, page: '' }) : (s) => href.artist(s)
    main.replaceChildren(errorBox(err, `the artist “${name}”`, to))
    return
  }
  document.title = `${answer.artist} · Spotify Charts`
  const where = regionName ? `in ${regionName}` : 'in all regions'
  const chartName = chart === 'top200' ? 'top 200' : 'viral 50'
  const plotBox = h('div', null, loading('the chart history'))
  main.replaceChildren(
    h(
      'header',
      { class: 'page-head' },
      h('p', { class: 'kicker' }, 'Artist'),
      h('h1', null, answer.artist),
      h(
        'form',
        { class: 'controls', onsubmit: (e) => e.preventDefault() },
        regionSelect(
          list,
          regionGiven,
          (v) => {
            location.hash = link({ region: v, page: '' })
          },
          'All regions',
        ),
        select('Chart', CHARTS, chart, (v) => {
          location.hash = link({ chart: v === 'top200' ? '' : v, page: '' })
        }),
      ),
    ),
    answer.stats
      ? statTiles(answer.stats, chart)
      : h(
          'p',
          { class: 'muted' },
          'Totals (#1s, top 10s, chart days) need a newer version of the service.',
        ),
    section('Chart presence', plotBox),
    section(
      'Tracks',
      h(
        'p',
        { class: 'muted' },
        `${fmt(answer.totalTracks)} tracks on the ${chartName} chart ${where}, most streamed first. `,
        'The search counts tracks on any chart (top 200 and viral 50, every region), so its number can be higher.',
      ),
      tracksTable(answer.tracks, answer.artist),
      pager(page, PAGE, answer.totalTracks, (p) => link({ page: p > 1 ? p : '' })),
    ),
  )
  // the plot follows the first page's order: the artist's most streamed tracks
  const tracks =
    page === 1
      ? answer.tracks
      : (await api('/artist', { name, region: regionGiven, chart, limit: PLOTTED }, signal)).tracks
  fill(plotBox, await presencePlot(tracks, region?.name ?? regionGiven, chart, signal))
}
