/**
 * GET /: the web app's page, and GET /web/:file its modules, stylesheet and uPlot (all
 * embedded in the compiled binary: see assets.ts), its icon (/web/icon.svg, /favicon.ico). The app routes with the URL's hash
 * (`/#/track/<id>`), so every view is a URL the server answers with this one page.
 */
import { Elysia, t } from 'elysia'
import { notFound } from '../../errors.ts'
import html from '../../web/index.html' with { type: 'text' }
import { WEB_ASSETS, WEB_ASSETS_PREFIX } from './assets.ts'
import { ICON_ICO, ICON_SVG } from './icon.ts'

// with type 'text' the import is the file's contents (bun-types types every .html as a bundle)
const page = html as unknown as string
// the files carry no content hash in their names: a short max-age keeps deploys visible
const CACHE = 'public, max-age=300'

/** A file held in memory, answered as is with its type and the web files' cache rule. */
const fixed = (body: string | Uint8Array<ArrayBuffer>, type: string) => () =>
  new Response(body, { headers: { 'Content-Type': type, 'Cache-Control': CACHE } })
const HIDDEN = { detail: { hide: true } }

export function webRoutes() {
  return new Elysia({ name: 'web' })
    .get('/', fixed(page, 'text/html; charset=utf-8'), HIDDEN)
    .get('/favicon.ico', fixed(ICON_ICO, 'image/x-icon'), HIDDEN)
    .get(`${WEB_ASSETS_PREFIX}icon.svg`, fixed(ICON_SVG, 'image/svg+xml; charset=utf-8'), HIDDEN)
    .get(
      `${WEB_ASSETS_PREFIX}:file`,
      ({ params }) => {
        const asset = WEB_ASSETS.get(params.file)
        if (!asset) throw notFound('not_found', `no route ${WEB_ASSETS_PREFIX}${params.file}`)
        const [path, type] = asset
        return new Response(Bun.file(path), {
          headers: { 'Content-Type': type, 'Cache-Control': CACHE },
        })
      },
      { params: t.Object({ file: t.String({ maxLength: 100 }) }), detail: { hide: true } },
    )
}
