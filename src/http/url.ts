/**
 * The request URL, read with index arithmetic (no URL object: it costs more than the rest of
 * a cached answer). Bun gives `http://<Host><path>` when the request names a host, and the
 * bare path when it does not (an empty Host, HTTP/1.0 without one).
 */

/** Where the path of a request URL starts: 0 for a bare path, else after the scheme and host. */
export function pathStart(url: string): number {
  if (url.charCodeAt(0) === 47) return 0 // '/'
  const slash = url.indexOf('/', url.indexOf('//') + 2)
  return slash < 0 ? url.length : slash
}

/** The path and query (without its `?`) of a request URL. */
export function splitUrl(url: string): { path: string; query: string } {
  const start = pathStart(url)
  const q = url.indexOf('?', start)
  return q < 0
    ? { path: url.slice(start) || '/', query: '' }
    : { path: url.slice(start, q) || '/', query: url.slice(q + 1) }
}

/**
 * Elysia finds the path of a URL at the first `/` from index 11 (`http://a.bc/` is the
 * shortest URL it reads right), so a short Host (`api`, `x`), an empty one or none at all
 * would route every request to 404. Such a request is handed to the router as the same
 * request under `http://localhost`; others pass through untouched (no copy on the common path).
 */
export function routable(request: Request): Request {
  const url = request.url
  const start = pathStart(url)
  if (start >= 11) return request
  return new Request(`http://localhost${url.slice(start) || '/'}`, request)
}

/**
 * A query string's key or value as its parameter reads: percent escapes and `+` decoded, done
 * only when there are any (most parameters hold none). Throws URIError when it is not valid
 * percent-encoded UTF-8.
 */
export function decodeQueryPart(text: string): string {
  return text.includes('%') || text.includes('+')
    ? decodeURIComponent(text.replace(/\+/g, ' '))
    : text
}
