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
  regionIn,
  regionKey,
  regionSelect,
  regions,
} from './api.mjs'
import {
  count,
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
  trackColumn,
} from './dom.mjs'
import { SHOWN as MOVERS_SHOWN, moversPanel } from './movers.mjs'

const KINDS = [
  ['daily', 'Daily top 200'],
  ['viral', 'Daily viral 50'],
  ['weekly', 'Weekly top 200'],
]
const DATE = /^\d{4}-\d{2}-\d{2}$/

/** The dates around `from`–`to` in the ascending `dates`: `[last before, first after]`. */
function neighbours(dates, from, to) {
  let before = null
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

function stepLink(date, text, rel, hrefOf) {
  return date
    ? h('a', { class: 'button', href: hrefOf(date), rel, title: date }, text)
    : h('span', { class: 'button', 'aria-disabled': 'true' }, text)
}

function entriesTable(answer, weekly) {
  const hasStreams = answer.entries.some((e) => e.streams != null)
  // a stream change and a running total on daily top 200 entries (an older service has none)
  const hasTotals = hasStreams && !weekly && answer.entries.some((e) => e.totalStreams != null)
  const times = (e) => (weekly ? e.weeksOnChart : e.daysOnChart)
  const cols = [
    { label: '#', class: 'lead num', cell: (e) => String(e.rank) },
    { label: 'Move', short: '', cell: (e) => movement(e.rank, e.previousRank, times(e)) },
    trackColumn(answer.chart),
    hasStreams ? { label: 'Streams', class: 'num', cell: (e) => fmt(e.streams) } : null,
    hasTotals
      ? {
          label: 'Change',
          class: 'num',
          cell: (e) =>
            e.streamsChange == null
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
            e.weekStreams == null
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
            h('span', { title: 'its streams on this chart up to this day' }, fmt(e.totalStreams)),
        }
      : null,
    { label: 'Peak', class: 'num', cell: (e) => String(e.peakRank) },
    weekly
      ? { label: 'Weeks', class: 'num', cell: (e) => String(e.weeksOnChart) }
      : { label: 'Days', class: 'num', cell: (e) => String(e.daysOnChart) },
  ].filter(Boolean)
  return skipTarget(table('chart entries', cols, answer.entries))
}

export async function showChart(main, { parts, signal }) {
  const list = await regions(signal)
  const given = parts[0] ?? 'global'
  const kind = KINDS.some(([k]) => k === parts[1]) ? parts[1] : 'daily'
  const date = DATE.test(parts[2] ?? '') ? parts[2] : undefined
  const region = regionIn(list, given)
  const key = region ? regionKey(region) : given
  const chart = kind === 'viral' ? 'viral50' : 'top200'
  const weekly = kind === 'weekly'
  const hrefOf = (d) => href.chart(key, kind, d)
  const kindName = KINDS.find(([k]) => k === kind)[1]
  const heading = `${region?.name ?? given} · ${kindName}`
  document.title = `${heading} · Spotify Charts`

  const go = (url) => {
    location.hash = url
  }
  const dateInput = h('input', {
    type: 'date',
    'aria-label': weekly ? 'a date in the week' : 'date',
    value: date ?? '',
    min: region?.firstDate,
    max: region?.lastDate,
    onchange: (e) => DATE.test(e.target.value) && go(hrefOf(e.target.value)),
  })
  const pickRegion = (v) => go(href.chart(v, kind, date))
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
          if (err.name === 'AbortError') throw err
          return null
        },
      )
  const dates = api('/dates', { region: given, chart }, signal)
    .then((d) => d.dates)
    .catch(() => [])
  let answer
  try {
    answer = await ranking
  } catch (err) {
    if (!(err instanceof ApiError)) throw err
    const suggestionHref =
      err.code === 'unknown_region' ? (s) => href.chart(s, kind, date) : (s) => hrefOf(s)
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
  const from = weekly ? answer.weekStart : answer.date
  const to = weekly ? answer.weekEnd : answer.date
  dateInput.value = from
  const [before, after] = neighbours(await dates, from, to)
  prev.replaceWith(stepLink(before, '← Previous', 'prev', hrefOf))
  next.replaceWith(stepLink(after, 'Next →', 'next', hrefOf))
  const title = weekly
    ? `Week ${longDate(answer.weekStart)} – ${longDate(answer.weekEnd)}`
    : longDate(answer.date)
  const changed = await movers
  fill(
    body,
    h('h1', null, `${answer.region} · ${kindName}`),
    h(
      'p',
      { class: 'muted summary' },
      `${title} · ${count(answer.total, 'entry', 'entries')}`,
      weekly
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
        : [' · ', h('a', { href: href.artists(key, answer.date) }, 'top artists of the day')],
    ),
    h(
      'p',
      { class: 'actions' },
      weekly
        ? csvButton('/rankings/weekly', { region: key, week: answer.weekStart }, 'this chart')
        : csvButton('/rankings', { region: key, chart, date: answer.date }, 'this chart'),
    ),
    weekly
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
