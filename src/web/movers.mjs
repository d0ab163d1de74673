/**
 * What changed on a daily chart since its previous date (`/rankings/movers`): new entries,
 * re-entries, the biggest climbers and fallers, and the tracks that dropped out, each a
 * link to the track. Shown above the chart, open on wide screens and folded on phones. Each
 * list shows its first SHOWN; "Show all N" opens the whole list in place.
 */
import { api, csvButton } from './api.mjs'
import { count, h, href, longDate } from './dom.mjs'

/**
 * @typedef {import('./types.d.ts').Answer<'/rankings/movers'>} Movers
 * @typedef {'newEntries' | 'reEntries' | 'climbers' | 'fallers' | 'dropouts'} ListName
 * @typedef {Movers[ListName][number]} Mover
 * @typedef {import('./types.d.ts').Child} Child
 */

/** How many of a list show before "Show all" (the page of each list asked for). */
export const SHOWN = 5

/**
 * One group: a heading with the whole list's size, its first SHOWN items (`line(item)` draws
 * one) and, when there are more, a button that puts the whole list in their place
 * (`whole()` gives it).
 * @template T
 * @param {string} title
 * @param {T[]} items
 * @param {number} total
 * @param {(item: T) => Child} line
 * @param {string} empty
 * @param {() => Promise<T[]>} whole
 */
function group(title, items, total, line, empty, whole) {
  const label = `Show all ${total} ${title.toLowerCase()}`
  const list = h(
    'ol',
    null,
    items.map((item) => h('li', null, line(item))),
  )
  const more =
    total > items.length
      ? h(
          'button',
          {
            type: 'button',
            class: 'more',
            'aria-label': label,
            onclick: async (e) => {
              const button = /** @type {HTMLButtonElement} */ (e.currentTarget)
              button.disabled = true
              button.textContent = 'Loading…'
              try {
                list.replaceChildren(...(await whole()).map((item) => h('li', null, line(item))))
                button.remove()
                list.querySelectorAll('a')[items.length]?.focus()
              } catch {
                button.disabled = false
                button.textContent = `Show all ${total} (failed, try again)`
                button.setAttribute('aria-label', `${label} (failed, try again)`)
              }
            },
          },
          `Show all ${total}`,
        )
      : null
  return h(
    'section',
    { class: 'movers-group', 'aria-label': title },
    h('h2', null, title, ' ', h('small', null, String(total))),
    total ? list : h('p', { class: 'muted' }, empty),
    more,
  )
}

/**
 * Its rank, then its title (a link to the track) over its artists, then `note` (the move).
 * @param {Mover} e
 * @param {import('./types.d.ts').Chart} chart
 * @param {number | null} rank
 * @param {[string, string]} note
 */
function entryLine(e, chart, rank, note) {
  return [
    h('span', { class: 'movers-rank' }, `#${rank}`),
    h(
      'span',
      { class: 'movers-track' },
      h('a', { href: href.track(e.trackId, chart) }, e.title),
      h('small', null, e.artists.join(', ')),
    ),
    note ? h('span', { class: `move ${note[0]}` }, note[1]) : null,
  ]
}

/**
 * The panel for a movers answer (its first SHOWN of each list) of the chart `query` asked
 * for (`region`, `chart`: top200 or viral50, `date`): null on a chart's first date (nothing
 * to compare with). The whole lists are asked for once, when a "Show all" is first pressed.
 * @param {Movers} movers
 * @param {{ region: string, chart: import('./types.d.ts').Chart }} query
 */
export function moversPanel(movers, query) {
  if (!movers.previousDate) return null
  const { chart } = query
  const { totals } = movers
  const summary = [
    count(totals.newEntries, 'new entry', 'new entries'),
    count(totals.reEntries, 're-entry', 're-entries'),
    count(totals.dropouts, 'dropout'),
  ].join(' · ')
  const wide = globalThis.matchMedia?.('(min-width: 700px)').matches ?? true
  /** @type {Promise<Movers> | undefined} */
  let all
  const whole = (/** @type {ListName} */ list) => async () => {
    all ??= api('/rankings/movers', { ...query, date: movers.date })
    all.catch(() => {
      all = undefined
    })
    return (await all)[list]
  }
  /**
   * One list's group: `line(e)` draws an entry of it.
   * @template {ListName} L
   * @param {string} title
   * @param {L} key
   * @param {(e: Movers[L][number]) => Child} line
   * @param {string} empty
   */
  const list = (title, key, line, empty) =>
    group(title, movers[key], totals[key], line, empty, whole(key))
  const lists = [
    list(
      'New',
      'newEntries',
      (e) => entryLine(e, chart, e.rank, ['new', 'NEW']),
      'No new entries.',
    ),
    list(
      'Re-entries',
      'reEntries',
      (e) => entryLine(e, chart, e.rank, ['new', 'RE']),
      'No re-entries.',
    ),
    list(
      'Biggest climbers',
      'climbers',
      (e) => entryLine(e, chart, e.rank, ['up', `▲ ${e.change}`]),
      'Nothing climbed.',
    ),
    list(
      'Biggest fallers',
      'fallers',
      // a faller's change is below 0, never null (docs/API.md)
      (e) => entryLine(e, chart, e.rank, ['down', `▼ ${-(e.change ?? 0)}`]),
      'Nothing fell.',
    ),
    list(
      'Dropouts',
      'dropouts',
      (e) => entryLine(e, chart, e.previousRank, ['down', 'OUT']),
      'Nothing dropped out.',
    ),
  ]
  return h(
    'details',
    { class: 'card movers', open: wide },
    h(
      'summary',
      null,
      h('strong', null, `What changed since ${longDate(movers.previousDate)}`),
      h('span', { class: 'muted' }, ` · ${summary}`),
    ),
    h('div', { class: 'movers-grid' }, lists),
    h(
      'p',
      { class: 'actions' },
      csvButton('/rankings/movers', { ...query, date: movers.date }, 'the changes'),
    ),
  )
}
