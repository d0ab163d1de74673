/**
 * What the edge must know of a route before Elysia runs, read from Elysia's own route list
 * (`app.routes`) so that a route added to the app is known here with nothing else to edit:
 * its label (the path pattern, for metrics, logs, 404 and 405) and the query parameters its
 * schema declares (the same schema that validates them and documents them).
 */
import type { StoredRoute } from './stored.ts'

/** A route as the edge sees it. */
export interface RouteInfo {
  /** the path pattern, e.g. `/tracks/:trackId/history` */
  label: string
  /** the query parameters it accepts, or null when it takes any (hidden pages, docs) */
  params: ReadonlySet<string> | null
  /** how a query names one of its stored answers (stored.ts), or null: it has none */
  stored: StoredRoute | null
}

/** The part of an Elysia route this table reads. */
interface AppRoute {
  method: string
  path: string
  hooks?: { query?: { properties?: Record<string, unknown> }; detail?: { hide?: boolean } }
}

/** Matches a path to its route: a map for static paths, then the patterns segment by segment. */
export class RouteTable {
  private readonly exact = new Map<string, RouteInfo>()
  private readonly patterns: { segments: string[]; info: RouteInfo }[] = []

  /** `stored`: the routes with stored answers, by path (src/app.ts STORED_ROUTES) */
  constructor(routes: readonly AppRoute[], stored: ReadonlyMap<string, StoredRoute> = new Map()) {
    for (const route of routes) {
      if (route.method !== 'GET') continue
      const properties = route.hooks?.query?.properties
      const params = properties
        ? new Set(Object.keys(properties))
        : route.hooks?.detail?.hide
          ? null
          : new Set<string>()
      const info: RouteInfo = { label: route.path, params, stored: stored.get(route.path) ?? null }
      if (route.path.includes(':') || route.path.includes('*'))
        this.patterns.push({ segments: route.path.split('/'), info })
      else this.exact.set(route.path, info)
    }
  }

  /** The route serving `path`, or null. */
  match(path: string): RouteInfo | null {
    const hit = this.exact.get(path)
    if (hit !== undefined || this.patterns.length === 0) return hit ?? null
    const parts = path.split('/')
    for (const { segments, info } of this.patterns) {
      if (matches(segments, parts)) return info
    }
    return null
  }
}

function matches(segments: string[], parts: string[]): boolean {
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]
    if (s === '*') return true
    if (i >= parts.length) return false
    if (s.charCodeAt(0) === 58 /* ':' */ ? parts[i] === '' : s !== parts[i]) return false
  }
  return segments.length === parts.length
}
