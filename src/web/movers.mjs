/**
 * What changed on a daily chart since its previous date (`/rankings/movers`): new entries,
 * re-entries, the biggest climbers and fallers, and the tracks that dropped out, each a
 * link to the track. Shown above the chart, open on wide screens and folded on phones.
 */
import { count, h, href, longDate } from './dom.mjs'

/** How many of a list show before "and N more" (also the climbers and fallers asked for). */
export const SHOWN = 5

/**
 * One group: a heading (with the list's size when `whole`: climbers and fallers come cut
 * to the biggest) and up to SHOWN items (`line(item)` draws one).
 */
function group(title, items, line, empty, whole = true) {
  const shown = items.slice(0, SHOWN)
  return h(
    'section',
    { class: 'movers-group', 'aria-label': title },
    h('h3', null, title, whole ? [' ', h('small', null, String(items.length))] : null),
    items.length
      ? h(
          'ol',
          null,
          shown.map((item) => h('li', null, line(item))),
        )
      : h('p', { class: 'muted' }, empty),
    items.length > SHOWN ? h('p', { class: 'muted' }, `and ${items.length - SHOWN} more`) : null,
  )
}

/** Its rank, then its title (a link to the track) over its artists, then `note` (the move). */
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
 * The panel for a movers answer of chart `chart` (`top200`/`viral50`): null on a chart's
 * first date (nothing to compare with).
 */
export function moversPanel(movers, chart) {
  if (!movers.previousDate) return null
  const { newEntries, reEntries, climbers, fallers, dropouts } = movers
  const summary = [
    count(newEntries.length, 'new entry', 'new entries'),
    count(reEntries.length, 're-entry', 're-entries'),
    count(dropouts.length, 'dropout'),
  ].join(' · ')
  const wide = globalThis.matchMedia?.('(min-width: 700px)').matches ?? true
  return h(
    'details',
    { class: 'card movers', open: wide },
    h(
      'summary',
      null,
      h('strong', null, `What changed since ${longDate(movers.previousDate)}`),
      h('span', { class: 'muted' }, ` · ${summary}`),
    ),
    h(
      'div',
      { class: 'movers-grid' },
      group(
        'New',
        newEntries,
        (e) => entryLine(e, chart, e.rank, ['new', 'NEW']),
        'No new entries.',
      ),
      group(
        'Re-entries',
        reEntries,
        (e) => entryLine(e, chart, e.rank, ['new', 'RE']),
        'No re-entries.',
      ),
      group(
        'Biggest climbers',
        climbers,
        (e) => entryLine(e, chart, e.rank, ['up', `▲ ${e.change}`]),
        'Nothing climbed.',
        false,
      ),
      group(
        'Biggest fallers',
        fallers,
        (e) => entryLine(e, chart, e.rank, ['down', `▼ ${-e.change}`]),
        'Nothing fell.',
        false,
      ),
      group(
        'Dropouts',
        dropouts,
        (e) => entryLine(e, chart, e.previousRank, ['down', 'OUT']),
        'Nothing dropped out.',
      ),
    ),
  )
}
