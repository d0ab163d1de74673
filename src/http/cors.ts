/**
 * CORS, all of it: the headers every answer carries and the answer to a preflight. Done here
 * rather than with @elysiajs/cors: in its any-origin mode that plugin sends `Vary: *` on
 * every response, which stops all HTTP caching.
 */

/** The CORS headers of every answer. */
export function corsHeaders(origin: string): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Expose-Headers': 'ETag, X-Request-Id, Content-Disposition',
  }
}

/** The methods every route answers. */
export const ALLOWED_METHODS = 'GET, HEAD, OPTIONS'

/** The answer to a CORS preflight (an OPTIONS request on a route). */
export function preflight(request: Request): Response {
  const headers: Record<string, string> = {
    'Access-Control-Allow-Methods': ALLOWED_METHODS,
    'Access-Control-Max-Age': '86400',
    Allow: ALLOWED_METHODS,
  }
  const asked = request.headers.get('access-control-request-headers')
  if (asked) headers['Access-Control-Allow-Headers'] = asked.slice(0, 1000)
  return new Response(null, { status: 204, headers })
}
