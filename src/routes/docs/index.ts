/**
 * The docs page: @elysiajs/openapi (the maintained successor of the deprecated
 * @elysiajs/swagger) with its Swagger UI provider at /swagger and the OpenAPI document at
 * /swagger/json. The UI's script and stylesheet come from swagger-ui-dist and are served by
 * this service (embedded in the compiled binary), so the page renders with no internet.
 */
import { openapi } from '@elysiajs/openapi'
import { Elysia } from 'elysia'
import cssPath from 'swagger-ui-dist/swagger-ui.css' with { type: 'file' }
import bundlePath from 'swagger-ui-dist/swagger-ui-bundle.js' with { type: 'file' }
import pkg from '../../../package.json' with { type: 'json' }

const ASSETS = '/swagger/assets'

export function docsRoutes() {
  const asset = (path: string, type: string) => () =>
    new Response(Bun.file(path), {
      headers: { 'Content-Type': type, 'Cache-Control': 'public, max-age=86400' },
    })
  return new Elysia({ name: 'docs' })
    .get(`${ASSETS}/swagger-ui-bundle.js`, asset(bundlePath, 'text/javascript; charset=utf-8'), {
      detail: { hide: true },
    })
    .get(`${ASSETS}/swagger-ui.css`, asset(cssPath, 'text/css; charset=utf-8'), {
      detail: { hide: true },
    })
    .use(
      openapi({
        path: '/swagger',
        specPath: '/swagger/json',
        provider: 'swagger-ui',
        exclude: { paths: [`${ASSETS}/swagger-ui-bundle.js`, `${ASSETS}/swagger-ui.css`, '/'] },
        documentation: {
          info: {
            title: 'Spotify Charts API',
            version: pkg.version,
            description:
              'Spotify chart rankings, artists and tracks, answered from a memory-mapped FlatBuffers index. ' +
              'Names match case-, accent- and punctuation-insensitively; `region` is a name or an ISO 3166-1 alpha-2 code ' +
              '(`global` for Global, `uk` for gb). Every list answer is CSV with `format=csv` or `Accept: text/csv`. ' +
              'Errors are `{"error":{"code","message",...}}`.',
          },
          tags: [
            { name: 'charts', description: 'Regions, dates and rankings' },
            { name: 'artists', description: 'Artist statistics' },
            {
              name: 'tracks',
              description: "Tracks, their history, and the original service's /tracks",
            },
            { name: 'search', description: 'Find artists and tracks' },
            { name: 'operations', description: 'Health, readiness, metrics' },
          ],
        },
        swagger: {
          cdn: `${ASSETS}/swagger-ui-bundle.js`,
          theme: `${ASSETS}/swagger-ui.css`,
          autoDarkMode: false,
        },
      }),
    )
}
