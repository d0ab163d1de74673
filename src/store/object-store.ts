/**
 * Reading objects of an index store (S3 or S3-compatible) as the pull needs them: presigned
 * URLs (Bun.S3Client signs, with credentials of any kind) fetched with `fetch`, so that every
 * request has a deadline, a conditional GET is one header, a size cap is checked before and
 * while reading, and every failure says which object and why:
 *
 *   GET s3://charts/prod/builds/…/catalog.fb: 503 SlowDown (Please reduce your request rate.)
 *   GET s3://charts/prod/current.json: no answer within 10 s
 *
 * Failures come as StoreError, `transient` when trying again later may succeed (the network,
 * a timeout, 5xx, 429 and S3's 503 SlowDown throttling, a body cut short, a refused
 * credential) and not when the object itself is wrong (missing, too large, not the size its
 * manifest says). Only the second kind may count against a build (pull-index.ts).
 */
import { open } from 'node:fs/promises'

/** Why reading an object failed; `transient`: trying again later may succeed. */
export class StoreError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
    /** the store asked to wait this long first (Retry-After), ms */
    readonly retryAfterMs = 0,
    /** the ETag of the object found wrong (too large), so that it is not fetched again */
    readonly etag = '',
  ) {
    super(message)
  }
}

/** An object's version as the store names it. */
export interface ObjectVersion {
  etag: string
  size: number
}

/** What a conditional GET found. */
export type Fetched = { changed: false } | { changed: true; bytes: Uint8Array; etag: string }

/** Deadlines of store requests. */
export interface StoreTimeouts {
  /** ms a request may wait for its answer's headers, and a body between two chunks */
  idleMs: number
}

/** Reads objects of one bucket. */
export class ObjectStore {
  constructor(
    private readonly s3: Bun.S3Client,
    /** `s3://BUCKET` (for messages) */
    private readonly bucketUrl: string,
    private readonly timeouts: StoreTimeouts,
  ) {}

  /**
   * GET `key` whole, at most `maxBytes` of it. With `ifNoneMatch` (an ETag the caller holds),
   * an unchanged object is `{ changed: false }` and costs no body.
   */
  async get(key: string, maxBytes: number, ifNoneMatch?: string): Promise<Fetched> {
    const what = `GET ${this.name(key)}`
    const headers: Record<string, string> = ifNoneMatch ? { 'If-None-Match': ifNoneMatch } : {}
    const res = await this.request(what, key, 'GET', headers)
    if (res.status === 304) return { changed: false }
    await this.check(what, res)
    const etag = etagOf(res)
    const tooLarge = () =>
      new StoreError(`${what}: more than the ${maxBytes} bytes allowed`, false, 0, etag)
    if (Number(res.headers.get('content-length') ?? 0) > maxBytes) {
      void res.body?.cancel()
      throw tooLarge()
    }
    const chunks: Uint8Array[] = []
    let length = 0
    await this.readBody(what, res, (chunk) => {
      length += chunk.byteLength
      if (length > maxBytes) throw tooLarge()
      chunks.push(chunk)
    })
    return { changed: true, bytes: Buffer.concat(chunks, length), etag }
  }

  /** HEAD `key`: its version, or null when there is no such object. */
  async head(key: string): Promise<ObjectVersion | null> {
    const what = `HEAD ${this.name(key)}`
    const res = await this.request(what, key, 'HEAD', {})
    if (res.status === 404) return null
    await this.check(what, res)
    return { etag: etagOf(res), size: Number(res.headers.get('content-length') ?? -1) }
  }

