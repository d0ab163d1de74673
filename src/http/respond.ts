/**
 * Data responses: ETag from the index build id and the canonical request, `If-None-Match`
 * → 304, Cache-Control, br/gzip for bodies over 1 KB when accepted, and the body cache.
 */
import { brotliCompressSync, constants } from 'node:zlib'
import { BodyCache, type CachedBody } from './body-cache.ts'
import { noteBodyBytes } from './body-memory.ts'
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

/**
 * Compresses a body at fast settings (brotli quality 1, gzip level 1): on a 58 KB ranking
 * 0.27 ms → 13.9 KB and 0.11 ms → 17.7 KB, where brotli 5 took 1.5 ms for 12.2 KB and gzip 6
 * 0.6 ms for 13.1 KB. Random keys at full scale are compressed once per answer, so the
 * fast settings are what keep compression affordable (bench/README.md).
 */
function compress(body: Uint8Array, encoding: Encoding): Uint8Array {
  if (encoding === 'gzip') return Bun.gzipSync(body as Uint8Array<ArrayBuffer>, { level: 1 })
  return brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } })
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

/** Slots of the admission table (recently seen requests). */
const SEEN_SLOTS = 1 << 16

/**
 * Makes data responses with validators, compression and a body cache. A body enters the
 * cache the second time its request is seen within the last ~65 k distinct requests: a
 * one-off answer (most random rankings at full scale) is sent from its bytes and dropped,
 * without the Blob and Headers a cache entry needs, which cost more than they saved.
 */
export class Responder {
  readonly cache: BodyCache
  private readonly cacheControl: string
  private readonly seen = new Uint32Array(SEEN_SLOTS)
  /** cache key of the answer each raw request (URL, Accept, encoding) last got from the cache */
  private readonly byUrl = new Map<string, { etag: string; cacheKey: string }>()

  constructor(private readonly options: ResponderOptions) {
    this.cache = new BodyCache(options.cacheBytes)
    this.cacheControl = options.cacheControl ?? 'public, max-age=300'
  }

  /** ETag of a canonical request under a build (two 32-bit hashes of the key). */
  etag(buildId: string, key: string): string {
    return `W/"${buildId}-${etagHash(key)}"`
  }

  /** Whether the request with this ETag was seen recently; records it either way. */
  private seenBefore(etag: string): boolean {
    const h = Bun.hash.murmur32v3(etag) >>> 0
    const slot = h & (SEEN_SLOTS - 1)
    const tag = (h | 1) >>> 0
    const hit = this.seen[slot] === tag
    this.seen[slot] = tag
    return hit
  }

  /** The headers every data answer has (validators, caching, CORS). */
  private baseHeaders(etag: string, vary: string): Record<string, string> {
    return {
      ETag: etag,
      'Cache-Control': this.cacheControl,
      Vary: vary ? `Accept-Encoding, ${vary}` : 'Accept-Encoding',
      'Access-Control-Allow-Origin': this.options.corsOrigin,
      'Access-Control-Expose-Headers': 'ETag, X-Request-Id',
    }
  }

  /** The headers of a 200 with `bytes` in `encoding`. */
  private bodyHeaders(
    etag: string,
    vary: string,
    contentType: string,
    bytes: Uint8Array,
    encoding: Encoding,
  ) {
    const headers = this.baseHeaders(etag, vary)
    headers['Content-Type'] = contentType
    headers['Content-Length'] = String(bytes.byteLength)
    if (encoding !== 'identity') headers['Content-Encoding'] = encoding
    return headers
  }

  private entry(
    etag: string,
    contentType: string,
    vary: string,
    bytes: Uint8Array,
    encoding: Encoding,
  ): CachedBody {
    const headers = new Headers(this.bodyHeaders(etag, vary, contentType, bytes, encoding))
    // the Blob copies the bytes: render() may hand over a view of a reused buffer
    noteBodyBytes(bytes.byteLength)
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
      const headers = this.baseHeaders(etag, vary)
      headers['X-Request-Id'] = id
      const notModified = new Response(null, { status: 304, headers })
      completeResponses.set(notModified, 0)
      return notModified
    }
    const accepted = this.options.compress
      ? negotiateEncoding(request.headers.get('accept-encoding'))
      : 'identity'
    let body = this.cache.get(`${etag}|${accepted}`)
    if (body === undefined) {
      const plain = render()
      if (!this.seenBefore(etag)) return this.oneOff(etag, contentType, vary, plain, accepted, id)
      const identity = this.entry(etag, contentType, vary, plain, 'identity')
      this.cache.set(`${etag}|identity`, identity)
      body = identity
      if (accepted !== 'identity' && plain.byteLength > COMPRESS_MIN_BYTES) {
        body = this.entry(etag, contentType, vary, compress(plain, accepted), accepted)
      }
      // small bodies stay plain: remember that under the encoded key too
      this.cache.set(`${etag}|${accepted}`, body)
    }
    if (this.byUrl.size >= 65536) this.byUrl.clear()
    this.byUrl.set(urlKey(request, accepted), { etag, cacheKey: `${etag}|${accepted}` })
    return this.fromEntry(body, id)
  }

  private fromEntry(body: CachedBody, id: string): Response {
    const response = new Response(body.blob, { status: 200, headers: body.headers })
    response.headers.set('X-Request-Id', id)
    completeResponses.set(response, body.size)
    return response
  }

  /**
   * The answer to a request seen before, straight from the cache without routing, parsing or
   * validating it again (the index is immutable, so the same URL, Accept and encoding get the
   * same answer until a swap clears the cache), or null. Conditional requests get their 304.
   */
  fromUrl(request: Request, id: string): Response | null {
    const accepted = this.options.compress
      ? negotiateEncoding(request.headers.get('accept-encoding'))
      : 'identity'
    const known = this.byUrl.get(urlKey(request, accepted))
    if (!known) return null
    const body = this.cache.get(known.cacheKey)
    if (!body) return null
    const inm = request.headers.get('if-none-match')
    if (inm) return null // the full path answers conditional requests
    return this.fromEntry(body, id)
  }

  /** Drops every cached answer (an index swap). */
  clear(): void {
    this.cache.clear()
    this.byUrl.clear()
  }

  /** An answer not worth caching (yet): the Response copies the bytes at construction. */
  private oneOff(
    etag: string,
    contentType: string,
    vary: string,
    plain: Uint8Array,
    accepted: Encoding,
    id: string,
  ): Response {
    const compressed = accepted !== 'identity' && plain.byteLength > COMPRESS_MIN_BYTES
    const bytes = compressed ? compress(plain, accepted) : plain
    const headers = this.bodyHeaders(
      etag,
      vary,
      contentType,
      bytes,
      compressed ? accepted : 'identity',
    )
    headers['X-Request-Id'] = id
    const response = new Response(bytes as Uint8Array<ArrayBuffer>, { status: 200, headers })
    noteBodyBytes(bytes.byteLength)
    completeResponses.set(response, bytes.byteLength)
    return response
  }
}

/** What identifies a raw request's answer: its URL, whether it asked for FlatBuffers, its encoding. */
function urlKey(request: Request, accepted: Encoding): string {
  const fb = request.headers.get('accept')?.includes('flatbuffers') ? 'fb' : ''
  return `${request.url}\n${fb}\n${accepted}`
}

/** 16 hex digits from two independent 32-bit hashes of the key. */
function etagHash(key: string): string {
  const a = (Bun.hash.crc32(key) >>> 0).toString(16).padStart(8, '0')
  const b = (Bun.hash.murmur32v3(key) >>> 0).toString(16).padStart(8, '0')
  return a + b
}
