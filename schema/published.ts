/**
 * The published index in object storage, the contract between `build-index --publish` (the
 * writer, build/publish-s3.ts) and the replicas that pull it (src/store/pull-index.ts), kept
 * here beside the index format because both sides read it:
 *
 *   s3://BUCKET/PREFIX/builds/<buildId>/<file>      every index file, manifest.json last
 *   s3://BUCKET/PREFIX/current.json                 {"buildId","manifest",...}: the release
 *
 * A build is immutable once its manifest is there (never overwritten); writing the pointer is
 * the release, done last, so a reader never finds a pointer to a build still uploading.
 *
 * Also here: the S3 client both sides make (Bun.S3Client; credentials from the standard AWS
 * variables, else the AWS SDK's provider chain: an ECS/App Runner task role, a profile, an
 * instance role) and the directory swap both sides do (a directory renamed into place, never
 * written in place: its files may be mapped by a server).
 */
import { existsSync, renameSync, rmSync } from 'node:fs'
import { FORMAT_VERSION } from './format.ts'
import { MANIFEST_FILE } from './manifest.ts'

/** Where a published index lives. */
export interface IndexLocation {
  bucket: string
  /** the key prefix without a trailing slash ('' at the bucket's root) */
  prefix: string
}

/** current.json: the released build. */
export interface IndexPointer {
  buildId: string
  /** key of the build's manifest, relative to the prefix: `builds/<buildId>/manifest.json` */
  manifest: string
  formatVersion: number
  builtAt: string
  publishedAt: string
}

const BUILD_ID = /^[0-9a-f]{16}$/

/** Reads `s3://BUCKET[/PREFIX]`; throws a clear error for anything else. */
export function locationFromUrl(url: string): IndexLocation {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url)
  if (!m) throw new Error(`index url must be s3://BUCKET[/PREFIX]; got "${url}"`)
  return { bucket: m[1], prefix: (m[2] ?? '').replace(/^\/+|\/+$/g, '') }
}

/** The key of `name` under the location's prefix. */
export function keyOf(at: IndexLocation, name: string): string {
  return at.prefix ? `${at.prefix}/${name}` : name
}

/** The key of the pointer. */
export function pointerKey(at: IndexLocation): string {
  return keyOf(at, 'current.json')
}

/** Where one file of a build lies, relative to the prefix: `builds/<buildId>/<file>`. */
export function buildFilePath(buildId: string, file: string): string {
  return `builds/${buildId}/${file}`
}

/** The key of one file of a build. */
export function buildFileKey(at: IndexLocation, buildId: string, file: string): string {
  return keyOf(at, buildFilePath(buildId, file))
}

/** The pointer to a build whose manifest is `manifest`. */
export function pointerTo(manifest: { buildId: string; builtAt: string }): IndexPointer {
  return {
    buildId: manifest.buildId,
    manifest: buildFilePath(manifest.buildId, MANIFEST_FILE),
    formatVersion: FORMAT_VERSION,
    builtAt: manifest.builtAt,
    publishedAt: new Date().toISOString(),
  }
}

/** Parses and checks current.json; throws naming what is wrong. */
export function pointerFromJson(text: string): IndexPointer {
  let value: Partial<IndexPointer>
  try {
    value = JSON.parse(text)
  } catch {
    throw new Error(`current.json is not JSON: ${JSON.stringify(text.slice(0, 80))}`)
  }
  const id = value?.buildId
  if (typeof id !== 'string' || !BUILD_ID.test(id))
    throw new Error(`current.json: buildId must be 16 hex digits; got ${JSON.stringify(id)}`)
  const manifest = buildFilePath(id, MANIFEST_FILE)
  if (value.manifest !== manifest)
    throw new Error(
      `current.json: manifest must be ${manifest}; got ${JSON.stringify(value.manifest)}`,
    )
  return value as IndexPointer
}

/** Environment variables the S3 client is made from. */
type Env = Record<string, string | undefined>

/**
 * A client for the location's bucket. Credentials: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY
 * (and AWS_SESSION_TOKEN) when set, else the AWS SDK's Node provider chain (container
 * credentials of an ECS or App Runner task role, web identity, profiles, instance metadata),
 * which refreshes temporary credentials before they expire: call this for each round of
 * requests rather than keeping a client. AWS_ENDPOINT_URL points at an S3-compatible store
 * (path-style addressing), AWS_REGION (or AWS_DEFAULT_REGION) names the region.
 */
export async function openBucket(at: IndexLocation, env: Env = process.env): Promise<Bun.S3Client> {
  let credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    credentials = {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      sessionToken: env.AWS_SESSION_TOKEN || undefined,
    }
  } else {
    credentials = await providerChain()()
  }
  return new Bun.S3Client({
    ...credentials,
    bucket: at.bucket,
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
    endpoint: env.AWS_ENDPOINT_URL || undefined,
  })
}

type Provider = () => Promise<{
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}>
let chain: Provider | null = null

/** The SDK's provider chain, made once (it caches credentials until shortly before they expire). */
function providerChain(): Provider {
  if (!chain) {
    // required on first use only: processes with credentials in the environment never load it
    const { fromNodeProviderChain } =
      require('@aws-sdk/credential-providers') as typeof import('@aws-sdk/credential-providers')
    chain = fromNodeProviderChain()
  }
  return chain
}

/**
 * Puts the finished directory `fresh` at `dir`: the old one (if any) renamed aside, the new
 * one renamed in, the old one removed. A reader that mapped the old files keeps valid
 * mappings: files are unlinked, never truncated.
 */
export function replaceDir(fresh: string, dir: string): void {
  if (!existsSync(dir)) {
    renameSync(fresh, dir)
    return
  }
  const old = `${dir}.old-${process.pid}-${Date.now()}`
  renameSync(dir, old)
  try {
    renameSync(fresh, dir)
  } catch (error) {
    renameSync(old, dir)
    throw error
  }
  rmSync(old, { recursive: true, force: true })
}