  /**
   * GET `key` into the file `path` (created or replaced), streamed; resolves to its version.
   * A body that ends before its Content-Length is a transient error (the connection was cut).
   */
  async download(key: string, path: string): Promise<ObjectVersion> {
    const what = `GET ${this.name(key)}`
    const res = await this.request(what, key, 'GET', {})
    await this.check(what, res)
    const expected = Number(res.headers.get('content-length') ?? Number.NaN)
    let file: Awaited<ReturnType<typeof open>>
    try {
      file = await open(path, 'w')
    } catch (error) {
      void res.body?.cancel()
      throw new StoreError(`${what}: cannot write ${path} (${cause(error)})`, true)
    }
    let size = 0
    try {
      await this.readBody(what, res, async (chunk) => {
        await file.write(chunk, 0, chunk.byteLength, size)
        size += chunk.byteLength
      })
    } catch (error) {
      if (error instanceof StoreError) throw error
      throw new StoreError(`${what}: cannot write ${path} (${cause(error)})`, true)
    } finally {
      await file.close()
    }
    if (Number.isFinite(expected) && size !== expected)
      throw new StoreError(`${what}: the body ended after ${size} of ${expected} bytes`, true)
    return { etag: etagOf(res), size }
  }

  /** `s3://BUCKET/KEY` */
  name(key: string): string {
    return `${this.bucketUrl}/${key}`
  }

  /** Sends one request; no answer within the deadline, or no connection, is transient. */
  private async request(
    what: string,
    key: string,
    method: 'GET' | 'HEAD',
    headers: Record<string, string>,
  ): Promise<Response> {
    let url: string
    try {
      url = this.s3.presign(key, { method, expiresIn: 3600 })
    } catch (error) {
      throw new StoreError(`${what}: cannot sign the request (${cause(error)})`, true)
    }
    // the deadline covers the answer's headers only: a body is read with its own (readBody)
    const { idleMs } = this.timeouts
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(), idleMs)
    try {
      return await fetch(url, {
        method,
        headers,
        signal: controller.signal,
        decompress: false,
      } as RequestInit)
    } catch (error) {
      const late = controller.signal.aborted
      throw new StoreError(
        `${what}: ${late ? `no answer within ${idleMs / 1000} s` : failure(error)}`,
        true,
      )
    } finally {
      clearTimeout(timer)
    }
  }

  /** Throws for an answer other than 2xx: the status, S3's error code and message. */
  private async check(what: string, res: Response): Promise<void> {
    if (res.ok) return
    let detail = ''
    try {
      const text = (await res.text()).slice(0, 2000)
      const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1]
      const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1]
      detail = [code, message && `(${message})`].filter(Boolean).join(' ')
    } catch {}
    const status = `${res.status}${detail ? ` ${detail}` : ` ${res.statusText}`}`
    // 5xx (503 SlowDown: throttling), 429, and 401/403 (credentials expire and are fixed
    // without a new build) may pass; a missing object (404) or any other 4xx is the object's
    const transient = res.status >= 500 || [401, 403, 408, 429].includes(res.status)
    const retryAfter = Number(res.headers.get('retry-after'))
    throw new StoreError(
      `${what}: ${status}`,
      transient,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 0,
    )
  }

  /** Reads a body chunk by chunk; a gap longer than the idle deadline is transient. */
  private async readBody(
    what: string,
    res: Response,
    onChunk: (chunk: Uint8Array) => unknown,
  ): Promise<void> {
    const reader = res.body?.getReader()
    if (!reader) return
    const { idleMs } = this.timeouts
    for (;;) {
      let timer: ReturnType<typeof setTimeout> | undefined
      const stalled = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new StoreError(`${what}: no data for ${idleMs / 1000} s`, true)),
          idleMs,
        )
      })
      let step: Awaited<ReturnType<typeof reader.read>>
      try {
        step = await Promise.race([reader.read(), stalled])
      } catch (error) {
        void reader.cancel().catch(() => {})
        if (error instanceof StoreError) throw error
        throw new StoreError(`${what}: ${failure(error)}`, true)
      } finally {
        clearTimeout(timer)
      }
      if (step.done) return
      await onChunk(step.value)
    }
  }
}

function etagOf(res: Response): string {
  return res.headers.get('etag') ?? ''
}

function cause(error: unknown): string {
  const e = error as NodeJS.ErrnoException
  return e.code ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(error)
}

/** A failed request in words: the network error with its code. */
function failure(error: unknown): string {
  return `the connection failed (${cause(error)})`
}
