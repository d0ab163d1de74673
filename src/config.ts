/**
 * Settings: one table, read from the environment once at startup and logged then. Each
 * setting is written once, here: its variable, default, parser and meaning. The `Config` type
 * is derived from the table, `charts serve --help` lists it, and docs/operations.md's
 * settings table is made from it (test/docs.test.ts fails, showing the table to paste, when
 * the two differ).
 */
import { DEFAULT_INDEX_DIR } from '../schema/format.ts'
import { locationFromUrl } from '../schema/published.ts'
import { COMPRESS_MIN_TEXT } from './http/encoding.ts'

/** One setting. */
export interface Setting<T> {
  /** its environment variable */
  env: string
  /** its value when the variable is unset, as it would be written there */
  default: string
  /** the value of a text (the variable's, else the default); throws a `config:` error */
  parse: (text: string, env: string) => T
  /** what it does, in markdown (a row of docs/operations.md; plain text in --help) */
  doc: string
}

/** A setting of the table, typed by what its parser makes. */
const setting = <T>(s: Setting<T>): Setting<T> => s

/** Parses a number from `min` to `max`. */
function number(min: number, max: number): (text: string, env: string) => number {
  return (text, env) => {
    const n = Number(text)
    if (!Number.isFinite(n) || n < min || n > max)
      throw new Error(`config: ${env} must be a number from ${min} to ${max}; got "${text}"`)
    return n
  }
}

/** Parses true/false (also 1/0, yes/no, on/off, in any case). */
function bool(text: string, env: string): boolean {
  if (/^(1|true|yes|on)$/i.test(text)) return true
  if (/^(0|false|no|off)$/i.test(text)) return false
  throw new Error(`config: ${env} must be true or false; got "${text}"`)
}

/** Parses one of `values`. */
function oneOf<const V extends string>(values: readonly V[]): (text: string, env: string) => V {
  return (text, env) => {
    if ((values as readonly string[]).includes(text)) return text as V
    const list = `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`
    throw new Error(`config: ${env} must be ${list}; got "${text}"`)
  }
}

/** Any text. */
const text = (value: string): string => value

/** Seconds, up to a year. */
const seconds = number(0, 31_536_000)

const S3_DOCS = '[Index in S3](#past-one-machine-the-index-in-s3-replicas-that-pull-it)'

