/**
 * The one pino logger. Its destinations are in-process: pino's worker-thread transports do
 * not work inside a `bun build --compile` binary. stdout is a Bun FileSink (a native
 * buffered writer); the log file is a LogFile (log-file.ts: batched appends, size-based
 * rotation, failures counted, never fatal); both are combined with `pino.multistream`.
 * pino's own `pino.destination` (SonicBoom over node:fs) spent 14 % of a /rankings answer
 * in its write path under load; both destinations here only append a line to a buffer and
 * write in 64 KB batches (bench/RESULTS.md, "by hand", item 3; logging on vs off is the
 * "ours (no logs)" row of every run). Buffered lines reach their
 * destination within 200 ms, and at once on flush (shutdown, fatal errors).
 */
import type { FileSink } from 'bun'
import pino from 'pino'
import type { Config } from './config.ts'
import { LogFile, type LogStats } from './log-file.ts'

export type { LogStats } from './log-file.ts'

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

/** Where lines go: `write` buffers, `flush` writes out. */
interface Sink {
  write(text: string): unknown
  flush(): unknown
}

/** A pino destination on a sink. */
function sinkDestination(sink: Sink) {
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

/** The stdout sink (a Bun FileSink on fd 1). */
function stdoutSink(): FileSink {
  return Bun.file(1).writer({ highWaterMark: 64 * 1024 })
}

/**
 * A logger writing JSON lines to stdout and, when `logFile` is set, to that file too, plus
 * `requestLog` for the per-request line: the very line `logger.info(facts)` writes (same
 * fields, level and time), formatted directly and written to the same destinations. pino's
 * generic serialisation of that object cost 15 % of a cached /rankings answer; this costs a
 * template string. Every value is a number or comes from a fixed set (routes, methods) or a
 * validated request id.
 */
export function createLogger(
  config: Pick<Config, 'logLevel' | 'logFile'> & Partial<Pick<Config, 'logMaxMB' | 'logKeep'>>,
): {
  logger: Logger
  requestLog: RequestLog
  flush: () => void
  /** counters of the log file (for /metrics) */
  stats: LogStats
} {
  const stats: LogStats = { writeFailures: 0, droppedLines: 0, droppedBytes: 0, rotations: 0 }
  const sinks: Sink[] = [stdoutSink()]
  // the logger does not exist yet when the file is opened: its warnings wait for it
  const warnings: [Record<string, unknown>, string][] = []
  let warn = (fields: Record<string, unknown>, msg: string) => {
    warnings.push([fields, msg])
  }
  if (config.logFile) {
    const file = LogFile.open({
      path: config.logFile,
      maxBytes: (config.logMaxMB ?? 0) * 1024 * 1024,
      keep: config.logKeep ?? 0,
      stats,
      warn: (fields, msg) => warn(fields, msg),
    })
    if (file) sinks.push(file)
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
  warn = (fields, msg) => logger.warn(fields, msg)
  for (const [fields, msg] of warnings) warn(fields, msg)
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
  return { logger, requestLog, flush, stats }
}
