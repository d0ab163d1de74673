/**
 * The docs page: Swagger UI at /swagger, and the OpenAPI document at /swagger/json: the
 * generator of @elysiajs/openapi (the maintained successor of the deprecated
 * @elysiajs/swagger) over the route schemas, made exact by `exactDocument` (document.ts). The
 * UI's script and stylesheet come from swagger-ui-dist and are served by this service
 * (embedded in the compiled binary), so the page renders with no internet. The page is ours,
 * not the plugin's: the plugin's starts the UI with an inline script, which the pages' policy
 * refuses (src/http/finish.ts PAGE_POLICY); ours loads swagger-init.mjs instead.
 */
import { openapi, toOpenAPISchema } from '@elysiajs/openapi'
import { Elysia } from 'elysia'
import cssPath from 'swagger-ui-dist/swagger-ui.css' with { type: 'file' }
import bundlePath from 'swagger-ui-dist/swagger-ui-bundle.js' with { type: 'file' }
import pkg from '../../../package.json' with { type: 'json' }
import { requestContext } from '../../http/context.ts'
import { StaticFile } from '../../http/static-file.ts'
import { documentAt, exactDocument } from './document.ts'
import initPath from './swagger-init.mjs' with { type: 'file' }

const ASSETS = '/swagger/assets'
const SPEC_PATH = '/swagger/json'
const EXCLUDE = {
  paths: [
    `${ASSETS}/swagger-ui-bundle.js`,
    `${ASSETS}/swagger-ui.css`,
    `${ASSETS}/swagger-init.mjs`,
    '/swagger',
    '/',
  ],
}

const documentation = {
  info: {
    title: 'Spotify Charts API',
    version: pkg.version,
    description:
      'Spotify chart rankings, artists and tracks, answered from a memory-mapped FlatBuffers index. ' +
      'Names match case-, accent- and punctuation-insensitively; `region` is a name or an ISO 3166-1 alpha-2 code ' +
      '(`global` for Global, `uk` for gb). Every list answer is CSV with `format=csv` or `Accept: text/csv`. ' +
      'Errors are `{"error":{"code","message",...}}`. The contract in words is docs/API.md.',
  },
  tags: [
    { name: 'charts', description: 'Regions, dates and rankings' },
    { name: 'artists', description: 'Artist statistics' },
    { name: 'tracks', description: "Tracks, their history, and the original service's /tracks" },
    { name: 'search', description: 'Find artists and tracks' },
    { name: 'operations', description: 'Health, readiness, metrics' },
  ],
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** The Swagger UI page: the UI's stylesheet, its script, then the script that starts it. */
const SWAGGER_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(documentation.info.title)}</title>
<meta name="description" content="${escapeHtml(documentation.info.description)}">
<link rel="stylesheet" href="${ASSETS}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${ASSETS}/swagger-ui-bundle.js"></script>
<script type="module" src="${ASSETS}/swagger-init.mjs"></script>
</body>
</html>
`

export function docsRoutes() {
  const asset = (path: string, type: string) => {
    const file = new StaticFile({ path }, type, 'public, max-age=86400')
    return ({ ctx }: { ctx: { acceptEncoding: string | null } }) => file.respond(ctx.acceptEncoding)
  }
  // the document depends on the routes only: made once, on first request (every route is
  // registered by then), then given its `servers` per origin
  let exact: ReturnType<typeof exactDocument> | undefined
  const docs = new Elysia({ name: 'docs' })
  return (
    docs
      .use(requestContext)
      .get(`${ASSETS}/swagger-ui-bundle.js`, asset(bundlePath, 'text/javascript; charset=utf-8'), {
        detail: { hide: true },
      })
      .get(`${ASSETS}/swagger-ui.css`, asset(cssPath, 'text/css; charset=utf-8'), {
        detail: { hide: true },
      })
      .get(`${ASSETS}/swagger-init.mjs`, asset(initPath, 'text/javascript; charset=utf-8'), {
        detail: { hide: true },
      })
      .get(
        '/swagger',
        () =>
          new Response(SWAGGER_PAGE, {
            headers: {
              'Content-Type': 'text/html; charset=utf-8',
              'Cache-Control': 'public, max-age=300',
            },
          }),
        { detail: { hide: true } },
      )
      // the plugin for its document generator only (no page of its own: provider null)
      .use(
        openapi({
          path: '/swagger',
          specPath: SPEC_PATH,
          provider: null,
          exclude: EXCLUDE,
          documentation,
        }),
      )
      // registered after the plugin, so it replaces the plugin's own document route
      .get(
        SPEC_PATH,
        ({ request }) => {
          exact ??= exactDocument({
            openapi: '3.1.2',
            ...documentation,
            ...toOpenAPISchema(docs, EXCLUDE),
          })
          return documentAt(exact, new URL(request.url).origin)
        },
        { detail: { hide: true } },
      )
  )
}
