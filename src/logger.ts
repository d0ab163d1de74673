/**
 * The one pino logger. Its destinations are in-process: pino's worker-thread transports do
 * not work inside a `bun build --compile` binary. Each destination is a Bun FileSink (a
 * native buffered writer) on stdout or on the log file, opened for appending, combined with
 * `pino.multistream`. pino's own `pino.destination` (SonicBoom over node:fs) spent 14 % of a
 * /rankings answer in its write path under load; the FileSink copies a line into its
 * buffer and writes in 64 KB batches (bench/README.md: logging on vs off). Buffered lines
 * reach the file within 200 ms, and at once on flush (shutdown, fatal errors).
 */
import { mkdirSync, openSync } from 'node:fs'
import { dirname } from 'node:path'
import type { FileSink } from 'bun'
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

/** A pino destination on a FileSink: `write` buffers, `flushSync` writes out. */
function sinkDestination(sink: FileSink) {
  return {
    write(line: string) {
      sink.write(line)
      return true
    },
    flushSync() {
      sink.flush()
    },
  }
}

/**
 * A logger writing JSON lines to stdout and, when `logFile` is set, to that file too, plus
 * `requestLog` for the per-request line: the very line `logger.info(facts)` writes (same
 * fields, level and time), formatted directly and written to the same destinations. pino's
 * generic serialisation of that object cost 15 % of a cached /rankings answer; this costs a
 * template string. Every value is a number or comes from a fixed set (routes, methods) or a
 * validated request id.
 */
export function createLogger(config: Pick<Config, 'logLevel' | 'logFile'>): {
  logger: Logger
  requestLog: RequestLog
  flush: () => void
} {
  const sinks: FileSink[] = [Bun.file(1).writer({ highWaterMark: 64 * 1024 })]
  if (config.logFile) {
    mkdirSync(dirname(config.logFile), { recursive: true })
    sinks.push(Bun.file(openSync(config.logFile, 'a')).writer({ highWaterMark: 64 * 1024 }))
  }
  const destinations = sinks.map(sinkDestination)
  const logger = pino(
    { level: config.logLevel, base: undefined, timestamp: pino.stdTimeFunctions.epochTime },
    destinations.length === 1
      ? destinations[0]
      : pino.multistream(destinations.map((stream) => ({ level: 'trace' as const, stream }))),
  )
  const flush = () => {
    drain()
    for (const sink of sinks) {
      try {
        sink.flush()
      } catch {}
    }
  }
  const timer = setInterval(flush, 200)
  timer.unref?.()
  const enabled = logger.isLevelEnabled('info')
  // Lines of one event-loop turn are joined and handed to the sinks once (0.23 against
  // 0.5 µs a line measured); pino's own lines go straight through.
  let pending = ''
  let scheduled = false
  const drain = () => {
    scheduled = false
    if (pending === '') return
    for (const sink of sinks) sink.write(pending)
    pending = ''
  }
  const requestLog: RequestLog = (f) => {
    if (!enabled) return
    const method = TOKEN.test(f.method) ? f.method : 'OTHER'
    const bytes = f.bytes === undefined ? '' : `,"bytes":${f.bytes}`
    pending += `{"level":30,"time":${Date.now()},"reqId":"${f.reqId}","method":"${method}","route":"${f.route}","status":${f.status},"ms":${f.ms}${bytes}}\n`
    if (!scheduled) {
      scheduled = true
      setImmediate(drain)
    }
  }
  return { logger, requestLog, flush }
}
