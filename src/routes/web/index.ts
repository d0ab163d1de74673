/** GET /: the web page (one static HTML file with its script; embedded in the binary). */
import { Elysia } from 'elysia'
import html from '../../web/index.html' with { type: 'text' }

// with type 'text' the import is the file's contents (bun-types types every .html as a bundle)
const page = html as unknown as string

export function webRoutes() {
  const headers = {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'public, max-age=300',
  }
  return new Elysia({ name: 'web' }).get('/', () => new Response(page, { headers }), {
    detail: { hide: true },
  })
}
