/**
 * The track page, `#/track/<id>[?chart=viral50]`: its rank and its daily streams over time in
 * every region it charted in (one plot each, regions overlaid), its per-region statistics
 * (each date a link to that region's chart on that date) and a Spotify link.
 */
import { ApiError, api, csvButton, errorBox } from './api.mjs'
import {
  artistLinks,
  CHARTS,
  chartOf,
  fill,
  fmt,
  h,
  href,
  loading,
  section,
  select,
  shortDate,
  table,
} from './dom.mjs'
import { linePlot } from './plot.mjs'

/**
 * @typedef {import('./types.d.ts').Chart} Chart
 * @typedef {import('./types.d.ts').Answer<'/tracks/{trackId}'>['charts'][number]} Stats
 */

/**
 * A link to the day chart a region's row (`s.region`, `s.chart`) was on at `date`.
 * @param {{ region: string, chart: string }} s
 * @param {string} date
 * @param {string} [text] the link's text (default: the date)
 */
const on = (s, date, text = date) =>
  h('a', { href: href.day(s.region, /** @type {Chart} */ (s.chart), date) }, text)

/** @param {Stats[]} stats */
function statsTable(stats) {
  // each date opens that region's chart on that date
  return table(
    'statistics by region',
    [
      {
        label: 'Region',
        class: 'main',
        cell: (s) => on(s, s.peakDate, s.region),
      },
      { label: 'Chart', cell: (s) => s.chart },
      { label: 'Peak', class: 'num', cell: (s) => `#${s.peakRank}` },
      { label: 'Peak date', cell: (s) => on(s, s.peakDate) },
      { label: 'First', cell: (s) => on(s, s.firstDate) },
      { label: 'Last', cell: (s) => on(s, s.lastDate) },
      { label: 'Days', class: 'num', cell: (s) => String(s.daysOnChart) },
      { label: 'At peak', class: 'num', cell: (s) => String(s.daysAtPeak) },
      { label: 'At #1', class: 'num', cell: (s) => String(s.daysAtNumberOne) },
      { label: 'Streams', class: 'num', cell: (s) => fmt(s.totalStreams) },
      {
        label: 'Best day',
        cell: (s) =>
          s.bestDay ? [on(s, s.bestDay.date), h('small', null, ` ${fmt(s.bestDay.streams)}`)] : '',
      },
    ],
    stats,
  )
}

/**
 * Its runs at #1, every region's, longest first: each date opens that day's chart.
 * @param {Stats[]} stats
 */
function runsTable(stats) {
  const runs = stats
    .flatMap((s) => s.numberOneRuns.map((run) => ({ ...run, region: s.region, chart: s.chart })))
    .sort((a, b) => b.days - a.days || (a.from < b.from ? -1 : 1))
  if (!runs.length) return null
  return section(
    'Runs at #1',
    table(
      'runs at #1',
      [
        { label: 'Region', class: 'main', cell: (r) => r.region },
        { label: 'Chart', cell: (r) => r.chart },
        { label: 'From', cell: (r) => on(r, r.from) },
        { label: 'To', cell: (r) => on(r, r.to) },
        { label: 'Days', class: 'num', cell: (r) => String(r.days) },
      ],
      runs,
    ),
  )
}

/**
 * Its best peak on `chart`, saying where and when: `Peak #6 in Global on 5 Jan 2017` (ties:
 * Global first, then the earliest); null when it never charted there.
 * @param {Stats[]} stats
 * @param {Chart} chart
 */
function bestPeak(stats, chart) {
  const mine = stats.filter((s) => s.chart === chart)
  if (!mine.length) return null
  const best = mine.reduce((a, b) =>
    b.peakRank < a.peakRank ||
    (b.peakRank === a.peakRank &&
      (b.region === 'Global' || (a.region !== 'Global' && b.peakDate < a.peakDate)))
      ? b
      : a,
  )
  return h(
    'p',
    { class: 'peak' },
    h('strong', null, `Peak #${best.peakRank}`),
    ` in ${best.region} on `,
    on(best, best.peakDate, shortDate(best.peakDate)),
    chart === 'viral50' ? ' (viral 50)' : null,
  )
}

/**
 * `series` (regions) as plot series of `value` (`rank` or `streams`) per date.
 * @param {import('./types.d.ts').History['series']} series
 * @param {'rank' | 'streams'} value
 * @returns {import('./plot.mjs').Series[]}
 */
