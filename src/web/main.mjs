/**
 * The web app: routes the URL's hash to a view, keeps the search box at the top.
 * Every view is a URL (`#/chart/us/weekly/2017-03-03`, `#/track/<id>`, `#/artist/<name>`,
 * `#/top/global/artists/2017`, `#/number-ones/us/2017`, `#/search/<q>`), so reload, back and
 * forward show it again.
 */

import { api, isAbort } from './api.mjs'
import { showArtist } from './artist.mjs'
import { showArtists } from './artists.mjs'
import { showChart } from './chart.mjs'
import { h } from './dom.mjs'
import { showNumberOnes } from './number-ones.mjs'
import { keepScrollPositions, leaveView, restoreScroll } from './scroll.mjs'
import { setUpSearch, showSearch } from './search.mjs'
import { showStreaks } from './streaks.mjs'
import { showTop } from './top.mjs'
import { showTrack } from './track.mjs'

/**
 * @typedef {(main: HTMLElement, context: import('./types.d.ts').ViewContext) => Promise<void>} View
 */

/** @type {Partial<Record<string, View>>} */
const VIEWS = {
  chart: showChart,
  track: showTrack,
  artist: showArtist,
  top: showTop,
  search: showSearch,
  'number-ones': showNumberOnes,
  artists: showArtists,
  streaks: showStreaks,
}

/**
 * `#/artist/Beyonc%C3%A9?page=2` → `{ view: 'artist', parts: ['Beyoncé'], params }`.
 * @param {string} hash
 */
export function parseHash(hash) {
  const [path, query = ''] = hash.replace(/^#\/?/, '').split('?')
  const [view = '', ...parts] = path.split('/').map((p) => {
    try {
      return decodeURIComponent(p)
    } catch {
      return p
    }
  })
  return { view: view || 'chart', parts, params: new URLSearchParams(query) }
}

// index.html holds the page's frame: main, the header, the skip link and the search
const main = /** @type {HTMLElement} */ (document.getElementById('main'))
const header = /** @type {HTMLElement} */ (document.querySelector('header.top'))
/** @type {AbortController | undefined} */
let current

/**
 * The index's inputs in words (/ready `index.source.inputs`): each kind and the days it covers.
 * @param {import('./types.d.ts').Answer<'/ready'>['index']['source']['inputs']} inputs
 */
function inputsText(inputs = []) {
  return inputs
    .map((input) => {
      const what =
        input.kind === 'download'
          ? `${input.synthetic ? 'generated ' : ''}chart downloads of charts.spotify.com (${input.files} ${input.files === 1 ? 'file' : 'files'})`
          : input.synthetic
            ? 'generated data in the Kaggle layout'
            : 'the Kaggle dataset "Spotify Charts"'
      const days = input.firstDate ? `${input.firstDate} to ${input.lastDate}` : 'no rows kept'
      return `${what}, ${days}`
    })
    .join('; ')
}

/**
 * Says on every page, under the header, what the service's index holds: its inputs with the
 * days they cover, and first, when it is synthetic (gen-data made an input: real artist
 * names, invented songs and track ids), that the songs are invented. Asked once; a service
 * that does not say leaves the page as it is.
 */
const dataNotice = api('/ready')
  .then(({ index }) => {
    const source = index?.source
    if (!source) return
    const data = source.inputs?.length ? `Data: ${inputsText(source.inputs)}.` : ''
    const notice =
      source.kind === 'synthetic'
        ? h(
            'p',
            { class: 'sample-notice', role: 'note' },
            h('strong', null, 'Sample data: invented songs. '),
            `The charts here are generated for testing: real artist names, made-up tracks, streams and Spotify links. ${data}`,
          )
        : data && h('p', { class: 'data-notice', role: 'note' }, data)
    if (notice) header.after(notice)
  })
  .catch(() => {})

/**
 * Shows the view of the current hash. The previous view's requests are aborted and its
 * content removed before the new one starts, so nothing stale stays on screen.
 */
async function route() {
  current?.abort()
  const controller = new AbortController()
  current = controller
  const { view, parts, params } = parseHash(location.hash)
  const show = VIEWS[view]
  // the notice goes in before the first view, so nothing moves under a restored scroll
  await dataNotice
  if (current !== controller) return
  leaveView()
  main.setAttribute('aria-busy', 'true')
  main.replaceChildren()
  try {
    if (!show) {
      main.append(
        h('h1', null, 'No such page'),
        h(
          'div',
          { class: 'error', role: 'alert' },
          `No page “${view}”. `,
          h('a', { href: '#/' }, 'Go to the charts'),
        ),
      )
    } else {
      await show(main, { parts, params, signal: controller.signal })
    }
  } catch (err) {
    if (isAbort(err)) return
    const message = err instanceof Error ? err.message : String(err)
    main.append(h('div', { class: 'error', role: 'alert' }, `Something went wrong: ${message}`))
  } finally {
    if (current === controller) {
      main.removeAttribute('aria-busy')
      // a page seen before (back, forward, reload) opens where it was left; a new one at its top
      restoreScroll()
      // which address the content on screen answers (tests wait for it to equal the hash)
      main.dataset.shown = location.hash
    }
  }
}

window.addEventListener('hashchange', () => {
  route()
  // a new page: focus moves to it for keyboard and screen readers
  main.focus({ preventScroll: true })
})
const skip = /** @type {HTMLElement} */ (document.querySelector('.skip'))
skip.addEventListener('click', (e) => {
  e.preventDefault()
  // the view's chart or list itself when it has one (dom.mjs skipTarget), else the view
  const target = /** @type {HTMLElement} */ (main.querySelector('[data-skip-target]') ?? main)
  target.focus()
})
// what the browser scrolls into view (a focused link, say) stops below the sticky header
new ResizeObserver(() => {
  document.documentElement.style.scrollPaddingTop = `${header.offsetHeight + 8}px`
}).observe(header)
setUpSearch(/** @type {HTMLElement} */ (document.getElementById('search')))
keepScrollPositions()
route()
