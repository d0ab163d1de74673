/** Small DOM helpers, number and date formats, and the app's URLs (hash routes). */

/**
 * @typedef {import('./types.d.ts').Child} Child
 * @typedef {import('./types.d.ts').Chart} Chart
 * @typedef {import('./types.d.ts').ChartKind} ChartKind
 * @typedef {Record<string, string | number | boolean | null | undefined | ((e: Event) => void)>} Attrs
 */

/**
 * An element: `h('a', { href: '#/', class: 'x', onclick: f }, 'text', child, [more])`.
 * Attributes whose value is null, undefined or false are left out; `on…` ones are listeners.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Attrs | null | undefined} attrs
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag)
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value == null || value === false) continue
    if (typeof value === 'function') el.addEventListener(key.slice(2), value)
    else if (key === 'class') el.className = String(value)
    else if (key === 'value') /** @type {HTMLInputElement} */ (el).value = String(value)
    else el.setAttribute(key, value === true ? '' : String(value))
  }
  el.append(...present(children))
  return el
}

/**
 * Children to put in an element: nested arrays flattened, null/undefined/false left out.
 * @param {Child[]} children
 * @returns {(Node | string)[]}
 */
const present = (children) =>
  /** @type {(Node | string)[]} */ (
    /** @type {unknown[]} */ (children).flat(Infinity).filter((c) => c != null && c !== false)
  )

/**
 * Replaces the children of `el` (nested arrays flattened, null/undefined/false left out).
 * @param {Element} el
 * @param {...Child} children
 */
export function fill(el, ...children) {
  el.replaceChildren(...present(children))
}

/** The value of the `<input>` or `<select>` an event came from. */
export const targetValue = (/** @type {Event} */ e) =>
  /** @type {HTMLInputElement | HTMLSelectElement} */ (e.target).value

/**
 * The chart choices of a Chart `<select>`: `[value, label]`.
 * @type {[Chart, string][]}
 */
export const CHARTS = [
  ['top200', 'Top 200'],
  ['viral50', 'Viral 50'],
]

/** A number with thousands separators; an en dash for null. */
export const fmt = (/** @type {number | null | undefined} */ n) =>
  n == null ? '–' : n.toLocaleString('en')

/**
 * `1 track`, `2 tracks`, `1,024 entries`: `n` with the noun in the number it needs.
 * @param {number} n
 * @param {string} one
 */
export const count = (n, one, many = `${one}s`) => `${fmt(n)} ${n === 1 ? one : many}`

/** `+1,234` / `−567` / `0`: a change with its sign (a real minus sign). */
export const signed = (/** @type {number} */ n) =>
  n > 0 ? `+${fmt(n)}` : n < 0 ? `\u2212${fmt(-n)}` : '0'

/**
 * 12.3M / 456K / 789 for tight spaces (the exact number goes in a title).
 * @param {number | null | undefined} n
 */
export function short(n) {
  if (n == null) return '–'
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}B`
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`
  if (n >= 1e4) return `${Math.round(n / 1e3)}K`
  return n.toLocaleString('en')
}

const DAY_MS = 86_400_000

/**
 * `YYYY-MM-DD` moved by `days` days.
 * @param {string} date
 * @param {number} days
 */
export function addDays(date, days) {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
}

const dates = (/** @type {boolean} */ weekday) =>
  new Intl.DateTimeFormat('en-GB', {
    weekday: weekday ? 'short' : undefined,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  })
const withDay = dates(true)
const withoutDay = dates(false)
const utc = (/** @type {string} */ date) => new Date(`${date}T00:00:00Z`)

/** `Sun, 2 Apr 2017` for a `YYYY-MM-DD` date. */
export const longDate = (/** @type {string} */ date) => withDay.format(utc(date))

/** `2 Apr 2017` for a `YYYY-MM-DD` date. */
export const shortDate = (/** @type {string} */ date) => withoutDay.format(utc(date))

/** A `YYYY-MM-DD` date (as the hash carries one; the service checks it is a real day). */
export const DATE = /^\d{4}-\d{2}-\d{2}$/

const enc = encodeURIComponent

const TRACK_ID = /^[A-Za-z0-9]{22}$/

