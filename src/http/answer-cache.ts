/**
 * The answer cache, the pipeline's `cache` stage: finished answers by raw request (path and
 * query whatever the Host, the form `Accept` asks for, the encoding it gets), so a repeated
 * request is answered before routing, parsing or validating it again. The index is immutable,
 * so the same request gets the same answer until a swap clears the cache. What is kept is
 * decided by the cache's frequency admission (src/bounded-cache.ts).
 *
 * Its key is the request as asked, not the answer's canonical identity (route and resolved
 * ids, which the ETag is made from: src/http/respond.ts): only the first is known before
 * routing, and only the second names the answer whatever the spelling of the request.
 */
import { BoundedCache } from '../bounded-cache.ts'
import type { RequestContext } from './context.ts'
import { negotiateEncoding } from './encoding.ts'
import { completeResponse } from './finish.ts'
import { pathStart } from './url.ts'

/** How answers are keyed and kept. */
export interface AnswerCacheOptions {
  /** bytes of answer bodies the cache may hold (0: no cache) */
  bytes: number
  /** whether answers are compressed (else every answer is identity) */
  compress: boolean
  /** route labels whose answers take gzip over br when both are accepted (stored gzip) */
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

/** Finished answers by request, bounded in bytes. */
export class AnswerCache {
  private readonly entries: BoundedCache<CachedAnswer>
  private readonly gzipFirst: ReadonlySet<string>

  constructor(private readonly options: AnswerCacheOptions) {
    this.entries = new BoundedCache(options.bytes)
    this.gzipFirst = new Set(options.gzipFirst ?? [])
  }

  /** Answers held. */
  get size(): number {
    return this.entries.size
  }

  /**
   * The request's key and the encoding its answer gets (`ctx.cacheKey`, `ctx.encoding`),
   * made once per request.
   */
  keyOf(ctx: RequestContext): string {
    if (ctx.cacheKey !== null) return ctx.cacheKey
    const encoding = this.options.compress
      ? negotiateEncoding(
          ctx.acceptEncoding,
          ctx.route !== null && this.gzipFirst.has(ctx.route.label),
        )
      : 'identity'
    const url = ctx.request.url
    ctx.encoding = encoding
    ctx.cacheKey = `${url.slice(pathStart(url))}\n${ctx.form}\n${encoding}`
    return ctx.cacheKey
  }

  /**
   * The cache stage: the answer to a request answered before, or null. Conditional requests
   * go the full way (to their 304).
   */
  lookup(ctx: RequestContext): Response | null {
    if (this.options.bytes === 0 || ctx.ifNoneMatch) return null
    const answer = this.entries.get(this.keyOf(ctx))
    return answer === undefined ? null : answerResponse(answer, ctx)
  }

  /**
   * The response of a finished answer, kept when the cache admits it. `bytes` may be a view
   * of a buffer the renderer reuses: both the kept Blob and the Response copy it.
   */
  answer(ctx: RequestContext, bytes: Uint8Array, headers: Record<string, string>): Response {
    const key = this.keyOf(ctx)
    // the key counts too: a long URL must not make a small answer cheap to keep
    const weight = bytes.byteLength + key.length
    if (this.entries.admits(key, weight)) {
      const entry = {
        blob: new Blob([bytes as Uint8Array<ArrayBuffer>]),
        headers: new Headers(headers),
        size: bytes.byteLength,
      }
      this.entries.set(key, entry, weight)
      return answerResponse(entry, ctx)
    }
    return completeResponse(ctx, 200, bytes, bytes.byteLength, headers)
  }

  /** Drops every answer (an index swap). */
  clear(): void {
    this.entries.clear()
  }
}

/** The response of a kept answer, complete with the request id. */
function answerResponse(answer: CachedAnswer, ctx: RequestContext): Response {
  // the kept headers copied, the id set on the copy, then given to the Response: cheaper
  // than setting the id on the made Response's headers (0.9 against 1.7 µs measured)
  return completeResponse(ctx, 200, answer.blob, answer.size, new Headers(answer.headers))
}
