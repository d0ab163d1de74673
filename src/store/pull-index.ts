/**
 * A replica's index from object storage (`INDEX_URL=s3://BUCKET/PREFIX`; the layout:
 * schema/published.ts). INDEX_DIR is the local cache: it always holds a whole, checked build
 * (or nothing), so a restart serves the cached build at once, before the store answers.
 *
 * One look (`poll`): read `current.json`; when it names a build other than the one served,
 *  1. download the build into a fresh sibling of INDEX_DIR (`<dir>.tmp-pull-*`): every file
 *     in parallel, each written under a temporary name and renamed once its size is right;
 *     manifest.json last;
 *  2. open and check it exactly as a local build (open-index.ts, verify-index.ts) in that
 *     staging directory: a bad or half-uploaded build never reaches INDEX_DIR;
 *  3. rename it into place (the previous cache is renamed aside and removed: files are
 *     unlinked, never truncated, so the served mapping stays valid), and hand over to the
 *     holder, which swaps it in as it does any new build in its directory (index-holder.ts).
 * The holder checks the build once more on its own (the cost of reusing one swap path: a
 * CRC-32 and structure pass, ~1 s at full scale); no request waits for either check.
 *
 * A pointer whose build was refused is not tried again until current.json changes (a store
 * that fails to answer is tried again at the next look).
 */
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { IndexManifest } from '../../schema/format.ts'
import {
  buildFileKey,
  type IndexLocation,
  type IndexPointer,
  locationFromUrl,
  openBucket,
  PUBLISHED_FILES,
  pointerFromJson,
  pointerKey,
  replaceDir,
} from '../../schema/published.ts'
import type { IndexHolder } from './index-holder.ts'
import { openIndex } from './open-index.ts'
import { verifyIndex } from './verify-index.ts'

/** What a look at the store did, for the log. */
export type PullEvent =
  | { kind: 'pulled'; buildId: string; bytes: number; ms: number; previous: string | null }
  | { kind: 'refused'; buildId: string; reason: string }
  | { kind: 'failed'; reason: string }

/** Options of a puller. */
export interface PullerOptions {
  /** s3://BUCKET/PREFIX */
  url: string
  holder: IndexHolder
  env?: Record<string, string | undefined>
  onEvent?: (event: PullEvent) => void
}

/** Keeps a holder's directory on the build the store's pointer names. */
export class IndexPuller {
  readonly location: IndexLocation
  /** builds pulled, bytes downloaded, looks that failed (store errors and refused builds) */
  readonly counts = { pulls: 0, bytes: 0, failures: 0 }
  /** the build current.json named at the last look that could read it */
  latest: string | null = null
  /** when the store last answered (ISO time), or null */
  checkedAt: string | null = null
  /** the pointer (its text) whose build was refused: not tried again until it changes */
  private refused: string | null = null
  private looking: Promise<boolean> | null = null
  private readonly onEvent: (event: PullEvent) => void
  private readonly env: Record<string, string | undefined>

  constructor(private readonly options: PullerOptions) {
    this.location = locationFromUrl(options.url)
    this.onEvent = options.onEvent ?? (() => {})
    this.env = options.env ?? process.env
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
    let s3: Bun.S3Client
    let text: string
    try {
      s3 = await openBucket(this.location, this.env)
      text = await s3.file(pointerKey(this.location)).text()
    } catch (error) {
      this.counts.failures++
      this.onEvent({
        kind: 'failed',
        reason: `reading ${this.options.url}/current.json: ${message(error)}`,
      })
      return false
    }
    this.checkedAt = new Date().toISOString()
    if (text.trim() === '') {
      // S3 replaces an object whole; a stand-in store may show it empty while it is written
      this.counts.failures++
      this.onEvent({ kind: 'failed', reason: `${this.options.url}/current.json is empty` })
      return false
    }
    const holder = this.options.holder
    let pointer: IndexPointer
    try {
      pointer = pointerFromJson(text)
    } catch (error) {
      return this.refuse(text, 'unknown', message(error))
    }
    this.latest = pointer.buildId
    if (holder.current?.buildId === pointer.buildId || this.refused === text) return false
    const started = performance.now()
    const staging = `${holder.dir}.tmp-pull-${pointer.buildId}-${process.pid}`
    try {
      removeStaleStaging(holder.dir)
      const bytes = await this.download(s3, pointer, staging)
      // step 2: checked where it lies, before it may replace anything
      await verifyIndex(openIndex(staging, holder.mode))
      // step 3
      replaceDir(staging, holder.dir)
      this.counts.pulls++
      this.counts.bytes += bytes
      const previous = holder.current?.buildId ?? null
      // a look the holder began before the rename saw the old directory: look once more
      let swapped = await holder.reloadIfChanged()
      if (holder.current?.buildId !== pointer.buildId) swapped = await holder.reloadIfChanged()
      this.onEvent({
        kind: 'pulled',
        buildId: pointer.buildId,
        bytes,
        ms: performance.now() - started,
        previous,
      })
      return swapped
    } catch (error) {
      rmSync(staging, { recursive: true, force: true })
      return this.refuse(text, pointer.buildId, message(error))
    }
  }

  private refuse(pointerText: string, buildId: string, reason: string): false {
    this.refused = pointerText
    this.counts.failures++
    this.onEvent({ kind: 'refused', buildId, reason })
    return false
  }

  /** Step 1: the build into `staging`; resolves to the bytes downloaded. */
  private async download(
    s3: Bun.S3Client,
    pointer: IndexPointer,
    staging: string,
  ): Promise<number> {
    const at = this.location
    const manifestText = await s3.file(buildFileKey(at, pointer.buildId, 'manifest.json')).text()
    let manifest: IndexManifest
    try {
      manifest = JSON.parse(manifestText)
    } catch {
      throw new Error(`builds/${pointer.buildId}/manifest.json is not JSON`)
    }
    if (manifest.buildId !== pointer.buildId)
      throw new Error(
        `builds/${pointer.buildId}/manifest.json names build ${manifest.buildId}, not ${pointer.buildId}`,
      )
    const names = Object.keys(manifest.files ?? {})
    for (const name of names) {
      // only the index's own names: a manifest never chooses a path on this machine
      if (!PUBLISHED_FILES.includes(name) || name === 'manifest.json')
        throw new Error(
          `builds/${pointer.buildId}/manifest.json lists ${JSON.stringify(name)}, no index file`,
        )
    }
    mkdirSync(staging, { recursive: true })
    let bytes = manifestText.length
    await Promise.all(
      names.map(async (name) => {
        const part = join(staging, `${name}.part`)
        const written = await Bun.write(part, s3.file(buildFileKey(at, pointer.buildId, name)))
        if (written !== manifest.files[name].bytes)
          throw new Error(
            `builds/${pointer.buildId}/${name} has ${written} bytes, its manifest says ${manifest.files[name].bytes} (an upload cut short?)`,
          )
        renameSync(part, join(staging, name))
        bytes += written
      }),
    )
    await Bun.write(join(staging, 'manifest.json.part'), manifestText)
    renameSync(join(staging, 'manifest.json.part'), join(staging, 'manifest.json'))
    return bytes
  }
}

/** Staging directories of pulls that died (this process pulls one build at a time). */
function removeStaleStaging(dir: string): void {
  const parent = dirname(dir)
  const prefix = `${basename(dir)}.tmp-pull-`
  let names: string[]
  try {
    names = readdirSync(parent)
  } catch {
    mkdirSync(parent, { recursive: true })
    return
  }
  for (const name of names)
    if (name.startsWith(prefix)) rmSync(join(parent, name), { recursive: true, force: true })
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
