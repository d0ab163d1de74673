/**
 * Data responses, the `render` stage of the pipeline: ETag from the index build id and the
 * answer's canonical identity, `If-None-Match` → 304, Cache-Control, br/gzip for bodies over
 * COMPRESS_MIN_BYTES when accepted; the finished answer goes to the answer cache (answer-cache.ts, the
 * `cache` stage), which makes the Response.
 *
 * Replicas and a CDN: every data answer names its build (`X-Index-Build`), and its body and
 * ETag depend only on the build and the request (nothing of the process: no start time,
 * host or random seed), so every replica serving a build gives the same bytes and a shared
 * cache may keep one copy per question (`s-maxage`, `stale-*` in Cache-Control).
 *
 * A route makes a data response with one call:
 * `services.responder.respond(ctx, { buildId, canonical, type, render, vary })`.
 */
import { type Config, loadConfig } from '../config.ts'
import { AnswerCache } from './answer-cache.ts'
import type { RequestContext } from './context.ts'
import { COMPRESS_MIN_BYTES, compress } from './encoding.ts'
import { answerHeaders, completeResponse } from './finish.ts'

/** How data responses are made. */
export interface ResponderOptions {
  compress: boolean
  /** bytes of answer bodies the cache may hold (0: no cache) */
  cacheBytes: number
  /** Cache-Control of data responses (default: cacheControlOf(loadConfig({})) */
  cacheControl?: string
  /** Access-Control-Allow-Origin */
  corsOrigin: string
  /** route labels whose answers take gzip over br when both are accepted (stored gzip) */
  gzipFirst?: readonly string[]
}

/** One data answer, as a route hands it to the responder. */
export interface Answer {
  /** the build of the index the body comes from */
  buildId: string
  /**
   * The answer's canonical identity: route, resolved ids and parameters, and the body's form
   * (`rankings|<region>|<datePos>|…`, `…|csv`); with the build it makes the ETag, so two
   * spellings of one question share their validator.
   */
  canonical: string
  /** Content-Type of the body */
  type: string
  /** makes the body; may return a view of a buffer it reuses (the bytes are copied before it runs again) */
  render: () => Uint8Array
  /**
   * the body's stored gzip, when the index has it (src/store/answers.ts): sent as it is to a
   * client that takes gzip, with nothing rendered or compressed
   */
  stored?: () => Uint8Array | null
  /** request headers beyond Accept-Encoding that choose the body (`Accept`), for Vary */
  vary?: string
  /** headers of its own (a CSV download's `Content-Disposition`), asked for after `render` */
  headers?: () => Record<string, string>
}

/** Makes data responses; keeps them in its answer cache. */
export class Responder {
  readonly cache: AnswerCache
  private readonly cacheControl: string

  constructor(private readonly options: ResponderOptions) {
    this.cache = new AnswerCache({
      bytes: options.cacheBytes,
      compress: options.compress,
      gzipFirst: options.gzipFirst,
    })
    this.cacheControl = options.cacheControl ?? cacheControlOf(loadConfig({}))
  }

  /** ETag of a canonical answer under a build (two 32-bit hashes of it). */
  etag(buildId: string, canonical: string): string {
    return `W/"${buildId}-${etagHash(canonical)}"`
  }

  /** A 200 with `answer.render()`'s body, or a 304 when the client's copy is current. */
  respond(ctx: RequestContext, answer: Answer): Response {
    const { buildId, vary = '' } = answer
    const etag = this.etag(buildId, answer.canonical)
    const inm = ctx.ifNoneMatch
    if (
      inm &&
      (inm === '*' || inm.split(',').some((t) => t.trim() === etag || t.trim() === etag.slice(2)))
    )
      return completeResponse(ctx, 304, null, 0, this.baseHeaders(buildId, etag, vary))
    this.cache.keyOf(ctx)
    const encoding = ctx.encoding
    const headers = this.baseHeaders(buildId, etag, vary)
    headers['Content-Type'] = answer.type
    const stored = encoding === 'gzip' ? answer.stored?.() : null
    if (stored) {
      // sent as it is, not kept: it is in memory already (the mapped answers file), and
      // random charts would crowd the cache's made answers out
      headers['Content-Encoding'] = 'gzip'
      return completeResponse(ctx, 200, stored, stored.byteLength, headers)
    }
    const plain = answer.render()
    const encoded = encoding !== 'identity' && plain.byteLength > COMPRESS_MIN_BYTES
    const bytes = encoded ? compress(plain, encoding) : plain
    if (encoded) headers['Content-Encoding'] = encoding
    if (answer.headers) Object.assign(headers, answer.headers())
    return this.cache.answer(ctx, bytes, headers)
  }

  /**
   * The headers every data answer has (build, validators, caching, and those of every answer:
   * finish.ts `answerHeaders`). Vary names what
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
      ...answerHeaders(this.options.corsOrigin),
    }
    if (varies) headers.Vary = varies
    return headers
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
