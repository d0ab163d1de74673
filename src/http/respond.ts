/**
 * Data responses: ETag from the index build id and the canonical request, `If-None-Match`
 * → 304, Cache-Control, br/gzip for bodies over 1 KB when accepted, and the body cache.
 */
import { brotliCompressSync, constants } from 'node:zlib'
import { BodyCache } from './body-cache.ts'

/** Bodies at or below this size go uncompressed. */
export const COMPRESS_MIN_BYTES = 1024

export type Encoding = 'br' | 'gzip' | 'identity'

/** The best encoding the client accepts (br, then gzip), honouring q=0. */
export function negotiateEncoding(acceptEncoding: string | null): Encoding {
  if (!acceptEncoding) return 'identity'
  let br = false
  let gzip = false
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';')
    const q = params.find((p) => p.trim().startsWith('q='))
    if (q && Number(q.trim().slice(2)) === 0) continue
    if (name === 'br') br = true
    else if (name === 'gzip') gzip = true
    else if (name === '*') br = gzip = true
  }
  return br ? 'br' : gzip ? 'gzip' : 'identity'
}

function compress(body: Uint8Array, encoding: Encoding): Uint8Array {
  if (encoding === 'gzip') return Bun.gzipSync(body as Uint8Array<ArrayBuffer>, { level: 6 })
  // quality 5: most of brotli's gain at a fraction of the time of its default (11)
  return brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })
}

/** How data responses are made. */
export interface ResponderOptions {
  compress: boolean
  cacheBytes: number
  /** Cache-Control of data responses */
  cacheControl?: string
}

/** Makes data responses with validators, compression and a body cache. */
export class Responder {
  readonly cache: BodyCache
  private readonly cacheControl: string

  constructor(private readonly options: ResponderOptions) {
    this.cache = new BodyCache(options.cacheBytes)
    this.cacheControl = options.cacheControl ?? 'public, max-age=300'
  }

  /** ETag of a canonical request under a build. */
  etag(buildId: string, key: string): string {
    return `W/"${buildId}-${Bun.hash(key).toString(36)}"`
  }

  /**
   * A 200 with `render()`'s body (or a 304 when the client's copy is current). `key` is the
   * canonical request (route and normalised parameters); `vary` lists request headers
   * beyond Accept-Encoding that choose the body.
   */
  respond(
    request: Request,
    buildId: string,
    key: string,
    contentType: string,
    render: () => Uint8Array,
    vary = '',
  ): Response {
    const etag = this.etag(buildId, key)
    const headers: Record<string, string> = {
      ETag: etag,
      'Cache-Control': this.cacheControl,
      Vary: vary ? `Accept-Encoding, ${vary}` : 'Accept-Encoding',
    }
    const inm = request.headers.get('if-none-match')
    if (
      inm &&
      (inm === '*' || inm.split(',').some((t) => t.trim() === etag || t.trim() === etag.slice(2)))
    ) {
      return new Response(null, { status: 304, headers })
    }
    const accepted = this.options.compress
      ? negotiateEncoding(request.headers.get('accept-encoding'))
      : 'identity'
    let body = this.cache.get(`${etag}|${accepted}`)
    if (body === undefined) {
      let plain = accepted === 'identity' ? undefined : this.cache.get(`${etag}|identity`)
      if (plain === undefined) {
        plain = { bytes: render(), encoding: 'identity' }
        this.cache.set(`${etag}|identity`, plain)
      }
      body = plain
      if (accepted !== 'identity' && plain.bytes.byteLength > COMPRESS_MIN_BYTES) {
        body = { bytes: compress(plain.bytes, accepted), encoding: accepted }
        this.cache.set(`${etag}|${accepted}`, body)
      }
    }
    if (body.encoding !== 'identity') headers['Content-Encoding'] = body.encoding
    headers['Content-Type'] = contentType
    headers['Content-Length'] = String(body.bytes.byteLength)
    return new Response(body.bytes as Uint8Array<ArrayBuffer>, { status: 200, headers })
  }
}
