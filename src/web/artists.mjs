/**
 * A day's top artists, `#/artists/<region>[/<date>]`: the artists of the daily top 200 by the
 * streams of their entries that day (a track counts in full for each credited artist), with
 * their move since the previous day; each name opens the artist's page for that region.
 */
import { csvButton, regionView } from './api.mjs'
import {
  count,
  DATE,
  fill,
  fmt,
  h,
  href,
  longDate,
  movement,
  skipTarget,
  table,
  targetValue,
} from './dom.mjs'

/**
 * @param {import('./types.d.ts').Answer<'/rankings/artists'>['artists']} artists
 * @param {string} key
 */
function artistsTable(artists, key) {
  return skipTarget(
    table(
      'top artists of the day',
      [
        { label: '#', class: 'lead num', cell: (a) => String(a.rank) },
        { label: 'Move', short: '', cell: (a) => movement(a.rank, a.previousRank, 2) },
        {
          label: 'Artist',
          class: 'main',
          cell: (a) =>
            h('a', { class: 'title', href: href.artist(a.name, { region: key }) }, a.name),
        },
        { label: 'Streams', class: 'num', cell: (a) => fmt(a.streams) },
        { label: 'Entries', class: 'num', cell: (a) => String(a.tracks) },
        { label: 'Best', class: 'num', cell: (a) => `#${a.bestRank}` },
      ],
      artists,
    ),
  )
}

/**
 * @param {HTMLElement} main
 * @param {import('./types.d.ts').ViewContext} context
 */
export async function showArtists(main, { parts, signal }) {
  const date = DATE.test(parts[1] ?? '') ? parts[1] : undefined
  /** @type {HTMLInputElement | undefined} */
  let dateInput
  /** @param {string} key @param {import('./types.d.ts').Region | undefined} region */
  const dateField = (key, region) => {
    dateInput = h('input', {
      type: 'date',
      'aria-label': 'date',
      value: date ?? '',
      min: region?.firstDate,
      max: region?.lastDate,
      onchange: (e) => {
        const value = targetValue(e)
        if (DATE.test(value)) location.hash = href.artists(key, value)
      },
    })
    return h('label', { class: 'field' }, h('span', null, 'Date'), dateInput)
  }
  const view = await regionView(main, {
    parts,
    signal,
    heading: (name) => `Top artists · ${name}`,
    what: 'the top artists',
    path: '/rankings/artists',
    query: { date, limit: 1000 },
    regionLink: (r) => href.artists(r, date),
    suggestionLink: (d, key) => href.artists(key, d),
    fields: dateField,
  })
  if (!view) return
  const { answer, body, key, query } = view
  if (dateInput) dateInput.value = answer.date

  fill(
    body,
    h(
      'p',
      { class: 'muted summary' },
      `${longDate(answer.date)} · ${count(answer.total, 'artist')} on the daily top 200, by the streams of their entries (a track counts in full for each credited artist) · `,
      h('a', { href: href.chart(key, 'daily', answer.date) }, 'the chart of that day'),
    ),
    h(
      'p',
      { class: 'actions' },
      csvButton('/rankings/artists', { ...query, date: answer.date }, 'these artists'),
    ),
    artistsTable(answer.artists, key),
  )
}
