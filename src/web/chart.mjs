/**
 * The chart view, `#/chart/<region>/<daily|viral|weekly>[/<date>]`: one region's daily top
 * 200, daily viral 50 or weekly top 200 for a date (default: the latest day, the latest
 * complete week), with previous and next, movement against the previous chart, streams with
 * their change and running total, and on daily charts what changed (movers.mjs).
 */
import {
  ApiError,
  api,
  csvButton,
  errorBox,
  isAbort,
  regionIn,
  regionKey,
  regionSelect,
  regions,
} from './api.mjs'
import {
  count,
  DATE,
  fill,
  fmt,
  h,
  href,
  loading,
  longDate,
  movement,
  select,
  signed,
  skipTarget,
  table,
  targetValue,
  trackColumn,
} from './dom.mjs'
import { SHOWN as MOVERS_SHOWN, moversPanel } from './movers.mjs'

/**
 * @typedef {import('./types.d.ts').ChartKind} ChartKind
 * @typedef {import('./types.d.ts').Answer<'/rankings'>} Daily
 * @typedef {import('./types.d.ts').Answer<'/rankings/weekly'>} Weekly
 * @typedef {Daily['entries'][number] | Weekly['entries'][number]} Entry
 */

/** @type {[ChartKind, string][]} */
const KINDS = [
  ['daily', 'Daily top 200'],
  ['viral', 'Daily viral 50'],
  ['weekly', 'Weekly top 200'],
]

/**
 * The dates around `from`–`to` in the ascending `dates`: `[last before, first after]`.
 * @param {string[]} dates
 * @param {string} from
 * @param {string} to
 */
function neighbours(dates, from, to) {
  /** @type {string | null} */
  let before = null
  /** @type {string | null} */
  let after = null
  for (const d of dates) {
    if (d < from) before = d
    else if (d > to) {
      after = d
      break
    }
  }
  return [before, after]
}

/**
 * @param {string | null} date
 * @param {string} text
 * @param {string} rel
 * @param {(date: string) => string} hrefOf
 */
function stepLink(date, text, rel, hrefOf) {
  return date
    ? h('a', { class: 'button', href: hrefOf(date), rel, title: date }, text)
    : h('span', { class: 'button', 'aria-disabled': 'true' }, text)
}

/**
 * @param {Daily | Weekly} answer
 * @param {boolean} weekly
 */
function entriesTable(answer, weekly) {
  /** @type {Entry[]} */
  const entries = answer.entries
  const hasStreams = entries.some((e) => e.streams != null)
  // a stream change and a running total on daily top 200 entries (an older service has none)
  const hasTotals =
    hasStreams && !weekly && entries.some((e) => 'totalStreams' in e && e.totalStreams != null)
  /** The days (daily) or weeks (weekly) it has been on the chart. */
  const times = (/** @type {Entry} */ e) => ('weeksOnChart' in e ? e.weeksOnChart : e.daysOnChart)
  /** @type {(import('./types.d.ts').Column<Entry> | null)[]} */
  const cols = [
    { label: '#', class: 'lead num', cell: (e) => String(e.rank) },
    { label: 'Move', short: '', cell: (e) => movement(e.rank, e.previousRank, times(e)) },
    trackColumn('chart' in answer && answer.chart === 'viral50' ? 'viral50' : undefined),
    hasStreams ? { label: 'Streams', class: 'num', cell: (e) => fmt(e.streams) } : null,
    hasTotals
      ? {
          label: 'Change',
          class: 'num',
          cell: (e) =>
            !('streamsChange' in e) || e.streamsChange == null
              ? ''
              : h(
                  'span',
                  {
                    class: `change ${e.streamsChange < 0 ? 'down' : 'up'}`,
                    title: 'streams against its previous chart day',
                  },
                  signed(e.streamsChange),
                ),
        }
      : null,
    hasTotals
      ? {
          label: '7 days',
          class: 'num',
          cell: (e) =>
            !('weekStreams' in e) || e.weekStreams == null
              ? ''
              : [
                  h(
                    'span',
                    { title: 'its streams over the 7 days ending on this one' },
                    fmt(e.weekStreams),
                  ),
                  e.weekStreamsChange == null
                    ? null
                    : h(
                        'small',
                        {
                          class: `change ${e.weekStreamsChange < 0 ? 'down' : 'up'}`,
                          title: 'against the 7 days before',
                        },
                        ` ${signed(e.weekStreamsChange)}`,
                      ),
                ],
        }
      : null,
    hasTotals
      ? {
          label: 'Total',
          class: 'num',
          cell: (e) =>
            h(
              'span',
              { title: 'its streams on this chart up to this day' },
              fmt('totalStreams' in e ? e.totalStreams : null),
            ),
        }
      : null,
    { label: 'Peak', class: 'num', cell: (e) => String(e.peakRank) },
    weekly
      ? { label: 'Weeks', class: 'num', cell: (e) => String(times(e)) }
      : { label: 'Days', class: 'num', cell: (e) => String(times(e)) },
  ]
  return skipTarget(
    table(
      'chart entries',
      cols.filter((c) => c !== null),
      entries,
    ),
  )
}

/**
 * @param {HTMLElement} main
 * @param {import('./types.d.ts').ViewContext} context
 */
