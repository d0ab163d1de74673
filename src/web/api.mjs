/** The service's JSON API as the views use it. */
import { h, loading, select } from './dom.mjs'

/**
 * @typedef {import('./types.d.ts').Query} Query
 * @typedef {import('./types.d.ts').Region} Region
 */
/**
 * @template {string} P
 * @typedef {import('./types.d.ts').Answer<P>} Answer
 */

/** An answer that is not 2xx, with the API's error code and suggestions. */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {{ code?: string, message?: string, suggestions?: string[] } | undefined} error
   */
  constructor(status, error) {
    super(error?.message ?? `HTTP ${status}`)
    this.status = status
    this.code = error?.code ?? 'error'
    this.suggestions = error?.suggestions ?? []
  }
}

/**
 * The URL of `path` with the query `params` (null/undefined/'' values left out).
 * @param {string} path
 * @param {Query | null} [params]
 */
export function apiUrl(path, params) {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params ?? {})) if (v != null && v !== '') q.set(k, String(v))
  return q.size ? `${path}?${q}` : path
}

/**
 * GET `path` with the query `params` (null/undefined/'' values left out) as JSON: the
 * answer the OpenAPI document gives for `path` (types.d.ts `Answer`).
 * @template {string} P
 * @param {P} path
 * @param {Query | null} [params]
 * @param {AbortSignal} [signal]
 * @returns {Promise<Answer<P>>}
 */
export async function api(path, params, signal) {
  const url = apiUrl(path, params)
  let res
  try {
    res = await fetch(url, { signal, headers: { Accept: 'application/json' } })
  } catch (err) {
    if (isAbort(err)) throw err
    throw new ApiError(0, { code: 'network', message: `the service did not answer (${url})` })
  }
  const body = await res.json().catch(() => null)
  if (!res.ok) throw new ApiError(res.status, body?.error)
  return body
}

/**
 * A button that downloads `path`'s answer with `params` as CSV: the list on screen (the
 * service names the file). `what` says which list: `Download <what> as CSV`.
 * @param {string} path
 * @param {Query} params
 * @param {string} what
 */
export function csvButton(path, params, what) {
  return h(
    'a',
    { class: 'button download', href: apiUrl(path, { ...params, format: 'csv' }), download: '' },
    `Download ${what} as CSV`,
  )
}

/** Whether `err` is a request's abort (the view that asked is gone), not a failure. */
export const isAbort = (/** @type {unknown} */ err) =>
  err instanceof Error && err.name === 'AbortError'

/** @type {Promise<Region[]> | undefined} */
let regionsPromise
/**
 * `/regions`, fetched once: `[{name, code, charts, firstDate, lastDate, days}]`. Throws an
 * AbortError when `signal` was aborted meanwhile (the view asking is gone).
 * @param {AbortSignal} [signal]
 */
export async function regions(signal) {
  regionsPromise ??= api('/regions').then((r) => r.regions)
  regionsPromise.catch(() => {
    regionsPromise = undefined
  })
  const list = await regionsPromise
  signal?.throwIfAborted()
  return list
}

/**
 * The region of `list` a user wrote (name or code, any case; `uk` for `gb`, the region table's
 * alias: test/schema/region-table.test.ts holds this to it), or undefined.
 * @param {Region[]} list
 * @param {string | null | undefined} given
 */
export function regionIn(list, given) {
  const g = String(given ?? '').toLowerCase()
  const code = g === 'uk' ? 'gb' : g
  return list.find((r) => r.name.toLowerCase() === g || r.code?.toLowerCase() === code)
}

/**
 * Year choices for a Year `<select>`: `[['', anyLabel], ['2021', '2021'], …]`, newest first,
 * over the years `region` (else the first region of `list`) has charts in.
 * @param {Region[]} list
 * @param {Region | undefined} region
 * @param {string} anyLabel
 */
export function yearOptions(list, region, anyLabel) {
  const first = Number((region?.firstDate ?? list[0]?.firstDate ?? '2017').slice(0, 4))
  const last = Number((region?.lastDate ?? list[0]?.lastDate ?? '2017').slice(0, 4))
  /** @type {[string, string][]} */
  const years = [['', anyLabel]]
  for (let y = last; y >= first; y--) years.push([String(y), String(y)])
  return years
}

