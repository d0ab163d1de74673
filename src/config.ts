/**
 * Settings: one table, read from the environment once at startup and logged then.
 * docs/operations.md's settings table lists each (a test checks it).
 */
import { DEFAULT_INDEX_DIR } from '../schema/format.ts'
import { locationFromUrl } from '../schema/published.ts'

/** One setting: its environment variable, default and what it does. */
export interface Setting {
  name: string
  default: string
  help: string
}

/** Every setting the server reads. */
export const SETTINGS = [
  { name: 'PORT', default: '3000', help: 'TCP port to listen on' },
  { name: 'HOST', default: '0.0.0.0', help: 'address to bind (127.0.0.1 for local only)' },
  {
    name: 'INDEX_DIR',
    default: DEFAULT_INDEX_DIR,
    help: 'directory of the built index (npm run build-index)',
  },
  {
    name: 'LOG_LEVEL',
    default: 'info',
    help: 'pino level: fatal, error, warn, info, debug, trace or silent',
  },
  {
    name: 'LOG_FILE',
    default: 'app.log',
    help: 'also log to this file; empty = stdout only (containers). If it cannot be opened: one warning, stdout only',
  },
  {
    name: 'LOG_MAX_MB',
    default: '100',
    help: 'rotate LOG_FILE when it passes this size (0 = never; for an external logrotate with copytruncate)',
  },
  {
    name: 'LOG_KEEP',
    default: '5',
    help: 'rotated log files kept (LOG_FILE.1 newest … LOG_FILE.N oldest)',
  },
  {
    name: 'LOG_REQUESTS',
    default: 'true',
    help: 'one log line per request (false turns them off)',
  },
  {
    name: 'INDEX_URL',
    default: '',
    help: 'pull the index from object storage: s3://BUCKET/PREFIX, whose current.json names the build (published by build-index --publish); INDEX_DIR is then its local cache. Empty = INDEX_DIR alone',
  },
  {
    name: 'INDEX_POLL_SECONDS',
    default: '5',
    help: 'how often to look for a newly published or changed index in INDEX_DIR and at INDEX_URL (0 = never; SIGHUP looks too; changes in INDEX_DIR are also noticed at once)',
  },
  {
    name: 'INDEX_STORE_TIMEOUT_SECONDS',
    default: '10',
    help: 'seconds a request to the index store (INDEX_URL) may wait for its answer, and a download for its next bytes, before it is tried again',
  },
  {
    name: 'INDEX_MODE',
    default: 'copy',
    help: "copy: serve a private, checked copy of each build, made in INDEX_DIR.serving beside INDEX_DIR and mapped read-only (nothing written into INDEX_DIR can reach a served byte; costs the index size again on disk); mmap: map INDEX_DIR's own files (zero copy; for a directory nobody writes, such as a read-only image); memory: read them into RAM (costs their size; for a read-only mount others may write, NFS/EFS)",
  },
  { name: 'CACHE_MB', default: '32', help: 'memory for finished response bodies (0 = no cache)' },
  {
    name: 'COMPRESS',
    default: 'true',
    help: 'br/gzip bodies over 1 KB when the client accepts it (off: for an origin behind a CDN that compresses; Vary then leaves out Accept-Encoding)',
  },
  {
    name: 'CACHE_MAX_AGE',
    default: '300',
    help: 'seconds a browser may reuse a data answer (Cache-Control max-age)',
  },
  {
    name: 'CACHE_S_MAXAGE',
    default: '300',
    help: 'seconds a shared cache (a CDN) may reuse a data answer (s-maxage): how long a new build may take to reach its clients',
  },
  {
    name: 'CACHE_STALE_WHILE_REVALIDATE',
    default: '60',
    help: 'seconds a cache may answer with an expired copy while it fetches a fresh one (0 = leave out)',
  },
  {
    name: 'CACHE_STALE_IF_ERROR',
    default: '86400',
    help: 'seconds a cache may answer with an expired copy when the origin fails or is down (0 = leave out)',
  },
  { name: 'CORS_ORIGIN', default: '*', help: 'Access-Control-Allow-Origin for browser clients' },
] as const satisfies readonly Setting[]