/**
 * The app's URLs. Regions go in by code when they have one (`us`), else by name. The one
 * link out of the app, `spotify`, is made here from the track id (null for anything that is
 * not one), never taken from an answer: data can then never hand the page a `javascript:` or
 * other link.
 */
export const href = {
  /** @param {string} id */
  spotify: (id) => (TRACK_ID.test(id) ? `https://open.spotify.com/track/${id}` : null),
  /** @param {string} region @param {ChartKind} [kind] @param {string} [date] */
  chart: (region, kind = 'daily', date) =>
    `#/chart/${enc(region)}/${kind}${date ? `/${date}` : ''}`,
  /** `chart`'s day chart of `region` on `date`: the daily top 200 or the daily viral 50. */
  day: (/** @type {string} */ region, /** @type {Chart} */ chart, /** @type {string} */ date) =>
    href.chart(region, chartKind(chart), date),
  /** @param {string} id @param {Chart} [chart] */
  track: (id, chart) => `#/track/${id}${chart && chart !== 'top200' ? `?chart=${chart}` : ''}`,
  /** @param {string} name @param {Record<string, string | undefined>} [params] */
  artist: (name, params) => {
    const q = new URLSearchParams(
      /** @type {[string, string][]} */ (Object.entries(params ?? {}).filter(([, v]) => v)),
    )
    return `#/artist/${enc(name)}${q.size ? `?${q}` : ''}`
  },
  /** @param {string} region @param {string} [what] @param {string} [year] @param {number} [page] */
  top: (region, what = 'tracks', year, page = 1) =>
    `#/top/${enc(region)}/${what}${year ? `/${year}` : ''}${page > 1 ? `?page=${page}` : ''}`,
  /** @param {string} q */
  search: (q) => `#/search/${enc(q)}`,
  /** @param {string} region @param {string} [date] */
  artists: (region, date) => `#/artists/${enc(region)}${date ? `/${date}` : ''}`,
  /** @param {string} region @param {Chart} [chart] @param {number} [page] */
  streaks: (region, chart, page) => `#/streaks/${enc(region)}${chartQuery(chart, page)}`,
  /** @param {string} region @param {string} [year] @param {Chart} [chart] @param {number} [page] */
  numberOnes: (region, year, chart, page) =>
    `#/number-ones/${enc(region)}${year ? `/${year}` : ''}${chartQuery(chart, page)}`,
}

/**
 * The chart view's kind of `chart`'s day charts: `daily` (top 200) or `viral` (viral 50).
 * @param {Chart} chart
 * @returns {ChartKind}
 */
export const chartKind = (chart) => (chart === 'viral50' ? 'viral' : 'daily')

/**
 * `?chart=viral50&page=2` for a paged list of a chart: the default chart and page 1 left out.
 * @param {Chart} [chart]
 * @param {number} [page]
 */
function chartQuery(chart, page = 1) {
  const q = new URLSearchParams()
  if (chart && chart !== 'top200') q.set('chart', chart)
  if (page > 1) q.set('page', String(page))
  return q.size ? `?${q}` : ''
}

/**
 * The chart a view's hash query names (`?chart=viral50`): top 200 unless it says viral 50.
 * @param {URLSearchParams} params
 * @returns {Chart}
 */
export const chartOf = (params) => (params.get('chart') === 'viral50' ? 'viral50' : 'top200')

/**
 * The page a paged list's hash query names (`?page=2`, 1-based): 1 unless it says another.
 * @param {URLSearchParams} params
 */
export const pageOf = (params) => Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1)

/**
 * Links to each credited artist, comma-separated.
 * @param {string[]} names
 */
export function artistLinks(names) {
  return names.flatMap((name, i) => [i ? ', ' : null, h('a', { href: href.artist(name) }, name)])
}

/**
 * The Track column of a list table: the title (opening the track's page for `chart`) above
 * its artists' links; each row has `trackId`, `title` and `artists`.
 * @param {Chart} [chart]
 * @returns {import('./types.d.ts').Column<{ trackId: string, title: string, artists: string[] }>}
 */
export function trackColumn(chart) {
  return {
    label: 'Track',
    class: 'main',
    cell: (t) => [
      h('a', { class: 'title', href: href.track(t.trackId, chart) }, t.title),
      h('span', { class: 'artists' }, artistLinks(t.artists)),
    ],
  }
}

