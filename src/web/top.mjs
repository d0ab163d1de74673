/**
 * Top lists, `#/top/<region>/<tracks|artists>[/<year>][?page=]`: a region's most streamed
 * tracks or artists of all time or of one year (top 200 rows only), 50 a page.
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
import { artistLinks, count, fill, fmt, h, href, loading, pager, select, table } from './dom.mjs'

const PAGE = 50

function tracksTable(tracks) {
  return table(
    'most streamed tracks',
    [
      { label: '#', class: 'lead num', cell: (t) => String(t.rank) },
      {
        label: 'Track',
        class: 'main',
        cell: (t) => [
          h('a', { class: 'title', href: href.track(t.trackId) }, t.title),
          h('span', { class: 'artists' }, artistLinks(t.artists)),
        ],
      },
      { label: 'Streams', class: 'num', cell: (t) => fmt(t.totalStreams) },
      { label: 'Peak', class: 'num', cell: (t) => `#${t.peakRank}` },
      { label: 'Days', class: 'num', cell: (t) => String(t.daysOnChart) },
    ],
    tracks,
  )
}

function artistsTable(artists, region) {
  return table(
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
  )
}

export async function showTop(main, { parts, params, signal }) {
  const list = await regions(signal)
  const given = parts[0] ?? 'global'
  const what = parts[1] === 'artists' ? 'artists' : 'tracks'
  const year = /^\d{4}$/.test(parts[2] ?? '') ? parts[2] : ''
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1)
  const region = findRegion(list, given)
  const key = region ? regionKey(region) : given
  const name = region?.name ?? given
  document.title = `Most streamed ${what} in ${name}${year ? ` in ${year}` : ''} · Spotify Charts`
  const years = yearOptions(list, region, 'All time')
  const go = (url) => {
    location.hash = url
  }
  const pickRegion = (v) => go(href.top(v, what, year))
  const regionField = regionSelect(list, given, pickRegion)
  const heading = (regionName) =>
    `Most streamed ${what} · ${regionName}${year ? ` · ${year}` : ' · all time'}`
  const title = h('h1', null, heading(name))
  main.append(
    title,
    h(
      'form',
      { class: 'controls', onsubmit: (e) => e.preventDefault() },
      regionField,
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
              {
                class: 'button',
                href: href.top(key, w, year),
                'aria-current': w === what ? 'page' : null,
              },
              w,
            ),
          ),
        ),
      ),
      select('Year', years, year, (v) => go(href.top(key, what, v))),
    ),
  )
  const body = h('div', null, loading(`the most streamed ${what}`))
  main.append(body)
  const query = { region: given, year, limit: PAGE, offset: (page - 1) * PAGE }
  let answer
  try {
    answer = await api(`/top/${what}`, query, signal)
  } catch (err) {
    if (!(err instanceof ApiError)) throw err
    body.replaceChildren(
      errorBox(err, 'the list', (s) =>
        err.code === 'unknown_region' ? href.top(s, what, year) : href.top(key, what, s),
      ),
    )
    return
  }
  if (!region) regionField.replaceWith(regionSelect(list, answer.region, pickRegion))
  title.textContent = heading(answer.region)
  const rows = what === 'tracks' ? answer.tracks : answer.artists
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
      ? what === 'tracks'
        ? tracksTable(rows)
        : artistsTable(rows, key)
      : h('p', null, 'Nothing charted.'),
    pager(page, PAGE, answer.total, (p) => href.top(key, what, year, p)),
  )
}
