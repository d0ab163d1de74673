/**
 * The Elysia application: the `route` stage of the pipeline (src/http/pipeline.ts). One error
 * handler mapping everything onto the API's error shape, and one plugin per feature.
 */
import { Elysia, type ValidationError } from 'elysia'
import { ApiError, errorResponse, INTERNAL, parameterError } from './errors.ts'
import { requestContext } from './http/context.ts'
import { routeNotFound } from './http/screen.ts'
import type { StoredRoute } from './http/stored.ts'
import { artistRoutes } from './routes/artist/index.ts'
import { artistChartRoutes } from './routes/artist-chart/index.ts'
import { docsRoutes } from './routes/docs/index.ts'
import { healthRoutes } from './routes/health/index.ts'
import { moversRoutes } from './routes/movers/index.ts'
import { numberOnesRoutes } from './routes/number-ones/index.ts'
import { rankingsRoutes, rankingsStored } from './routes/rankings/index.ts'
import { regionsRoutes } from './routes/regions/index.ts'
import { searchRoutes } from './routes/search/index.ts'
import type { Services } from './routes/services.ts'
import { streaksRoutes } from './routes/streaks/index.ts'
import { topRoutes } from './routes/top/index.ts'
import { tracksRoutes } from './routes/tracks/index.ts'
import { webRoutes } from './routes/web/index.ts'
import { weeklyRoutes, weeklyStored } from './routes/weekly/index.ts'

/**
 * The routes whose default answers the index stores, by path, with how a query names one
 * (src/http/stored.ts): the pipeline answers those before Elysia.
 */
export const STORED_ROUTES: ReadonlyMap<string, StoredRoute> = new Map([
  ['/rankings', rankingsStored],
  ['/rankings/weekly', weeklyStored],
])

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
      // the pipeline's screen answers unknown paths first; this is for bare app.handle calls
      if (code === 'NOT_FOUND') return errorResponse(routeNotFound(new URL(request.url).pathname))
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
    .use(regionsRoutes(services))
    .use(rankingsRoutes(services))
    .use(weeklyRoutes(services))
    .use(moversRoutes(services))
    .use(artistChartRoutes(services))
    .use(numberOnesRoutes(services))
    .use(streaksRoutes(services))
    .use(topRoutes(services))
    .use(artistRoutes(services))
    .use(tracksRoutes(services))
    .use(searchRoutes(services))
    .use(webRoutes())
    .use(docsRoutes())
}
