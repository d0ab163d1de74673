/**
 * Settings: one table, read from the environment once at startup and logged then.
 * The README's configuration table lists each (a test checks it).
 */

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
    default: 'data/index',
    help: 'directory of the built index (bun run build-index)',
  },
  {
    name: 'LOG_LEVEL',
    default: 'info',
    help: 'pino level: fatal, error, warn, info, debug, trace or silent',
  },
  {
    name: 'LOG_FILE',
    default: 'app.log',
    help: 'also log to this file; empty = stdout only (containers)',
  },
  {
    name: 'LOG_REQUESTS',
    default: 'true',
    help: 'one log line per request (false turns them off)',
  },
  {
    name: 'INDEX_POLL_SECONDS',
    default: '5',
    help: 'how often to look for a newly published index (0 = never; SIGHUP reloads too)',
  },
  {
    name: 'VERIFY_INDEX',
    default: 'true',
    help: 'check index file checksums in the background after start',
  },
  { name: 'CACHE_MB', default: '32', help: 'memory for finished response bodies (0 = no cache)' },
  {
    name: 'COMPRESS',
    default: 'true',
    help: 'br/gzip bodies over 1 KB when the client accepts it',
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
  logRequests: boolean
  indexPollSeconds: number
  verifyIndex: boolean
  cacheMB: number
  compress: boolean
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
  return {
    port: number(get('PORT'), 'PORT', 0, 65535),
    host: get('HOST'),
    indexDir: get('INDEX_DIR'),
    logLevel: level,
    logFile: get('LOG_FILE'),
    logRequests: bool(get('LOG_REQUESTS'), 'LOG_REQUESTS'),
    indexPollSeconds: number(get('INDEX_POLL_SECONDS'), 'INDEX_POLL_SECONDS', 0, 86400),
    verifyIndex: bool(get('VERIFY_INDEX'), 'VERIFY_INDEX'),
    cacheMB: number(get('CACHE_MB'), 'CACHE_MB', 0, 4096),
    compress: bool(get('COMPRESS'), 'COMPRESS'),
    corsOrigin: get('CORS_ORIGIN'),
  }
}
