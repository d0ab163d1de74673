/**
 * A replica's index from object storage (`INDEX_URL=s3://BUCKET/PREFIX`; the layout:
 * schema/published.ts). INDEX_DIR is the local cache: it always holds a whole, checked build
 * (or nothing), so a restart serves the cached build at once, before the store answers.
 *
 * One look (`poll`): read `current.json` (conditionally: an unchanged pointer costs a 304; at
 * most 64 KiB); when it names a build other than the one served,
 *  1. download the build into a sibling of INDEX_DIR (`<dir>.tmp-pull-<build>-<pid>`): every
 *     file in parallel, each written under a temporary name and renamed once whole;
 *     manifest.json last. Files a look finished are kept for the next one;
 *  2. open and check it exactly as a local build (open-index.ts, verify-index.ts) in that
 *     staging directory: a bad or half-uploaded build never reaches INDEX_DIR;
 *  3. rename it into place (the previous cache is renamed aside and removed: files are
 *     unlinked, never truncated, so the served mapping stays valid), and hand over to the
 *     holder, which swaps it in as it does any new build in its directory (index-holder.ts).
 *
 * Two kinds of failure (object-store.ts StoreError): a store that does not answer as it
 * should (the network, a timeout, 5xx, throttling, a body cut short) is tried again, each
 * request a few times with growing, jittered waits and then at the next look, and never
 * counts against the build; a build that fails its checks (an object missing or of the wrong
 * size, a bad manifest, a checksum) is refused, logged once, and tried again only when
 * current.json or one of the build's objects changes (their ETags, looked at with HEAD at each
 * look while the refused build is the latest). `state` and `reason` say which applies
 * (/ready, /metrics).
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { IndexManifest } from '../../schema/format.ts'
import { MANIFEST_FILE, manifestFromText } from '../../schema/manifest.ts'
import {
  buildFileKey,
  buildFilePath,
  type IndexLocation,
  type IndexPointer,
  locationFromUrl,
  openBucket,
  pointerFromJson,
  pointerKey,
  replaceDir,
} from '../../schema/published.ts'
import type { IndexHolder } from './index-holder.ts'
import { ObjectStore, StoreError } from './object-store.ts'
import { openIndex } from './open-index.ts'
import { verifyIndex } from './verify-index.ts'

/** Most bytes current.json may have (a pointer is ~200). */
export const POINTER_MAX_BYTES = 64 * 1024
/** Most bytes a build's manifest.json may have. */
const MANIFEST_MAX_BYTES = 16 * 1024 * 1024
/** Tries of one request before a look gives up on the store (it is tried again at the next). */
const ATTEMPTS = 4
/** The first wait before trying a request again, ms (doubled each time, jittered). */
const BACKOFF_MS = 250

/**
 * Why the served build is or is not the latest: `current` (it is), `pulling` (the latest is
 * being downloaded and checked), `retrying` (the store failed to answer or to deliver it: tried
 * again at the next look), `refused` (the latest failed its checks: tried again when its
 * pointer or objects change), `unknown` (the store has not answered yet).
 */
export type PullState = 'current' | 'pulling' | 'retrying' | 'refused' | 'unknown'

/** What a look at the store did, for the log. */
export type PullEvent =
  | { kind: 'pulled'; buildId: string; bytes: number; ms: number; previous: string | null }
  | { kind: 'refused'; buildId: string; reason: string }
  | { kind: 'unreachable'; buildId: string | null; reason: string }
  | { kind: 'reachable'; failedLooks: number }
  | { kind: 'bad-pointer'; reason: string }
  | { kind: 'changed'; buildId: string }

/** Options of a puller. */
export interface PullerOptions {
  /** s3://BUCKET/PREFIX */
  url: string
  holder: IndexHolder
  env?: Record<string, string | undefined>
  onEvent?: (event: PullEvent) => void
  /** ms a request may wait for its answer, or a download for its next bytes (default 10 s) */
  timeoutMs?: number
  /** longest wait between two tries of a request, ms (default 5 s; the poll interval is a good cap) */
  backoffCapMs?: number
}

