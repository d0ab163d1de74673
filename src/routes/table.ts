/**
 * The route table the server wrapper needs before Elysia runs: the route label of a path
 * (for metrics, logs and 405s) and the query parameters each data route accepts (taken
 * from the same schemas that validate them and document them).
 */
import { artistQuery } from './artist/model.ts'
import { rankingsQuery } from './rankings/model.ts'
import { datesQuery } from './regions/model.ts'
import { searchQuery } from './search/model.ts'
import { compatQuery, historyQuery } from './tracks/model.ts'

const keys = (schema: { properties: Record<string, unknown> }) =>
  new Set(Object.keys(schema.properties))

/** Accepted query parameters of the data routes. */
export const ROUTE_PARAMS: Record<string, ReadonlySet<string>> = {
  '/health': new Set(),
  '/ready': new Set(),
  '/regions': new Set(),
  '/dates': keys(datesQuery),
  '/rankings': keys(rankingsQuery),
  '/artist': keys(artistQuery),
  '/tracks': keys(compatQuery),
  '/tracks/:trackId': new Set(),
  '/tracks/:trackId/history': keys(historyQuery),
  '/search': keys(searchQuery),
}

const OTHER = new Set(['/', '/metrics', '/swagger', '/swagger/json'])

/** The route label of a path, or null when no route serves it. */
export function routeOf(path: string): string | null {
  if (ROUTE_PARAMS[path] || OTHER.has(path)) return path
  if (path.startsWith('/tracks/')) {
    const slash = path.indexOf('/', 8)
    if (slash < 0) return '/tracks/:trackId'
    if (path.slice(slash) === '/history') return '/tracks/:trackId/history'
    return null
  }
  if (path.startsWith('/swagger/assets/')) return '/swagger/assets'
  return null
}