type SettingName = (typeof SETTINGS)[number]['name']

/** Resolved configuration. */
export interface Config {
  port: number
  host: string
  indexDir: string
  logLevel: string
  logFile: string
  logMaxMB: number
  logKeep: number
  logRequests: boolean
  /** s3://BUCKET/PREFIX, or '' (INDEX_DIR alone) */
  indexUrl: string
  indexPollSeconds: number
  /** seconds a store request may wait for an answer or a download for its next bytes */
  indexStoreTimeoutSeconds: number
  /** copy (a private copy, mapped), mmap (INDEX_DIR's files mapped) or memory */
  indexMode: 'copy' | 'mmap' | 'memory'
  cacheMB: number
  compress: boolean
  /** Cache-Control lifetimes of data answers, in seconds */
  cacheMaxAge: number
  cacheSMaxAge: number
  cacheStaleWhileRevalidate: number
  cacheStaleIfError: number
  corsOrigin: string
}

function bool(value: string, name: string): boolean {
  if (/^(1|true|yes|on)$/i.test(value)) return true
  if (/^(0|false|no|off)$/i.test(value)) return false
  throw new Error(`config: ${name} must be true or false; got "${value}"`)
}

function number(value: string, name: string, min: number, max: number): number {
  const n = Number(value)
  if (!Number.isFinite(n) || n < min || n > max)
    throw new Error(`config: ${name} must be a number from ${min} to ${max}; got "${value}"`)
  return n
}

/** Reads the configuration from `env` (defaults where unset). Throws on invalid values. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const get = (name: SettingName) => env[name] ?? SETTINGS.find((s) => s.name === name)!.default
  const level = get('LOG_LEVEL')
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(level)) {
    throw new Error(
      `config: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "${level}"`,
    )
  }
  const mode = get('INDEX_MODE')
  if (mode !== 'copy' && mode !== 'mmap' && mode !== 'memory')
    throw new Error(`config: INDEX_MODE must be copy, mmap or memory; got "${mode}"`)
  const indexUrl = get('INDEX_URL')
  if (indexUrl) {
    try {
      locationFromUrl(indexUrl)
    } catch (error) {
      throw new Error(`config: INDEX_URL: ${(error as Error).message}`)
    }
  }
  const seconds = (name: SettingName) => number(get(name), name, 0, 31_536_000)
  return {
    port: number(get('PORT'), 'PORT', 0, 65535),
    host: get('HOST'),
    indexDir: get('INDEX_DIR'),
    logLevel: level,
    logFile: get('LOG_FILE'),
    logMaxMB: number(get('LOG_MAX_MB'), 'LOG_MAX_MB', 0, 1_000_000),
    logKeep: number(get('LOG_KEEP'), 'LOG_KEEP', 0, 1000),
    logRequests: bool(get('LOG_REQUESTS'), 'LOG_REQUESTS'),
    indexUrl,
    indexPollSeconds: number(get('INDEX_POLL_SECONDS'), 'INDEX_POLL_SECONDS', 0, 86400),
    indexStoreTimeoutSeconds: number(
      get('INDEX_STORE_TIMEOUT_SECONDS'),
      'INDEX_STORE_TIMEOUT_SECONDS',
      0.1,
      3600,
    ),
    indexMode: mode,
    cacheMB: number(get('CACHE_MB'), 'CACHE_MB', 0, 4096),
    compress: bool(get('COMPRESS'), 'COMPRESS'),
    cacheMaxAge: seconds('CACHE_MAX_AGE'),
    cacheSMaxAge: seconds('CACHE_S_MAXAGE'),
    cacheStaleWhileRevalidate: seconds('CACHE_STALE_WHILE_REVALIDATE'),
    cacheStaleIfError: seconds('CACHE_STALE_IF_ERROR'),
    corsOrigin: get('CORS_ORIGIN'),
  }
}