/** A build refused by its checks: the versions of its objects it was judged on. */
interface Refusal {
  buildId: string
  /** key → ETag (or '-' when missing) of the manifest and each file it lists */
  versions: Map<string, string>
  reason: string
}

/** The build's objects fetched so far in a pull: key → ETag ('-' when missing). */
type Seen = Map<string, string>

/** A build that failed its checks: its objects' versions as judged (see Refusal). */
class BuildDefect extends Error {}

/** Keeps a holder's directory on the build the store's pointer names. */
export class IndexPuller {
  readonly location: IndexLocation
  /**
   * builds pulled, bytes downloaded, looks that ended without the latest build (store errors
   * after their tries, refused builds), requests tried again, builds refused
   */
  readonly counts = { pulls: 0, bytes: 0, failures: 0, retries: 0, refusals: 0 }
  /** the build current.json named at the last look that could read it */
  latest: string | null = null
  /** when the store last answered (ISO time), or null */
  checkedAt: string | null = null
  /** why the served build is or is not the latest */
  state: PullState = 'unknown'
  /** what failed, when `state` is `retrying` or `refused` */
  reason: string | null = null
  /** current.json as last read: its ETag, and the pointer or what is wrong with it */
  private pointer:
    | { etag: string; value: IndexPointer }
    | { etag: string; problem: string }
    | null = null
  private refusal: Refusal | null = null
  /** looks in a row that failed on a store error */
  private failedLooks = 0
  private looking: Promise<boolean> | null = null
  private readonly onEvent: (event: PullEvent) => void
  private readonly env: Record<string, string | undefined>
  private readonly timeoutMs: number
  private readonly backoffCapMs: number

  constructor(private readonly options: PullerOptions) {
    this.location = locationFromUrl(options.url)
    this.onEvent = options.onEvent ?? (() => {})
    this.env = options.env ?? process.env
    this.timeoutMs = options.timeoutMs ?? 10_000
    this.backoffCapMs = options.backoffCapMs ?? 5_000
  }

  /**
   * Looks at the pointer and pulls the build it names when that is not the one served.
   * Calls made while a look runs share it. Resolves to true when a new build was swapped in.
   */
  poll(): Promise<boolean> {
    this.looking ??= this.look().finally(() => {
      this.looking = null
    })
    return this.looking
  }

  private async look(): Promise<boolean> {
    try {
      const swapped = await this.lookOnce()
      if (this.failedLooks > 0) {
        this.onEvent({ kind: 'reachable', failedLooks: this.failedLooks })
        this.failedLooks = 0
      }
      return swapped
    } catch (error) {
      if (!(error instanceof StoreError) || !error.transient) throw error
      this.counts.failures++
      if (this.failedLooks++ === 0 || this.state !== 'retrying')
        this.onEvent({ kind: 'unreachable', buildId: this.latest, reason: error.message })
      this.state = 'retrying'
      this.reason = error.message
      return false
    }
  }

  private async lookOnce(): Promise<boolean> {
    const store = await this.openStore()
    const pointer = await this.readPointer(store)
    const holder = this.options.holder
    if (!pointer) {
      this.state = 'refused'
      this.reason = this.pointer && 'problem' in this.pointer ? this.pointer.problem : null
      return false
    }
    if (holder.current?.buildId === pointer.buildId) {
      this.state = 'current'
      this.reason = null
      return false
    }
    const refusal = this.refusal
    if (refusal?.buildId === pointer.buildId) {
      if (!(await this.changedSince(store, refusal))) {
        this.state = 'refused'
        this.reason = refusal.reason
        return false
      }
      this.onEvent({ kind: 'changed', buildId: refusal.buildId })
    }
    return this.pull(store, pointer.buildId)
  }

  /** A reader of the bucket, with credentials as of now (they may be temporary). */
  private async openStore(): Promise<ObjectStore> {
    let s3: Bun.S3Client
    try {
      s3 = await openBucket(this.location, this.env)
    } catch (error) {
      throw new StoreError(
        `${this.options.url}: no credentials for the store (${(error as Error).message})`,
        true,
      )
    }
    return new ObjectStore(s3, `s3://${this.location.bucket}`, { idleMs: this.timeoutMs })
  }