export async function showChart(main, { parts, signal }) {
  const list = await regions(signal)
  const given = parts[0] ?? 'global'
  const kind = KINDS.find(([k]) => k === parts[1])?.[0] ?? 'daily'
  const date = DATE.test(parts[2] ?? '') ? parts[2] : undefined
  const region = regionIn(list, given)
  const key = region ? regionKey(region) : given
  const chart = kind === 'viral' ? 'viral50' : 'top200'
  const weekly = kind === 'weekly'
  const hrefOf = (/** @type {string} */ d) => href.chart(key, kind, d)
  const kindName = KINDS.find(([k]) => k === kind)?.[1]
  const heading = `${region?.name ?? given} · ${kindName}`
  document.title = `${heading} · Spotify Charts`

  const go = (/** @type {string} */ url) => {
    location.hash = url
  }
  const dateInput = h('input', {
    type: 'date',
    'aria-label': weekly ? 'a date in the week' : 'date',
    value: date ?? '',
    min: region?.firstDate,
    max: region?.lastDate,
    onchange: (e) => {
      const value = targetValue(e)
      if (DATE.test(value)) go(hrefOf(value))
    },
  })
  const pickRegion = (/** @type {string} */ v) => go(href.chart(v, kind, date))
  const regionField = regionSelect(list, given, pickRegion)
  const prev = h('span', { class: 'button', 'aria-disabled': 'true' }, '← Previous')
  const next = h('span', { class: 'button', 'aria-disabled': 'true' }, 'Next →')
  main.append(
    h(
      'form',
      { class: 'controls', onsubmit: (e) => e.preventDefault() },
      regionField,
      select('Chart', KINDS, kind, (v) => go(href.chart(key, v, date))),
      h(
        'div',
        { class: 'field dates' },
        h('span', null, weekly ? 'Week of' : 'Date'),
        h('div', { class: 'stepper' }, prev, dateInput, next),
      ),
    ),
  )
  const body = h('div', { class: 'chart-body' }, loading('the chart'))
  main.append(body)

  const ranking = weekly
    ? api('/rankings/weekly', { region: given, week: date }, signal)
    : api('/rankings', { region: given, chart, date }, signal)
  // what changed since the previous day (daily charts); a failure leaves the chart alone
  const movers = weekly
    ? Promise.resolve(null)
    : api('/rankings/movers', { region: given, chart, date, limit: MOVERS_SHOWN }, signal).catch(
        (err) => {
          if (isAbort(err)) throw err
          return null
        },
      )
  const dates = api('/dates', { region: given, chart }, signal)
    .then((d) => d.dates)
    .catch(() => /** @type {string[]} */ ([]))
  /** @type {Daily | Weekly} */
  let answer
  try {
    answer = await ranking
  } catch (err) {
    if (!(err instanceof ApiError)) throw err
    const suggestionHref =
      err.code === 'unknown_region'
        ? (/** @type {string} */ s) => href.chart(s, kind, date)
        : hrefOf
    body.replaceChildren(h('h1', null, heading), errorBox(err, 'this chart', suggestionHref))
    if (date) {
      const [before, after] = neighbours(await dates, date, date)
      prev.replaceWith(stepLink(before, '← Previous', 'prev', hrefOf))
      next.replaceWith(stepLink(after, 'Next →', 'next', hrefOf))
    }
    return
  }
  // a name or code this page does not know but the service does: show the one it chose
  if (!region) regionField.replaceWith(regionSelect(list, answer.region, pickRegion))
  const from = 'weekStart' in answer ? answer.weekStart : answer.date
  const to = 'weekEnd' in answer ? answer.weekEnd : answer.date
  dateInput.value = from
  const [before, after] = neighbours(await dates, from, to)
  prev.replaceWith(stepLink(before, '← Previous', 'prev', hrefOf))
  next.replaceWith(stepLink(after, 'Next →', 'next', hrefOf))
  const title = weekly ? `Week ${longDate(from)} – ${longDate(to)}` : longDate(from)
  const changed = await movers
  fill(
    body,
    h('h1', null, `${answer.region} · ${kindName}`),
    h(
      'p',
      { class: 'muted summary' },
      `${title} · ${count(answer.total, 'entry', 'entries')}`,
      'source' in answer
        ? answer.source === 'official'
          ? " · Spotify's official weekly chart"
          : ` · from ${count(answer.days, 'daily chart')}`
        : null,
      ' · ',
      h('a', { href: href.top(key) }, `most streamed in ${answer.region}`),
      ' · ',
      h('a', { href: href.numberOnes(key, '', chart) }, `#1 history`),
      ' · ',
      h('a', { href: href.streaks(key, chart) }, 'longest streaks'),
      weekly || chart !== 'top200'
        ? null
        : [' · ', h('a', { href: href.artists(key, from) }, 'top artists of the day')],
    ),
    h(
      'p',
      { class: 'actions' },
      weekly
        ? csvButton('/rankings/weekly', { region: key, week: from }, 'this chart')
        : csvButton('/rankings', { region: key, chart, date: from }, 'this chart'),
    ),
    'source' in answer
      ? h(
          'p',
          { class: 'muted note' },
          answer.source === 'official'
            ? "Spotify's own weekly chart, from its download on charts.spotify.com: its ranks and streams count every stream of the week; a week runs Friday to Thursday."
            : "Derived: weekly streams add up what the daily top 200 shows (Spotify's own weekly chart counts every stream); a week runs Friday to Thursday.",
        )
      : null,
    changed ? moversPanel(changed, { region: key, chart }) : null,
    answer.entries.length
      ? entriesTable(answer, weekly)
      : h('p', null, 'This chart has no entries.'),
  )
}
