/**
 * Data responses, the `cache` and `render` stages of the pipeline: ETag from the index build
 * id and the canonical request, `If-None-Match` → 304, Cache-Control, br/gzip for bodies over
 * 1 KB when accepted, and the answer cache.
 *
 * Replicas and a CDN: every data answer names its build (`X-Index-Build`), and its body and
 * ETag depend only on the build and the request (nothing of the process: no start time,
 * host or random seed), so every replica serving a build gives the same bytes and a shared
 * cache may keep one copy per question (`s-maxage`, `stale-*` in Cache-Control).
 *
 * A route makes a data response with one call:
 * `ctx.responder.respond(request, buildId, key, contentType, render, vary)`.
 */
import { BoundedCache } from '../bounded-cache.ts'
import { type Config, loadConfig } from '../config.ts'
import { renderForGzip, splicedGzip } from '../render/gzip-splice.ts'
import { contextOf, type RequestContext } from './context.ts'
import { corsHeaders } from './cors.ts'
import { COMPRESS_MIN_BYTES, compress, type Encoding, negotiateEncoding } from './encoding.ts'
import { pathStart } from './url.ts'

/** How data responses are made. */
export interface ResponderOptions {
  compress: boolean
  /** bytes of answer bodies the cache may hold (0: no cache) */
  cacheBytes: number
  /** Cache-Control of data responses (default: cacheControlOf(loadConfig({})) */
  cacheControl?: string
  /** Access-Control-Allow-Origin */
  corsOrigin: string
  /** route labels whose answers take gzip over br when both are accepted (spliced gzip) */
  gzipFirst?: readonly string[]
}

/** A finished answer: its body as a Blob, every header but the request id. */
interface CachedAnswer {
  /**
   * A Response made from a Blob shares its bytes (from a Uint8Array it copies them: 3.6 µs
   * for a 58 KB ranking), and one made from a Headers object copies it faster than it
   * converts a plain object (0.4 against 2 µs for eight headers): bench/RESULTS.md, "by hand",
   * item 2.
   */
  blob: Blob
  headers: Headers
  size: number
}

/**
 * Makes data responses. Answers are cached by raw request (path and query, FlatBuffers or
 * not, encoding), so the pipeline's cache stage answers a repeated request before routing:
 * the index is immutable, so the same request gets the same answer until a swap clears the
 * cache. What is kept is decided by the cache's frequency admission (src/bounded-cache.ts).
 */
export class Responder {
  readonly cache: BoundedCache<CachedAnswer>
  private readonly cacheControl: string
  private readonly gzipFirst: ReadonlySet<string>

  constructor(private readonly options: ResponderOptions) {
    this.cache = new BoundedCache(options.cacheBytes)
    this.cacheControl = options.cacheControl ?? cacheControlOf(loadConfig({}))
    this.gzipFirst = new Set(options.gzipFirst ?? [])
  }

  /** ETag of a canonical request under a build (two 32-bit hashes of the key). */
  etag(buildId: string, key: string): string {
    return `W/"${buildId}-${etagHash(key)}"`
  }

  /**
   * The cache stage: the answer to a request answered before, without routing, parsing or
   * validating it again, or null. Conditional requests go the full way (to their 304).
   */
  cached(request: Request, ctx?: RequestContext): Response | null {
    if (this.options.cacheBytes === 0 || request.headers.get('if-none-match')) return null
    const { key } = this.answerKey(request, ctx)
    const answer = this.cache.get(key)
    return answer === undefined ? null : this.fromAnswer(answer, ctx)
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
    const ctx = contextOf(request)
    const etag = this.etag(buildId, key)
    const inm = request.headers.get('if-none-match')
    if (
      inm &&
      (inm === '*' || inm.split(',').some((t) => t.trim() === etag || t.trim() === etag.slice(2)))
    ) {
      const notModified = new Response(null, {
        status: 304,
        headers: { ...this.baseHeaders(buildId, etag, vary), 'X-Request-Id': ctx?.id ?? '' },
      })
      if (ctx) ctx.complete = notModified
      return notModified
    }
    const answer = this.answerKey(request, ctx)
    // called without the pipeline (a test, a bare app.handle): look in the cache here
    const known = ctx ? undefined : this.cache.get(answer.key)
    if (known) return this.fromAnswer(known, ctx)
    // gzip: rendered with its Literals logged, so a body made of fragments is spliced, not
    // compressed (render/gzip-splice.ts); anything else is compressed whole
    const gzip = answer.encoding === 'gzip'
    const plain = gzip ? renderForGzip(render) : render()
    const encoded = answer.encoding !== 'identity' && plain.byteLength > COMPRESS_MIN_BYTES
    const bytes = encoded ? (gzip && splicedGzip(plain)) || compress(plain, answer.encoding) : plain
    const headers = this.baseHeaders(buildId, etag, vary)
    headers['Content-Type'] = contentType
    headers['Content-Length'] = String(bytes.byteLength)
    if (encoded) headers['Content-Encoding'] = answer.encoding
    // the key counts too: a long URL must not make a small answer cheap to keep
    const weight = bytes.byteLength + answer.key.length
    if (this.cache.admits(answer.key, weight)) {
      // the Blob copies the bytes: render() may hand over a view of a reused buffer
      const entry = {
        blob: new Blob([bytes as Uint8Array<ArrayBuffer>]),
        headers: new Headers(headers),
        size: bytes.byteLength,
      }
      this.cache.set(answer.key, entry, weight)
      return this.fromAnswer(entry, ctx)
    }
    // not kept: the Response copies the bytes at construction
    headers['X-Request-Id'] = ctx?.id ?? ''
    const response = new Response(bytes as Uint8Array<ArrayBuffer>, { status: 200, headers })
    if (ctx) {
      ctx.complete = response
      ctx.bytes = bytes.byteLength
    }
    return response
  }