  /**
   * current.json, read again only when its ETag changed; null when it is not a pointer (said
   * once per version of it).
   */
  private async readPointer(store: ObjectStore): Promise<IndexPointer | null> {
    const key = pointerKey(this.location)
    // null: unchanged since the last read
    let read: { etag: string; text: string } | { etag: string; problem: string } | null
    try {
      const got = await this.tried(() => store.get(key, POINTER_MAX_BYTES, this.pointer?.etag))
      read = got.changed ? { etag: got.etag, text: new TextDecoder().decode(got.bytes) } : null
    } catch (error) {
      if (!(error instanceof StoreError)) throw error
      // too large to be a pointer: judged (and not fetched again until its ETag changes)
      if (error.etag) read = { etag: error.etag, problem: error.message }
      // no pointer (404) or no access to it: nothing to judge, looked at again next time
      else throw error.transient ? error : new StoreError(error.message, true)
    }
    this.checkedAt = new Date().toISOString()
    if (read) this.judgePointer(read)
    return this.pointer && 'value' in this.pointer ? this.pointer.value : null
  }

  /** A new version of current.json: the pointer, or what is wrong with it (said once). */
  private judgePointer(read: { etag: string; text: string } | { etag: string; problem: string }) {
    const { etag } = read
    try {
      if ('problem' in read) throw new Error(read.problem)
      // S3 replaces an object whole; a stand-in store may show it empty while it is written
      if (read.text.trim() === '') throw new Error('current.json is empty')
      this.pointer = { etag, value: pointerFromJson(read.text) }
      this.latest = this.pointer.value.buildId
    } catch (error) {
      const problem = (error as Error).message
      this.pointer = { etag, problem }
      this.latest = null
      this.counts.failures++
      this.onEvent({ kind: 'bad-pointer', reason: problem })
    }
  }

  /** Steps 1–3 for `buildId`; a defect refuses it, a store error propagates (tried again). */
  private async pull(store: ObjectStore, buildId: string): Promise<boolean> {
    const holder = this.options.holder
    const started = performance.now()
    const staging = `${holder.dir}.tmp-pull-${buildId}-${process.pid}`
    const seen: Seen = new Map()
    this.state = 'pulling'
    this.reason = null
    try {
      removeStaleStaging(holder.dir, staging)
      const bytes = await this.download(store, buildId, staging, seen)
      // step 2: checked where it lies, before it may replace anything
      try {
        await verifyIndex(openIndex(staging, holder.mode))
      } catch (error) {
        throw new BuildDefect((error as Error).message)
      }
      // step 3
      replaceDir(staging, holder.dir)
      this.counts.pulls++
      this.counts.bytes += bytes
      this.refusal = null
      const previous = holder.current?.buildId ?? null
      // a look the holder began before the rename saw the old directory: look once more
      let swapped = await holder.reloadIfChanged()
      if (holder.current?.buildId !== buildId) swapped = await holder.reloadIfChanged()
      this.state = holder.current?.buildId === buildId ? 'current' : 'refused'
      this.onEvent({ kind: 'pulled', buildId, bytes, ms: performance.now() - started, previous })
      return swapped
    } catch (error) {
      if (error instanceof StoreError && error.transient) throw error
      rmSync(staging, { recursive: true, force: true })
      const reason = (error as Error).message
      this.refusal = { buildId, versions: seen, reason }
      this.counts.failures++
      this.counts.refusals++
      this.state = 'refused'
      this.reason = reason
      this.onEvent({ kind: 'refused', buildId, reason })
      return false
    }
  }

