/** The search box at the top of every page (suggestions as you type) and `#/search/<q>`. */
import { ApiError, api, errorBox } from './api.mjs'
import { count, fill, h, href, loading, section } from './dom.mjs'

/**
 * @typedef {import('./types.d.ts').Answer<'/search'>} Found
 * @typedef {import('./types.d.ts').Child} Child
 * @typedef {((e: Event) => void) | undefined} OnPick
 */

const SUGGEST = 8

/**
 * Artist and track results as lists of links. An artist found by an alias shows it:
 * `BTS → 방탄소년단`.
 * @param {Found} found
 * @param {OnPick} [onpick] called when a link is followed
 */
function results({ artists, tracks }, onpick) {
  /** @param {string} link @param {Child} main @param {string} note */
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
            item(
              href.artist(a.name),
              a.matchedAlias
                ? [h('span', { class: 'alias' }, `${a.matchedAlias} → `), a.name]
                : a.name,
              `artist · ${count(a.tracks, 'track')} on any chart`,
            ),
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
 * `a, b or c`: the links, with commas and an `or` before the last.
 * @param {HTMLElement[]} links
 */
const either = (links) =>
  links.map((link, i) => [i ? (i === links.length - 1 ? ' or ' : ', ') : null, link])

/**
 * When nothing matches `q`: says so, with the service's close artist names (a typo's
 * correction: `beyonse` → Beyoncé) as links to their pages, and under it its close track
 * titles (`despasio` → Despacito) as links to theirs.
 * @param {string} q
 * @param {Found} found
 * @param {OnPick} [onpick] called when a link is followed
 */
function nothingMatches(q, { suggestions, trackSuggestions }, onpick) {
  return [
    h(
      'p',
      { class: 'muted nothing' },
      `Nothing matches “${q}”.`,
      suggestions.length
        ? [
            ' Did you mean ',
            either(
              suggestions.map((name) => h('a', { href: href.artist(name), onclick: onpick }, name)),
            ),
            '?',
          ]
        : null,
    ),
    trackSuggestions.length
      ? h(
          'p',
          { class: 'muted nothing-tracks' },
          `Did you mean the ${trackSuggestions.length === 1 ? 'track' : 'tracks'} `,
          either(
            trackSuggestions.map((t) =>
              h(
                'a',
                { href: href.track(t.trackId), onclick: onpick },
                t.title,
                h('small', null, ` by ${t.artist}`),
              ),
            ),
          ),
          '?',
        )
      : null,
  ]
}

/**
 * Wires the header's search form: typing shows up to 8 suggestions (links: Tab or ↓ reach
 * them, Escape closes), Enter opens the full result page.
 * @param {HTMLElement} search index.html's `<search>`, with its form, input and box
 */
export function setUpSearch(search) {
  const form = /** @type {HTMLFormElement} */ (search.querySelector('form'))
  const input = /** @type {HTMLInputElement} */ (form.querySelector('input'))
  const box = /** @type {HTMLElement} */ (form.querySelector('.suggest'))
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer
  /** @type {AbortController | undefined} */
  let controller
  const close = () => {
    box.hidden = true
    box.replaceChildren()
  }
  const suggest = async (/** @type {string} */ q) => {
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
      fill(box, items.some(Boolean) ? items : nothingMatches(q, found, picked))
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
    const at = links.indexOf(/** @type {HTMLAnchorElement} */ (document.activeElement))
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
    if (!search.contains(/** @type {Node | null} */ (e.target))) close()
  })
}

/**
 * `#/search/<q>`: every artist and track the search finds (up to 50 each).
 * @param {HTMLElement} main
 * @param {import('./types.d.ts').ViewContext} context
 */
export async function showSearch(main, { parts, signal }) {
  const q = parts[0] ?? ''
  document.title = `Search “${q}” · Spotify Charts`
  main.append(h('h1', null, `Search: “${q}”`))
  const status = loading('the results')
  main.append(status)
  /** @type {Found} */
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
    status.replaceWith(...nothingMatches(q, found).filter((p) => p !== null))
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
