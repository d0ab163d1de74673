/** The search box at the top of every page (suggestions as you type) and `#/search/<q>`. */
import { ApiError, api, errorBox } from './api.mjs'
import { count, fill, h, href, loading, section } from './dom.mjs'

const SUGGEST = 8

/** Artist and track results as lists of links. */
function results({ artists, tracks }, onpick) {
  const item = (link, main, note) =>
    h(
      'li',
      null,
      h('a', { href: link, onclick: onpick }, h('span', null, main), h('small', null, note)),
    )
  return [
    artists.length
      ? h(
          'ul',
          { class: 'hits', 'aria-label': 'artists' },
          artists.map((a) =>
            item(href.artist(a.name), a.name, `artist · ${count(a.tracks, 'track')} on any chart`),
          ),
        )
      : null,
    tracks.length
      ? h(
          'ul',
          { class: 'hits', 'aria-label': 'tracks' },
          tracks.map((t) => item(href.track(t.trackId), t.title, `track · ${t.artist}`)),
        )
      : null,
  ]
}

/**
 * When nothing matches `q`: says so, with the service's close artist names (a typo's
 * correction: `beyonse` → Beyoncé) as links to their pages.
 */
function nothingMatches(q, suggestions, onpick) {
  return h(
    'p',
    { class: 'muted nothing' },
    `Nothing matches “${q}”.`,
    suggestions?.length
      ? [
          ' Did you mean ',
          suggestions.map((name, i) => [
            i ? (i === suggestions.length - 1 ? ' or ' : ', ') : null,
            h('a', { href: href.artist(name), onclick: onpick }, name),
          ]),
          '?',
        ]
      : null,
  )
}

/**
 * Wires the header's search form: typing shows up to 8 suggestions (links: Tab or ↓ reach
 * them, Escape closes), Enter opens the full result page.
 */
export function setUpSearch(search) {
  const form = search.querySelector('form')
  const input = form.querySelector('input')
  const box = form.querySelector('.suggest')
  let timer
  let controller
  const close = () => {
    box.hidden = true
    box.replaceChildren()
  }
  const suggest = async (q) => {
    controller?.abort()
    controller = new AbortController()
    try {
      const found = await api('/search', { q, limit: SUGGEST }, controller.signal)
      if (input.value.trim() !== q) return
      const picked = () => {
        input.value = ''
        close()
      }
      const items = results(found, picked)
      fill(box, items.some(Boolean) ? items : nothingMatches(q, found.suggestions, picked))
      box.hidden = false
    } catch (err) {
      if (err instanceof ApiError) {
        box.replaceChildren(h('p', { class: 'error' }, err.message))
        box.hidden = false
      }
    }
  }
  input.addEventListener('input', () => {
    clearTimeout(timer)
    const q = input.value.trim()
    if (!q) return close()
    timer = setTimeout(() => suggest(q), 120)
  })
  form.addEventListener('submit', (e) => {
    e.preventDefault()
    const q = input.value.trim()
    if (!q) return
    // no suggestions for what was just searched
    clearTimeout(timer)
    controller?.abort()
    close()
    location.hash = href.search(q)
  })
  form.addEventListener('keydown', (e) => {
    const links = [...box.querySelectorAll('a')]
    const at = links.indexOf(document.activeElement)
    if (e.key === 'Escape') {
      close()
      input.focus()
    } else if (e.key === 'ArrowDown' && links.length) {
      e.preventDefault()
      links[Math.min(at + 1, links.length - 1)].focus()
    } else if (e.key === 'ArrowUp' && at >= 0) {
      e.preventDefault()
      if (at === 0) input.focus()
      else links[at - 1].focus()
    }
  })
  document.addEventListener('click', (e) => {
    if (!search.contains(e.target)) close()
  })
}

/** `#/search/<q>`: every artist and track the search finds (up to 50 each). */
export async function showSearch(main, { parts, signal }) {
  const q = parts[0] ?? ''
  document.title = `Search “${q}” · Spotify Charts`
  main.append(h('h1', null, `Search: “${q}”`))
  const status = loading('the results')
  main.append(status)
  let found
  try {
    found = await api('/search', { q, limit: 50 }, signal)
  } catch (err) {
    if (!(err instanceof ApiError)) throw err
    status.replaceWith(errorBox(err, 'the search', href.search))
    return
  }
  const { artists, tracks } = found
  if (!artists.length && !tracks.length) {
    status.replaceWith(nothingMatches(q, found.suggestions))
    return
  }
  const [a, t] = results(found)
  status.replaceWith(
    h(
      'p',
      { class: 'muted' },
      `${count(artists.length, 'artist')} and ${count(tracks.length, 'track')} match (at most 50 each). Artist track counts cover every chart (top 200 and viral 50).`,
    ),
    section('Artists', a ?? h('p', { class: 'muted' }, 'No artist matches.')),
    section('Tracks', t ?? h('p', { class: 'muted' }, 'No track matches.')),
  )
}