/** Every setting the server reads, by the name of its value in `Config`. */
export const SETTINGS = {
  port: setting({
    env: 'PORT',
    default: '3000',
    parse: number(0, 65535),
    doc: 'TCP port to listen on (a port in use stops the server at once: `port 3000 is in use`, exit code 1)',
  }),
  host: setting({
    env: 'HOST',
    default: '0.0.0.0',
    parse: text,
    doc: 'address to bind (`127.0.0.1` for local only)',
  }),
  indexDir: setting({
    env: 'INDEX_DIR',
    default: DEFAULT_INDEX_DIR,
    parse: text,
    doc: 'directory of the built index',
  }),
  logLevel: setting({
    env: 'LOG_LEVEL',
    default: 'info',
    parse: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    doc: 'pino level: fatal, error, warn, info, debug, trace, silent',
  }),
  logFile: setting({
    env: 'LOG_FILE',
    default: 'app.log',
    parse: text,
    doc: 'also log to this file; empty = stdout only (containers). If it cannot be opened: one warning, stdout only',
  }),
  logMaxMB: setting({
    env: 'LOG_MAX_MB',
    default: '100',
    parse: number(0, 1_000_000),
    doc: 'rotate `LOG_FILE` past this size (0 = never, for an external logrotate with `copytruncate`)',
  }),
  logKeep: setting({
    env: 'LOG_KEEP',
    default: '5',
    parse: number(0, 1000),
    doc: 'rotated files kept: `app.log.1` (newest) … `app.log.5`',
  }),
  logRequests: setting({
    env: 'LOG_REQUESTS',
    default: 'true',
    parse: bool,
    doc: 'one log line per request (`false` turns them off)',
  }),
  indexUrl: setting({
    env: 'INDEX_URL',
    default: '',
    parse: (value, env) => {
      try {
        if (value) locationFromUrl(value)
      } catch (error) {
        throw new Error(`config: ${env}: ${(error as Error).message}`)
      }
      return value
    },
    doc: `pull the index from object storage: \`s3://BUCKET/PREFIX\`, whose \`current.json\` names the build (\`build-index --publish\`); \`INDEX_DIR\` is then its local cache. Empty: \`INDEX_DIR\` alone (${S3_DOCS})`,
  }),
  indexPollSeconds: setting({
    env: 'INDEX_POLL_SECONDS',
    default: '5',
    parse: number(0, 86400),
    doc: 'how often to look for a newly published or changed index in `INDEX_DIR` and at `INDEX_URL` (0 = never; SIGHUP also looks; changes in `INDEX_DIR` are also noticed at once through `fs.watch`)',
  }),
  indexStoreTimeoutSeconds: setting({
    env: 'INDEX_STORE_TIMEOUT_SECONDS',
    default: '10',
    parse: number(0.1, 3600),
    doc: `how long a request to the index store (\`INDEX_URL\`) may wait for its answer, and a download for its next bytes, before it is tried again (${S3_DOCS})`,
  }),
  indexMode: setting({
    env: 'INDEX_MODE',
    default: 'copy',
    parse: oneOf(['copy', 'mmap', 'memory']),
    doc: "`copy`: serve a private, checked copy of each build, made in `INDEX_DIR.serving/<buildId>/` beside `INDEX_DIR` and mapped read-only, so nothing written into `INDEX_DIR` can reach a served byte (costs the index's size again on disk, and a copy at each new build: [Trust](#trust)); `mmap`: map `INDEX_DIR`'s own files, zero copy (for a directory nobody writes: a read-only image, a pull's own cache); `memory`: read them into RAM, costing their size (a read-only mount others may write, NFS/EFS)",
  }),
  cacheMB: setting({
    env: 'CACHE_MB',
    default: '32',
    parse: number(0, 4096),
    doc: 'memory for finished response bodies (0 = none)',
  }),
  compress: setting({
    env: 'COMPRESS',
    default: 'true',
    parse: bool,
    doc: `br/gzip bodies over ${COMPRESS_MIN_TEXT} when the client accepts it (\`off\` for an origin behind a CDN that compresses: \`Vary\` then leaves out \`Accept-Encoding\`)`,
  }),
  cacheMaxAge: setting({
    env: 'CACHE_MAX_AGE',
    default: '300',
    parse: seconds,
    doc: 'seconds a browser may reuse a data answer (`max-age`)',
  }),
  cacheSMaxAge: setting({
    env: 'CACHE_S_MAXAGE',
    default: '300',
    parse: seconds,
    doc: 'seconds a shared cache (a CDN) may reuse one (`s-maxage`): how long a new build may take to reach clients through it',
  }),
  cacheStaleWhileRevalidate: setting({
    env: 'CACHE_STALE_WHILE_REVALIDATE',
    default: '60',
    parse: seconds,
    doc: 'seconds a cache may answer with an expired copy while it fetches a fresh one (0 = left out)',
  }),
  cacheStaleIfError: setting({
    env: 'CACHE_STALE_IF_ERROR',
    default: '86400',
    parse: seconds,
    doc: 'seconds a cache may answer with an expired copy while the origin fails (0 = left out)',
  }),
  corsOrigin: setting({
    env: 'CORS_ORIGIN',
    default: '*',
    parse: text,
    doc: '`Access-Control-Allow-Origin`',
  }),
}

type Settings = typeof SETTINGS

/** Resolved configuration: each setting's value, named as in SETTINGS (meanings there). */
export type Config = { [K in keyof Settings]: ReturnType<Settings[K]['parse']> }

/** Reads the configuration from `env` (defaults where unset). Throws on invalid values. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const config: Record<string, unknown> = {}
  for (const [key, s] of Object.entries(SETTINGS))
    config[key] = s.parse(env[s.env] ?? s.default, s.env)
  return config as Config
}