  /**
   * Step 1: the build into `staging`, files already there from an earlier look kept;
   * resolves to the bytes downloaded. Records each object's ETag in `seen`.
   */
  private async download(
    store: ObjectStore,
    buildId: string,
    staging: string,
    seen: Seen,
  ): Promise<number> {
    const at = this.location
    const manifestKey = buildFileKey(at, buildId, MANIFEST_FILE)
    const manifestText = await this.object(seen, manifestKey, async () => {
      const got = await store.get(manifestKey, MANIFEST_MAX_BYTES)
      if (!got.changed) throw new Error('unreachable: an unconditional GET answered 304')
      return { etag: got.etag, value: new TextDecoder().decode(got.bytes) }
    })
    const manifest = manifestOf(manifestText, buildId)
    const names = Object.keys(manifest.files)
    mkdirSync(staging, { recursive: true })
    let bytes = manifestText.length
    const results = await Promise.allSettled(
      names.map(async (name) => {
        const path = join(staging, name)
        const expected = manifest.files[name].bytes
        const key = buildFileKey(at, buildId, name)
        if (existsSync(path)) return
        const got = await this.object(seen, key, async () => {
          const version = await store.download(key, `${path}.part`)
          return { etag: version.etag, value: version.size }
        })
        if (got !== expected)
          throw new BuildDefect(
            `${store.name(key)} has ${got} bytes, its manifest says ${expected} (an upload cut short?)`,
          )
        renameSync(`${path}.part`, path)
        bytes += got
      }),
    )
    // every download has ended (none writes on into the staging directory); a defect in
    // any file decides over a store error in another
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []))
    const defect = failures.find((e) => !(e instanceof StoreError && e.transient))
    if (defect ?? failures[0]) throw defect ?? failures[0]
    const manifestPath = join(staging, MANIFEST_FILE)
    await Bun.write(`${manifestPath}.part`, manifestText)
    renameSync(`${manifestPath}.part`, manifestPath)
    return bytes
  }

  /**
   * One object of a build through `fetch`, tried again on store errors; its ETag (or '-'
   * when it is missing: a defect of the build) goes into `seen`.
   */
  private async object<T>(
    seen: Seen,
    key: string,
    fetch: () => Promise<{ etag: string; value: T }>,
  ): Promise<T> {
    try {
      const got = await this.tried(fetch)
      seen.set(key, got.etag)
      return got.value
    } catch (error) {
      if (error instanceof StoreError && !error.transient) seen.set(key, '-')
      throw error
    }
  }

  /**
   * Whether any object a refused build was judged on changed since (HEAD each: a few
   * requests per look while the refused build is the latest).
   */
  private async changedSince(store: ObjectStore, refusal: Refusal): Promise<boolean> {
    for (const [key, etag] of refusal.versions) {
      const now = await this.tried(() => store.head(key))
      if ((now?.etag ?? '-') !== etag) return true
    }
    return false
  }

  /**
   * Runs `request`, trying it again on a transient store error: up to ATTEMPTS times, the
   * waits drawn at random up to BACKOFF_MS·2^n (full jitter: replicas that failed together
   * do not come back together), never more than backoffCapMs, at least what the store
   * asked for (Retry-After) within that cap.
   */
  private async tried<T>(request: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await request()
      } catch (error) {
        if (!(error instanceof StoreError) || !error.transient || attempt >= ATTEMPTS) throw error
        this.counts.retries++
        const ceiling = Math.min(this.backoffCapMs, BACKOFF_MS * 2 ** (attempt - 1))
        const wait = Math.max(
          Math.random() * ceiling,
          Math.min(error.retryAfterMs, this.backoffCapMs),
        )
        await Bun.sleep(wait)
      }
    }
  }
}

/** A build's manifest (schema/manifest.ts checks it), of the build its pointer names. */
function manifestOf(text: string, buildId: string): IndexManifest {
  const where = buildFilePath(buildId, MANIFEST_FILE)
  const manifest = manifestFromText(text, where)
  if (manifest.buildId !== buildId)
    throw new BuildDefect(`${where} names build ${manifest.buildId}, not ${buildId}`)
  return manifest
}

/** Staging directories of pulls that died, and of builds other than `keep`. */
function removeStaleStaging(dir: string, keep: string): void {
  const parent = dirname(dir)
  const prefix = `${basename(dir)}.tmp-pull-`
  let names: string[]
  try {
    names = readdirSync(parent)
  } catch {
    mkdirSync(parent, { recursive: true })
    return
  }
  for (const name of names) {
    const path = join(parent, name)
    if (name.startsWith(prefix) && path !== keep) rmSync(path, { recursive: true, force: true })
  }
}