/** How a region goes in a URL: its code when it has one, else its name. */
export const regionKey = (/** @type {Region} */ r) => r.code?.toLowerCase() ?? r.name

/**
 * A Region `<select>` over `list` with `given` chosen (its value: code or name). `anyLabel`
 * adds a first choice for no region; an unknown `given` shows as a first, empty choice.
 * @param {Region[]} list
 * @param {string | undefined} given
 * @param {(value: string) => void} onchange
 * @param {string} [anyLabel]
 */
export function regionSelect(list, given, onchange, anyLabel) {
  const region = given ? regionIn(list, given) : undefined
  const options = list.map(
    (r) =>
      /** @type {[string, string]} */ ([
        regionKey(r),
        r.code && r.code !== 'global' ? `${r.name} (${r.code.toUpperCase()})` : r.name,
      ]),
  )
  /** @type {[string, string][]} */
  const first = anyLabel ? [['', anyLabel]] : region ? [] : [['', `“${given}”?`]]
  const chosen = region ? regionKey(region) : anyLabel ? given : ''
  return select('Region', [...first, ...options], chosen, (v) => (v || anyLabel) && onchange(v))
}

/**
 * An error message with each suggestion as a link (`linkOf(suggestion)` gives its href),
 * in a box that says what failed. `what` names the request in words.
 * @param {ApiError} err
 * @param {string} what
 * @param {(suggestion: string) => string} linkOf
 */
export function errorBox(err, what, linkOf) {
  const suggestions = err.suggestions.length
    ? h(
        'p',
        null,
        'Did you mean: ',
        err.suggestions.flatMap((s, i) => [i ? ', ' : null, h('a', { href: linkOf(s) }, s)]),
        '?',
      )
    : null
  return h(
    'div',
    { class: 'error', role: 'alert' },
    h('strong', null, `Could not load ${what}: `),
    err.message,
    suggestions,
  )
}

/**
 * The frame of a region's list view (`#/<view>/<region>…`): an h1 `heading(region name)`,
 * a form with the Region select and `fields(key, region, list)` (more controls), then
 * `path`'s answer for `query` with the region the user gave. Choosing a region goes to
 * `regionLink(key)`; an error shows in the view with its suggestions linked, a region by
 * `regionLink`, anything else (a year, a date) by `suggestionLink(s, key)`. Returns
 * `{ answer, body, key, query }` (`body` the element to fill, `query` the one asked, for its
 * CSV); null after an error.
 * @template {import('./types.d.ts').RegionPath} P
 * @param {HTMLElement} main
 * @param {import('./types.d.ts').RegionViewOptions<P>} options
 * @returns {Promise<{ answer: Answer<P>, body: HTMLElement, key: string, query: Query } | null>}
 */
export async function regionView(main, { parts, signal, heading, path, query, what, ...links }) {
  const { regionLink, suggestionLink = regionLink, fields = () => [] } = links
  const list = await regions(signal)
  const given = parts[0] ?? 'global'
  const region = regionIn(list, given)
  const key = region ? regionKey(region) : given
  document.title = `${heading(region?.name ?? given)} · Spotify Charts`
  const pickRegion = (/** @type {string} */ v) => {
    location.hash = regionLink(v)
  }
  const regionField = regionSelect(list, given, pickRegion)
  const title = h('h1', null, heading(region?.name ?? given))
  const body = h('div', null, loading(what))
  main.append(
    title,
    h(
      'form',
      { class: 'controls', onsubmit: (e) => e.preventDefault() },
      regionField,
      fields(key, region, list),
    ),
    body,
  )
  const asked = { region: given, ...query }
  /** @type {Answer<P>} */
  let answer
  try {
    answer = await api(path, asked, signal)
  } catch (err) {
    if (!(err instanceof ApiError)) throw err
    const linkOf =
      err.code === 'unknown_region'
        ? regionLink
        : (/** @type {string} */ s) => suggestionLink(s, key)
    body.replaceChildren(errorBox(err, what, linkOf))
    return null
  }
  // every RegionPath's answer has its region (types.d.ts); TypeScript cannot see it through P
  const answered = /** @type {{ region: string }} */ (/** @type {unknown} */ (answer)).region
  if (!region) regionField.replaceWith(regionSelect(list, answered, pickRegion))
  title.textContent = heading(answered)

  return { answer, body, key, query: asked }
}
