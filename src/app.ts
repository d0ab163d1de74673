/**
 * The Elysia application: the `route` stage of the pipeline (src/http/pipeline.ts). One error
 * handler mapping everything onto the API's error shape, the data routes (each one declaration,
 * src/routes/route.ts), and the plugins of the health, web and docs routes.
 */
import { Elysia, type ValidationError } from 'elysia'
import { ApiError, errorResponse, INTERNAL, parameterError } from './errors.ts'
import { requestContext } from './http/context.ts'
import type { StoredRoute } from './http/stored.ts'
import { artistDailyRoute, artistRoute } from './routes/artist/index.ts'
import { artistChartRoute } from './routes/artist-chart/index.ts'
import { docsRoutes } from './routes/docs/index.ts'
import { healthRoutes } from './routes/health/index.ts'
import { moversRoute } from './routes/movers/index.ts'
import { numberOnesRoute } from './routes/number-ones/index.ts'
import { rankingsRoute } from './routes/rankings/index.ts'
import { datesRoute, regionsRoute } from './routes/regions/index.ts'
import { type DataRoute, dataRoutes } from './routes/route.ts'
import { searchRoute } from './routes/search/index.ts'
import type { Services } from './routes/services.ts'
import { streaksRoute } from './routes/streaks/index.ts'
import { topArtistsRoute, topTracksRoute } from './routes/top/index.ts'
import { filteredRowsRoute, trackHistoryRoute, trackRoute } from './routes/tracks/index.ts'
import { webRoutes } from './routes/web/index.ts'
import { weeklyRoute } from './routes/weekly/index.ts'

/** The data routes, each declared once in its folder (src/routes/route.ts), in document order. */
export const DATA_ROUTES: readonly DataRoute[] = [
  regionsRoute,
  datesRoute,
  rankingsRoute,
  weeklyRoute,
  moversRoute,
  artistChartRoute,
  numberOnesRoute,
  streaksRoute,
  topTracksRoute,
  topArtistsRoute,
  artistRoute,
  artistDailyRoute,
  trackRoute,
  trackHistoryRoute,
  filteredRowsRoute,
  searchRoute,
]

/**
 * The routes whose default answers the index stores, by path, with how a query names one
 * (src/http/stored.ts): the pipeline answers those before Elysia.
 */
export const STORED_ROUTES: ReadonlyMap<string, StoredRoute> = new Map(
  DATA_ROUTES.flatMap((route) => (route.stored ? [[route.path, route.stored] as const] : [])),
)

/** A validation failure as a 400 naming the parameter (messages come from the schemas). */
export function validationError(error: ValidationError): ApiError {
  const custom = typeof error.customError === 'string' ? error.customError : undefined
  const path = error.valueError?.path?.replace(/^\//, '')
  const parameter = custom?.split(':')[0] ?? path ?? error.type
  const message = custom ?? `${parameter}: ${error.valueError?.message ?? 'invalid'}`
  return parameterError(parameter, message)
}

/** Builds the app over the server's services. */
export function createApp(services: Services) {
  return new Elysia()
    .use(requestContext)
    .onError(({ code, error, request, ctx }) => {
      if (error instanceof ApiError) return errorResponse(error)
      if (code === 'VALIDATION') return errorResponse(validationError(error as ValidationError))
      if (code === 'PARSE')
        return errorResponse(new ApiError(400, 'bad_request', 'the request could not be parsed'))
      services.logger.error(
        {
          reqId: ctx?.id,
          method: request.method,
          url: request.url,
          code,
          err: error,
        },
        'request failed',
      )
      return errorResponse(INTERNAL)
    })
    .use(healthRoutes(services))
    .use(dataRoutes(services, DATA_ROUTES))
    .use(webRoutes())
    .use(docsRoutes())
}
