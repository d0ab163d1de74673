/**
 * Top lists, `#/top/<region>/<tracks|artists>[/<year>][?page=]`: a region's most streamed
 * tracks or artists of all time or of one year (top 200 rows only), 50 a page.
 */
import { csvButton, regionView, yearOptions } from './api.mjs'
import {
  count,
  fill,
  fmt,
  h,
  href,
  pageOf,
  pager,
  select,
  skipTarget,
  table,
  trackColumn,
} from './dom.mjs'

const PAGE = 50

/** @param {import('./types.d.ts').Answer<'/top/tracks'>['tracks']} tracks */
function tracksTable(tracks) {
  return skipTarget(
    table(
      'most streamed tracks',
      [
        { label: '#', class: 'lead num', cell: (t) => String(t.rank) },
        trackColumn(),
        { label: 'Streams', class: 'num', cell: (t) => fmt(t.totalStreams) },
        { label: 'Peak', class: 'num', cell: (t) => `#${t.peakRank}` },
        { label: 'Days', class: 'num', cell: (t) => String(t.daysOnChart) },
      ],
      tracks,
    ),
  )
}

/**
 * @param {import('./types.d.ts').Answer<'/top/artists'>['artists']} artists
 * @param {string} region
 */
function artistsTable(artists, region) {
  return skipTarget(
    table(
      'most streamed artists',
      [
        { label: '#', class: 'lead num', cell: (a) => String(a.rank) },
        {
          label: 'Artist',
          class: 'main',
          cell: (a) => h('a', { class: 'title', href: href.artist(a.name, { region }) }, a.name),
        },
        { label: 'Streams', class: 'num', cell: (a) => fmt(a.totalStreams) },
        { label: 'Tracks', class: 'num', cell: (a) => String(a.tracks) },
        { label: '#1s', class: 'num', cell: (a) => String(a.numberOnes) },
        { label: 'Peak', class: 'num', cell: (a) => `#${a.peakRank}` },
      ],
      artists,
    ),
  )
}

/**
 * @param {HTMLElement} main
 * @param {import('./types.d.ts').ViewContext} context
 */
export async function showTop(main, { parts, params, signal }) {
  const what = parts[1] === 'artists' ? 'artists' : 'tracks'
  const year = /^\d{4}$/.test(parts[2] ?? '') ? parts[2] : ''
  const page = pageOf(params)
  const tabs = (/** @type {string} */ key) =>
    h(
      'div',
      { class: 'field' },
      h('span', null, 'List'),
      h(
        'div',
        { class: 'tabs' },
        ['tracks', 'artists'].map((w) =>
          h(
            'a',
            { class: 'button', href: href.top(key, w, year), 'aria-current': w === what && 'page' },
            w,
          ),
        ),
      ),
    )
  const view = await regionView(main, {
    parts,
    signal,
    heading: (name) => `Most streamed ${what} · ${name}${year ? ` · ${year}` : ' · all time'}`,
    what: `the most streamed ${what}`,
    path: `/top/${what}`,
    query: { year, limit: PAGE, offset: (page - 1) * PAGE },
    regionLink: (r) => href.top(r, what, year),
    suggestionLink: (y, key) => href.top(key, what, y),
    fields: (key, region, list) => [
      tabs(key),
      select('Year', yearOptions(list, region, 'All time'), year, (v) => {
        location.hash = href.top(key, what, v)
      }),
    ],
  })
  if (!view) return
  const { answer, body, key, query } = view
  const rows = 'tracks' in answer ? answer.tracks : answer.artists
  fill(
    body,
    h(
      'p',
      { class: 'muted' },
      `${count(answer.total, what.slice(0, -1))} on the top 200 ${year ? `in ${year}` : 'of all time'}, by streams summed over their daily chart rows. A track's streams count in full for each credited artist.`,
    ),
    rows.length
      ? h('p', { class: 'actions' }, csvButton(`/top/${what}`, query, `these ${what}`))
      : null,
    rows.length
      ? 'tracks' in answer
        ? tracksTable(answer.tracks)
        : artistsTable(answer.artists, key)
      : h('p', null, 'Nothing charted.'),
    pager(page, PAGE, answer.total, (p) => href.top(key, what, year, p)),
  )
}