  /** Drops every cached answer (an index swap). */
  clear(): void {
    this.cache.clear()
  }

  /**
   * The headers every data answer has (build, validators, caching, CORS). Vary names what
   * chooses the body: Accept-Encoding only when this server compresses, plus `vary`.
   */
  private baseHeaders(buildId: string, etag: string, vary: string): Record<string, string> {
    const varies = this.options.compress
      ? vary
        ? `Accept-Encoding, ${vary}`
        : 'Accept-Encoding'
      : vary
    const headers: Record<string, string> = {
      ETag: etag,
      'X-Index-Build': buildId,
      'Cache-Control': this.cacheControl,
      ...corsHeaders(this.options.corsOrigin),
    }
    if (varies) headers.Vary = varies
    return headers
  }

  private fromAnswer(answer: CachedAnswer, ctx?: RequestContext): Response {
    const response = new Response(answer.blob, { status: 200, headers: answer.headers })
    response.headers.set('X-Request-Id', ctx?.id ?? '')
    if (ctx) {
      ctx.complete = response
      ctx.bytes = answer.size
    }
    return response
  }

  /**
   * What identifies a raw request's answer: its path and query (whatever the Host), whether
   * it asked for FlatBuffers or CSV, and the encoding it gets; made once per request.
   */
  private answerKey(request: Request, ctx?: RequestContext): { key: string; encoding: Encoding } {
    if (ctx?.answerKey) return { key: ctx.answerKey, encoding: ctx.encoding ?? 'identity' }
    const encoding = this.options.compress
      ? negotiateEncoding(
          request.headers.get('accept-encoding'),
          ctx?.route ? this.gzipFirst.has(ctx.route.label) : false,
        )
      : 'identity'
    const accept = request.headers.get('accept')
    const kind = accept?.includes('flatbuffers') ? 'fb' : accept?.includes('text/csv') ? 'csv' : ''
    const url = request.url
    const key = `${url.slice(pathStart(url))}\n${kind}\n${encoding}`
    if (ctx) {
      ctx.answerKey = key
      ctx.encoding = encoding
    }
    return { key, encoding }
  }
}

/**
 * The Cache-Control of data answers from the CACHE_* settings: `public, max-age, s-maxage`
 * and, when not 0, `stale-while-revalidate` and `stale-if-error` (RFC 5861).
 */
export function cacheControlOf(
  c: Pick<
    Config,
    'cacheMaxAge' | 'cacheSMaxAge' | 'cacheStaleWhileRevalidate' | 'cacheStaleIfError'
  >,
): string {
  const parts = ['public', `max-age=${c.cacheMaxAge}`, `s-maxage=${c.cacheSMaxAge}`]
  if (c.cacheStaleWhileRevalidate > 0)
    parts.push(`stale-while-revalidate=${c.cacheStaleWhileRevalidate}`)
  if (c.cacheStaleIfError > 0) parts.push(`stale-if-error=${c.cacheStaleIfError}`)
  return parts.join(', ')
}

/** 16 hex digits from two independent 32-bit hashes of the key. */
function etagHash(key: string): string {
  const a = (Bun.hash.crc32(key) >>> 0).toString(16).padStart(8, '0')
  const b = (Bun.hash.murmur32v3(key) >>> 0).toString(16).padStart(8, '0')
  return a + b
}