/**
 * A titled section with a heading.
 * @param {string} title
 * @param {...Child} children
 */
export function section(title, ...children) {
  return h('section', { class: 'card' }, h('h2', null, title), ...children)
}

/**
 * A `<select>` with `[value, label]` options and `value` chosen.
 * @template {string} V
 * @param {string} label
 * @param {[V, string][]} options
 * @param {string | undefined} value
 * @param {(value: V) => void} onchange
 */
export function select(label, options, value, onchange) {
  return h(
    'label',
    { class: 'field' },
    h('span', null, label),
    h(
      'select',
      // the value is one of `options`' (they are all the select has)
      { onchange: (e) => onchange(/** @type {V} */ (targetValue(e))) },
      options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)),
    ),
  )
}

/**
 * Previous/next links for a paged list (page is 1-based); null when one page holds all.
 * @param {number} page
 * @param {number} pageSize
 * @param {number} total
 * @param {(page: number) => string} hrefOf
 */
export function pager(page, pageSize, total, hrefOf) {
  const pages = Math.max(1, Math.ceil(total / pageSize))
  if (pages === 1) return null
  /** @param {number} p @param {string} text @param {string} rel */
  const nav = (p, text, rel) =>
    p >= 1 && p <= pages
      ? h('a', { class: 'button', href: hrefOf(p), rel }, text)
      : h('span', { class: 'button', 'aria-disabled': 'true' }, text)
  return h(
    'nav',
    { class: 'pager', 'aria-label': 'pages' },
    nav(page - 1, '← Previous', 'prev'),
    h('span', null, `page ${page} of ${pages}`),
    nav(page + 1, 'Next →', 'next'),
  )
}

/**
 * A list table: `cols` = `[{ label, class, cell: (row) => content }]`. On narrow screens
 * (app.css) each row becomes a card: the `lead` cell at the left, the `main` cell on top,
 * the other cells after it, each with its column label. `rowAttrs(row)` gives a row's
 * attributes (or null).
 * @template Row
 * @param {string} label
 * @param {import('./types.d.ts').Column<Row>[]} cols
 * @param {Row[]} rows
 * @param {(row: Row) => Attrs | null} [rowAttrs]
 */
export function table(label, cols, rows, rowAttrs) {
  return h(
    'table',
    { class: 'list', 'aria-label': label },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        cols.map((c) => h('th', { class: c.class, scope: 'col' }, c.label)),
      ),
    ),
    h(
      'tbody',
      null,
      rows.map((row) =>
        h(
          'tr',
          rowAttrs?.(row),
          cols.map((c) =>
            h('td', { class: c.class, 'data-label': c.short ?? c.label }, c.cell(row)),
          ),
        ),
      ),
    ),
  )
}

/**
 * Marks `el` as where the page's skip link goes (main.mjs): the view's chart or list itself,
 * focusable by script only, so the next Tab reaches its first row.
 * @template {HTMLElement} E
 * @param {E} el
 */
export function skipTarget(el) {
  el.dataset.skipTarget = ''
  el.tabIndex = -1
  return el
}

/**
 * Movement against the previous chart: ▲ 3, ▼ 2, =, NEW or RE (re-entry), with the previous rank.
 * @param {number} rank
 * @param {number | null | undefined} previousRank
 * @param {number} times
 */
export function movement(rank, previousRank, times) {
  if (previousRank == null) {
    const re = times > 1
    return h(
      'span',
      { class: 'move new', title: re ? 'back on the chart' : 'first time on the chart' },
      re ? 'RE' : 'NEW',
    )
  }
  const was = h('small', null, ` was ${previousRank}`)
  if (previousRank === rank) return h('span', { class: 'move same', title: 'same rank' }, '=', was)
  const up = previousRank > rank
  return h(
    'span',
    { class: `move ${up ? 'up' : 'down'}`, title: `${up ? 'up' : 'down'} from ${previousRank}` },
    `${up ? '▲' : '▼'} ${Math.abs(previousRank - rank)}`,
    was,
  )
}

/** A line that says the view is loading (replaced by the content or an error). */
export const loading = (/** @type {string} */ what) =>
  h('p', { class: 'muted loading', role: 'status' }, `Loading ${what}…`)
