/**
 * The artist page, `#/artist/<name>[?region=][&chart=][&page=]`: one region's figures (Global
 * unless asked, or the region it streamed most in when never on Global): totals, every
 * region side by side (each row opens that region's figures), the ranks of its five most
 * streamed tracks over time there, and its tracks there, 50 a page.
 */
import { ApiError, api, csvButton, errorBox, regionSelect, regions } from './api.mjs'
import {
  CHARTS,
  chartOf,
  count,
  fill,
  fmt,
  h,
  href,
  loading,
  pageOf,
  pager,
  section,
  select,
  short,
  shortDate,
  table,
} from './dom.mjs'
import { linePlot } from './plot.mjs'

/**
 * @typedef {import('./types.d.ts').Chart} Chart
 * @typedef {import('./types.d.ts').Answer<'/artist'>} Artist
 */

const PAGE = 50
const PLOTTED = 5

/**
 * @param {Artist['stats']} s
 * @param {Chart} chart
 * @param {string} region
 */
function statTiles(s, chart, region) {
  /** @param {string} label @param {string} value @param {string} [title] @param {string} [kind] */
  const tile = (label, value, title, kind) =>
    h(
      'div',
      { class: `stat${kind ? ` ${kind}` : ''}`, title },
      h('span', { class: 'value' }, value),
      h('span', { class: 'label' }, label),
    )
  const one = (/** @type {number} */ n, /** @type {string} */ label) =>
    n === 1 ? label.replace(/s$/, '') : label
  return h(
    'div',
    { class: 'stats', 'aria-label': `totals in ${region}` },
    chart === 'top200'
      ? tile(`streams in ${region}`, short(s.totalStreams), fmt(s.totalStreams), 'streams')
      : null,
    tile(one(s.tracks, 'tracks'), fmt(s.tracks)),
    tile(one(s.numberOnes, '#1 hits'), fmt(s.numberOnes), 'distinct tracks that reached rank 1'),
    tile(
      one(s.topTens, 'top 10 hits'),
      fmt(s.topTens),
      'distinct tracks that reached rank 10 or better',
    ),
    s.peakRank == null ? null : tile(`best peak in ${region}`, `#${s.peakRank}`),
    tile(one(s.chartDays, 'chart days'), fmt(s.chartDays), 'dates with at least one of its tracks'),
    tile(
      one(s.leadTracks, 'tracks as lead'),
      fmt(s.leadTracks),
      s.leadStreams == null ? 'first credited' : `first credited: ${fmt(s.leadStreams)} streams`,
    ),
    tile(
      one(s.featuredTracks, 'tracks featured'),
      fmt(s.featuredTracks),
      s.featuredStreams == null
        ? 'credited after the first'
        : `credited after the first: ${fmt(s.featuredStreams)} streams`,
    ),
    s.firstDate ? tile('first chart day', shortDate(s.firstDate), s.firstDate, 'date') : null,
    s.lastDate ? tile('last chart day', shortDate(s.lastDate), s.lastDate, 'date') : null,
  )
}

/**
 * Every region it charted in, side by side; a region's name shows the page for it.
 * @param {Artist['byRegion']} byRegion
 * @param {string} shown
 * @param {(row: Artist['byRegion'][number]) => string} linkOf
 * @param {Chart} chart
 */
