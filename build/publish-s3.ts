/**
 * `build-index --publish s3://BUCKET/PREFIX`: uploads a finished index directory as an
 * immutable build and releases it (the layout: schema/published.ts).
 *
 *  1. checks every file against the manifest (size and CRC-32): what leaves is what was built;
 *  2. uploads the index files in parallel to `PREFIX/builds/<buildId>/`, then its manifest
 *     (a build whose manifest is there is complete); a build id whose manifest is already
 *     there is never written again: the same id is the same bytes (it hashes them);
 *  3. checks every uploaded object's size, then writes `PREFIX/current.json` last.
 * Any failure throws before step 3: a failed publish never moves the pointer.
 */
import { join } from 'node:path'
import type { IndexManifest } from '../schema/format.ts'
import { MANIFEST_FILE, manifestFromText, readManifest } from '../schema/manifest.ts'
import {
  buildFileKey,
  type IndexPointer,
  locationFromUrl,
  openBucket,
  pointerKey,
  pointerTo,
} from '../schema/published.ts'

/** What a publish did. */
export interface PublishReport {
  buildId: string
  /** false when the build was already in the store (nothing uploaded) */
  uploaded: boolean
  bytes: number
  /** the build the pointer named before (null: none) */
  previous: string | null
  pointer: IndexPointer
}

/** CRC-32 of a file, read in 4 MB chunks (the whole file is never in memory). */
async function crc32File(path: string): Promise<number> {
  let crc = 0
  const reader = Bun.file(path).stream().getReader()
  for (;;) {
    const { value, done } = await reader.read()
    if (done) return crc >>> 0
    crc = Bun.hash.crc32(value, crc)
  }
}

/** Step 1: the manifest of `dir`, once every file it lists is as it says. */
async function checkedManifest(dir: string): Promise<IndexManifest> {
  const manifest = readManifest(dir)
  for (const [name, facts] of Object.entries(manifest.files)) {
    const file = Bun.file(join(dir, name))
    if (file.size !== facts.bytes)
      throw new Error(`publish: ${name} has ${file.size} bytes, the manifest says ${facts.bytes}`)
    if ((await crc32File(join(dir, name))) !== facts.crc32)
      throw new Error(`publish: ${name} does not match its CRC-32 in the manifest`)
  }
  return manifest
}

/** Publishes the index in `dir` at `url` (s3://BUCKET/PREFIX); resolves once it is released. */
export async function publishIndex(
  dir: string,
  url: string,
  env: Record<string, string | undefined> = process.env,
): Promise<PublishReport> {
  const at = locationFromUrl(url)
  const manifest = await checkedManifest(dir)
  const id = manifest.buildId
  const s3 = await openBucket(at, env)
  // every request's failure names the request, the object and the cause (the client's own
  // messages, `An unexpected error has occurred`, name neither)
  const request = <T>(what: string, key: string, run: () => Promise<T>) =>
    named(`${what} s3://${at.bucket}/${key}`, run)
  const names = Object.keys(manifest.files)
  let previous: string | null = null
  const pointerFile = s3.file(pointerKey(at))
  if (await request('HEAD', pointerKey(at), () => pointerFile.exists())) {
    try {
      previous = String(JSON.parse(await pointerFile.text()).buildId)
    } catch {}
  }
  const manifestKey = buildFileKey(at, id, MANIFEST_FILE)
  const present = await request('HEAD', manifestKey, () => s3.exists(manifestKey))
  let bytes = 0
  // an id already there is left as it is; its stored manifest is the one released
  const released = present
    ? manifestFromText(
        await request('GET', manifestKey, () => s3.file(manifestKey).text()),
        manifestKey,
      )
    : manifest
  if (!present) {
    // step 2: files first (in parallel), the manifest after them
    await Promise.all(
      names.map(async (name) => {
        const key = buildFileKey(at, id, name)
        bytes += await request('PUT', key, () => s3.write(key, Bun.file(join(dir, name))))
      }),
    )
    bytes += await request('PUT', manifestKey, () =>
      s3.write(manifestKey, Bun.file(join(dir, MANIFEST_FILE)), { type: 'application/json' }),
    )
  }
  // step 3: every object there with its size (an upload cut short must not be released)
  for (const [name, facts] of Object.entries(released.files)) {
    const key = buildFileKey(at, id, name)
    const stat = await request('HEAD', key, () => s3.stat(key))
    if (stat.size !== facts.bytes)
      throw new Error(
        `publish: ${key} has ${stat.size} bytes in the store, its manifest says ${facts.bytes}`,
      )
  }
  const pointer = pointerTo(released)
  await request('PUT', pointerKey(at), () =>
    s3.write(pointerKey(at), `${JSON.stringify(pointer, null, 2)}\n`, {
      type: 'application/json',
    }),
  )
  return { buildId: id, uploaded: !present, bytes, previous, pointer }
}

/** Runs one store request; its failure says `what` failed and why (the code and message). */
async function named<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    const e = error as Error & { code?: string }
    const cause = [e.code, e.message].filter(Boolean).join(': ')
    throw new Error(`publish: ${what}: ${cause || String(error)}`)
  }
}
