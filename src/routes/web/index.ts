/**
 * GET /: the web app's page, and GET /web/:file its modules, stylesheet and uPlot (all
 * embedded in the compiled binary: see assets.ts), its icon (/web/icon.svg, /favicon.ico). The app routes with the URL's hash
 * (`/#/track/<id>`), so every view is a URL the server answers with this one page.
 */
import { Elysia, t } from 'elysia'
import { notFound } from '../../errors.ts'
import { requestContext } from '../../http/context.ts'
import { StaticFile } from '../../http/static-file.ts'
import html from '../../web/index.html' with { type: 'text' }
import { WEB_ASSETS, WEB_ASSETS_PREFIX } from './assets.ts'
import { ICON_ICO, ICON_SVG } from './icon.ts'

// with type 'text' the import is the file's contents (bun-types types every .html as a bundle)
const page = html as unknown as string
// the files carry no content hash in their names: a short max-age keeps deploys visible
const CACHE = 'public, max-age=300'

/** A file answered precompressed with its type and the web files' cache rule. */
const fixed =
  (file: StaticFile) =>
  ({ ctx }: { ctx: { acceptEncoding: string | null } }) =>
    file.respond(ctx.acceptEncoding)
const HIDDEN = { detail: { hide: true } }
/** the modules, stylesheets and uPlot by their name under /web/ */
const ASSET_FILES = new Map(
  [...WEB_ASSETS].map(([name, [path, type]]) => [name, new StaticFile({ path }, type, CACHE)]),
)

export function webRoutes() {
  return new Elysia({ name: 'web' })
    .use(requestContext)
    .get('/', fixed(new StaticFile({ text: page }, 'text/html; charset=utf-8', CACHE)), HIDDEN)
    .get('/favicon.ico', fixed(new StaticFile({ bytes: ICON_ICO }, 'image/x-icon', CACHE)), HIDDEN)
    .get(
      `${WEB_ASSETS_PREFIX}icon.svg`,
      fixed(new StaticFile({ text: ICON_SVG }, 'image/svg+xml; charset=utf-8', CACHE)),
      HIDDEN,
    )
    .get(
      `${WEB_ASSETS_PREFIX}:file`,
      ({ params, ctx }) => {
        const asset = ASSET_FILES.get(params.file)
        if (!asset) throw notFound('not_found', `no route ${WEB_ASSETS_PREFIX}${params.file}`)
        return asset.respond(ctx.acceptEncoding)
      },
      { params: t.Object({ file: t.String({ maxLength: 100 }) }), detail: { hide: true } },
    )
}