function byRegionTable(byRegion, shown, linkOf, chart) {
  /** @type {(import('./types.d.ts').Column<Artist['byRegion'][number]> | null)[]} */
  const cols = [
    {
      label: 'Region',
      class: 'main',
      cell: (r) =>
        h(
          'a',
          { class: 'title', href: linkOf(r), 'aria-current': r.region === shown ? 'true' : null },
          r.region,
        ),
    },
    chart === 'top200'
      ? { label: 'Streams', class: 'num', cell: (r) => fmt(r.totalStreams) }
      : null,
    { label: 'Tracks', class: 'num', cell: (r) => fmt(r.tracks) },
    { label: 'Peak', class: 'num', cell: (r) => `#${r.peakRank}` },
    { label: '#1s', class: 'num', cell: (r) => fmt(r.numberOnes) },
    { label: 'Top 10s', class: 'num', cell: (r) => fmt(r.topTens) },
    { label: 'Days', class: 'num', cell: (r) => fmt(r.chartDays) },
    { label: 'First', cell: (r) => r.firstDate },
    { label: 'Last', cell: (r) => r.lastDate },
  ]
  return table(
    'by region',
    cols.filter((c) => c !== null),
    byRegion,
    (r) => (r.region === shown ? { 'aria-current': 'true' } : null),
  )
}

/**
 * @param {Artist['tracks']} tracks
 * @param {string} name
 */
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
      { label: 'Role', cell: (t) => t.role },
    ],
    tracks,
  )
}

/**
 * Its streams per day in `region` (top 200), a plot with its table; null without rows.
 * @param {string} name
 * @param {string} region
 * @param {AbortSignal} signal
 */
async function dailyPlot(name, region, signal) {
  try {
    const { days } = await api('/artist/daily', { name, region }, signal)
    if (!days.length) return null
    return [
      h(
        'p',
        { class: 'muted' },
        `Streams of its chart entries each day in ${region} (a track counts in full for each credited artist).`,
      ),
      linePlot([{ label: name, points: days.map((d) => [d.date, d.streams]) }], {
        y: { label: 'streams' },
        caption: `Streams per day in ${region}`,
      }),
    ]
  } catch (err) {
    if (!(err instanceof ApiError)) throw err
    return errorBox(err, 'the streams per day', (s) => href.artist(s))
  }
}

/**
 * The ranks over time in `region` of its first PLOTTED `tracks`; null without tracks.
 * @param {Artist['tracks']} tracks
 * @param {string} region
 * @param {Chart} chart
 * @param {AbortSignal} signal
 */
async function presencePlot(tracks, region, chart, signal) {
  const top = tracks.slice(0, PLOTTED)
  if (!top.length) return null
  try {
    // asked with a region: that region's points (types.d.ts RegionHistory)
    const histories = await Promise.all(
      top.map(
        async (t) =>
          /** @type {import('./types.d.ts').RegionHistory} */ (
            await api(`/tracks/${t.trackId}/history`, { region, chart }, signal)
          ),
      ),
    )
    /** @type {import('./plot.mjs').Series[]} */
    const series = histories.map((hist, i) => ({
      label: top[i].title,
      points: hist.points.map((p) => [p.date, p.rank]),
    }))
    const what = top.length === 1 ? 'its track' : `its ${top.length} most streamed tracks`
    return [
      h('p', { class: 'muted' }, `Rank over time of ${what} in ${region}.`),
      linePlot(series, {
        y: { label: 'rank', rank: true },
        caption: `Rank by date of ${what} in ${region}`,
      }),
    ]
  } catch (err) {
    if (!(err instanceof ApiError)) throw err
    return errorBox(err, 'the chart history', (s) => href.artist(s))
  }
}

/**
 * `/artist` for the page: the region asked for, else Global, else (never on Global) the
 * region it has the most streams in, the first of `byRegion`.
 * @param {import('./types.d.ts').Query} query
 * @param {AbortSignal} signal
 */
async function artistAnswer(query, signal) {
  const answer = await api('/artist', query, signal)
  if (query.region || answer.totalTracks > 0 || !answer.byRegion?.length) return answer
  return api('/artist', { ...query, region: answer.byRegion[0].region }, signal)
}

/**
 * @param {HTMLElement} main
 * @param {import('./types.d.ts').ViewContext} context
 */
