/**
 * Data responses: ETag from the index build id and the canonical request, `If-None-Match`
 * → 304, Cache-Control, br/gzip for bodies over 1 KB when accepted, and the body cache.
 */
import { brotliCompressSync, constants } from 'node:zlib'
import { BodyCache, type CachedBody } from './body-cache.ts'
import { completeResponses, requestIds } from './request-facts.ts'

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
  /** Access-Control-Allow-Origin */
  corsOrigin: string
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

  private entry(
    etag: string,
    contentType: string,
    vary: string,
    bytes: Uint8Array,
    encoding: Encoding,
  ): CachedBody {
    const headers = new Headers({
      ETag: etag,
      'Cache-Control': this.cacheControl,
      Vary: vary ? `Accept-Encoding, ${vary}` : 'Accept-Encoding',
      'Access-Control-Allow-Origin': this.options.corsOrigin,
      'Access-Control-Expose-Headers': 'ETag, X-Request-Id',
      'Content-Type': contentType,
      'Content-Length': String(bytes.byteLength),
    })
    if (encoding !== 'identity') headers.set('Content-Encoding', encoding)
    // the Blob copies the bytes: render() may hand over a view of a reused buffer
    return {
      blob: new Blob([bytes as Uint8Array<ArrayBuffer>]),
      size: bytes.byteLength,
      encoding,
      headers,
    }
  }

  /**
   * A 200 with `render()`'s body (or a 304 when the client's copy is current). `key` is the
   * canonical request (route and normalised parameters); `vary` lists request headers
   * beyond Accept-Encoding that choose the body. `render` may return a view of a buffer it
   * reuses: the bytes are copied before it runs again.
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
    const id = requestIds.get(request) ?? ''
    const inm = request.headers.get('if-none-match')
    if (
      inm &&
      (inm === '*' || inm.split(',').some((t) => t.trim() === etag || t.trim() === etag.slice(2)))
    ) {
      const notModified = new Response(null, {
        status: 304,
        headers: {
          ETag: etag,
          'Cache-Control': this.cacheControl,
          Vary: vary ? `Accept-Encoding, ${vary}` : 'Accept-Encoding',
          'Access-Control-Allow-Origin': this.options.corsOrigin,
          'Access-Control-Expose-Headers': 'ETag, X-Request-Id',
          'X-Request-Id': id,
        },
      })
      completeResponses.set(notModified, 0)
      return notModified
    }
    const accepted = this.options.compress
      ? negotiateEncoding(request.headers.get('accept-encoding'))
      : 'identity'
    let body = this.cache.get(`${etag}|${accepted}`)
    if (body === undefined) {
      const plain = render()
      const identity = this.entry(etag, contentType, vary, plain, 'identity')
      this.cache.set(`${etag}|identity`, identity)
      body = identity
      if (accepted !== 'identity' && plain.byteLength > COMPRESS_MIN_BYTES) {
        body = this.entry(etag, contentType, vary, compress(plain, accepted), accepted)
      }
      // small bodies stay plain: remember that under the encoded key too
      this.cache.set(`${etag}|${accepted}`, body)
    }
    const response = new Response(body.blob, { status: 200, headers: body.headers })
    response.headers.set('X-Request-Id', id)
    completeResponses.set(response, body.size)
    return response
  }
}
