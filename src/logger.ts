/**
 * The one pino logger. Destinations are in-process (`pino.destination` + `pino.multistream`):
 * pino's worker-thread transports do not work inside a `bun build --compile` binary.
 * Writes are asynchronous (SonicBoom buffers and writes between requests), so a request line
 * costs the hot path little (see bench/: logging on vs off). Timestamps are epoch milliseconds:
 * formatting an ISO date per line cost more than the rest of the line.
 */
import pino from 'pino'
import type { Config } from './config.ts'

export type Logger = pino.Logger

/** The facts of one request's log line. */
export interface RequestFacts {
  reqId: string
  method: string
  route: string
  status: number
  ms: number
  bytes?: number
}

/** Writes one request's line (level info). */
export type RequestLog = (facts: RequestFacts) => void

const TOKEN = /^[A-Za-z]+$/

/**
 * A logger writing JSON lines to stdout and, when `logFile` is set, to that file too, plus
 * `requestLog` for the per-request line: the very line `logger.info(facts)` writes (same
 * fields, level and time), formatted directly and written to the same pino destinations.
 * pino's generic serialisation of that object cost 15 % of a cached /rankings answer; this
 * costs a template string (bench/README.md: logging on vs off). Every value is a number or
 * comes from a fixed set (routes, methods) or a validated request id.
 */
export function createLogger(config: Pick<Config, 'logLevel' | 'logFile'>): {
  logger: Logger
  requestLog: RequestLog
  flush: () => void
} {
  const stdout = pino.destination({ dest: 1, sync: false })
  const streams: pino.StreamEntry[] = [{ level: 'trace', stream: stdout }]
  const file = config.logFile
    ? pino.destination({ dest: config.logFile, sync: false, mkdir: true })
    : undefined
  if (file) streams.push({ level: 'trace', stream: file })
  const logger = pino(
    { level: config.logLevel, base: undefined, timestamp: pino.stdTimeFunctions.epochTime },
    pino.multistream(streams),
  )
  const enabled = logger.isLevelEnabled('info')
  // Request lines are batched per event-loop turn: one destination write (and one syscall)
  // for all the requests answered in that turn, instead of one per request, which cost 20 %
  // of a cached answer (bench/README.md). Other lines go through pino as they come.
  let pending = ''
  let scheduled = false
  const drain = () => {
    scheduled = false
    if (pending === '') return
    const chunk = pending
    pending = ''
    stdout.write(chunk)
    file?.write(chunk)
  }
  const requestLog: RequestLog = (f) => {
    if (!enabled) return
    const method = TOKEN.test(f.method) ? f.method : 'OTHER'
    const bytes = f.bytes === undefined ? '' : `,"bytes":${f.bytes}`
    pending += `{"level":30,"time":${Date.now()},"reqId":"${f.reqId}","method":"${method}","route":"${f.route}","status":${f.status},"ms":${f.ms}${bytes}}\n`
    if (pending.length > 65536) drain()
    else if (!scheduled) {
      scheduled = true
      setImmediate(drain)
    }
  }
  const flush = () => {
    drain()
    for (const d of [stdout, file]) {
      try {
        d?.flushSync()
      } catch {}
    }
  }
  return { logger, requestLog, flush }
}