export async function showArtist(main, { parts, params, signal }) {
  const name = parts[0] ?? ''
  const chart = chartOf(params)
  const page = pageOf(params)
  const list = await regions(signal)
  const regionGiven = params.get('region') ?? ''
  /** @param {Record<string, string>} changes */
  const link = (changes) =>
    href.artist(name, { region: regionGiven, chart: chart === 'top200' ? '' : chart, ...changes })
  main.append(loading('the artist'))
  const query = { name, region: regionGiven, chart, limit: PAGE, offset: (page - 1) * PAGE }
  /** @type {Artist} */
  let answer
  try {
    answer = await artistAnswer(query, signal)
  } catch (err) {
    if (!(err instanceof ApiError)) throw err
    const to =
      err.code === 'unknown_region'
        ? (/** @type {string} */ s) => link({ region: s, page: '' })
        : (/** @type {string} */ s) => href.artist(s)
    main.replaceChildren(h('h1', null, name), errorBox(err, `the artist “${name}”`, to))
    return
  }
  document.title = `${answer.artist} · Spotify Charts`
  const region = answer.region
  const chartName = chart === 'top200' ? 'top 200' : 'viral 50'
  const regionLink = (/** @type {Artist['byRegion'][number]} */ r) =>
    link({ region: r.code?.toLowerCase() ?? r.region, page: '' })
  const plotBox = h('div', null, loading('the chart history'))
  const dailyBox = h('div', null, loading('the streams per day'))
  fill(
    main,
    h(
      'header',
      { class: 'page-head' },
      h('p', { class: 'kicker' }, 'Artist'),
      h('h1', null, answer.artist),
      h(
        'form',
        { class: 'controls', onsubmit: (e) => e.preventDefault() },
        regionSelect(list, region, (v) => {
          location.hash = link({ region: v, page: '' })
        }),
        select('Chart', CHARTS, chart, (v) => {
          location.hash = link({ chart: v === 'top200' ? '' : v, page: '' })
        }),
      ),
    ),
    h(
      'p',
      { class: 'muted summary' },
      !answer.byRegion.length
        ? `Never on the ${chartName} chart.`
        : [
            `On the ${chartName} chart in ${count(answer.byRegion.length, 'region')}. `,
            !regionGiven && region !== 'Global'
              ? `Never on the Global chart: the figures are ${region}'s, where it streamed most.`
              : `The figures are ${region}'s.`,
            ' Regions are never added up (Global already holds every country): pick one below for its own.',
          ],
    ),
    statTiles(answer.stats, chart, region),
    answer.byRegion.length
      ? section('By region', byRegionTable(answer.byRegion, region, regionLink, chart))
      : null,
    answer.totalTracks ? section(`Chart presence in ${region}`, plotBox) : null,
    answer.totalTracks && chart === 'top200'
      ? section(`Streams per day in ${region}`, dailyBox)
      : null,
    section(
      'Tracks',
      h(
        'p',
        { class: 'muted' },
        `${count(answer.totalTracks, 'track')} on the ${chartName} chart in ${region}, most streamed first. `,
        'The search counts tracks on any chart (top 200 and viral 50, every region), so its number can be higher.',
      ),
      answer.tracks.length
        ? [
            h(
              'p',
              { class: 'actions' },
              csvButton(
                '/artist',
                { name: answer.artist, region, chart, limit: PAGE, offset: (page - 1) * PAGE },
                'these tracks',
              ),
            ),
            tracksTable(answer.tracks, answer.artist),
          ]
        : null,
      pager(page, PAGE, answer.totalTracks, (p) => link({ page: p > 1 ? String(p) : '' })),
    ),
  )
  if (!answer.totalTracks) return
  // the plot follows the first page's order: the artist's most streamed tracks there
  const tracks =
    page === 1
      ? answer.tracks
      : (await api('/artist', { name, region, chart, limit: PLOTTED }, signal)).tracks
  fill(plotBox, await presencePlot(tracks, region, chart, signal))
  if (chart === 'top200') fill(dailyBox, await dailyPlot(answer.artist, region, signal))
}