const plotted = (series, value) =>
  series.map((s) => ({ label: s.region, points: s.points.map((p) => [p.date, p[value]]) }))

/**
 * The rank plot and, on top 200, the streams plot, of every region the track charted in.
 * @param {string} id
 * @param {Chart} chart
 * @param {AbortSignal} signal
 * @returns {Promise<{ rank: import('./types.d.ts').Child, streams: import('./types.d.ts').Child }>}
 */
async function historyPlots(id, chart, signal) {
  try {
    // asked without a region: every region's series (types.d.ts History)
    const { series } = /** @type {import('./types.d.ts').History} */ (
      await api(`/tracks/${encodeURIComponent(id)}/history`, { chart }, signal)
    )
    if (!series.length) {
      const never = h('p', { class: 'muted' }, `Never on a ${chart} chart.`)
      return { rank: never, streams: never }
    }
    const note = () =>
      h(
        'p',
        { class: 'muted' },
        series.length > 6
          ? `Showing the 6 regions where it ranked best of ${series.length}; click a region in the legend to add or hide it.`
          : 'Click a region in the legend to hide or show it.',
      )
    return {
      rank: [
        linePlot(plotted(series, 'rank'), {
          y: { label: 'rank', rank: true },
          caption: 'Rank by date and region',
        }),
        note(),
      ],
      streams:
        chart === 'top200'
          ? [
              linePlot(plotted(series, 'streams'), {
                y: { label: 'streams' },
                caption: 'Streams by date and region',
              }),
              note(),
            ]
          : null,
    }
  } catch (err) {
    if (!(err instanceof ApiError)) throw err
    const box = errorBox(err, 'the history', (s) => href.track(s))
    return { rank: box, streams: null }
  }
}

/**
 * @param {HTMLElement} main
 * @param {import('./types.d.ts').ViewContext} context
 */
export async function showTrack(main, { parts, params, signal }) {
  const id = parts[0] ?? ''
  const chart = chartOf(params)
  main.append(loading('the track'))
  const history = historyPlots(id, chart, signal)
  // awaited below unless the track itself fails (or the view is left): never unhandled
  history.catch(() => {})
  /** @type {import('./types.d.ts').Answer<'/tracks/{trackId}'>} */
  let track
  try {
    track = await api(`/tracks/${encodeURIComponent(id)}`, null, signal)
  } catch (err) {
    if (!(err instanceof ApiError)) throw err
    main.replaceChildren(
      h('h1', null, `Track ${id}`),
      errorBox(err, 'the track', (s) => href.track(s)),
    )
    return
  }
  document.title = `${track.title} – ${track.artist} · Spotify Charts`
  // the link out is made from the id, never taken from the answer's url (dom.mjs href.spotify)
  const spotify = href.spotify(track.trackId)
  const plotBox = h('div', null, loading('the rank history'))
  const streamsBox = h('div', null, loading('the streams history'))
  const streamsSection = section('Streams per day', streamsBox)
  fill(
    main,
    h(
      'header',
      { class: 'page-head' },
      h('p', { class: 'kicker' }, 'Track'),
      h('h1', null, track.title),
      h('p', { class: 'artists big' }, artistLinks(track.artists)),
      bestPeak(track.charts, chart),
      spotify &&
        h(
          'p',
          null,
          h(
            'a',
            { class: 'button spotify', href: spotify, target: '_blank', rel: 'noopener' },
            'Play on Spotify ↗',
          ),
        ),
    ),
    section(
      'Rank over time',
      h(
        'form',
        { class: 'controls', onsubmit: (e) => e.preventDefault() },
        select('Chart', CHARTS, chart, (v) => {
          location.hash = href.track(id, v)
        }),
        track.charts.length ? csvButton(`/tracks/${id}/history`, { chart }, 'the history') : null,
      ),
      plotBox,
    ),
    chart === 'top200' ? streamsSection : null,
    section(
      'By region',
      track.charts.length
        ? statsTable(track.charts)
        : h('p', { class: 'muted' }, 'No chart entries.'),
    ),
    runsTable(track.charts),
  )
  const plots = await history
  fill(plotBox, plots.rank)
  if (plots.streams) fill(streamsBox, plots.streams)
  else streamsSection.remove()
}
