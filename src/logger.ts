/**
 * The one pino logger. Destinations are in-process (`pino.destination` + `pino.multistream`):
 * pino's worker-thread transports do not work inside a `bun build --compile` binary.
 * Writes are asynchronous (SonicBoom buffers and writes between requests), so a request line
 * costs the hot path little (see bench/: logging on vs off).
 */
import pino from 'pino'
import type { Config } from './config.ts'

export type Logger = pino.Logger

/** A logger writing JSON lines to stdout and, when `logFile` is set, to that file too. */
export function createLogger(config: Pick<Config, 'logLevel' | 'logFile'>): {
  logger: Logger
  flush: () => void
} {
  const stdout = pino.destination({ dest: 1, sync: false })
  const streams: pino.StreamEntry[] = [{ level: 'trace', stream: stdout }]
  const file = config.logFile
    ? pino.destination({ dest: config.logFile, sync: false, mkdir: true })
    : undefined
  if (file) streams.push({ level: 'trace', stream: file })
  const logger = pino(
    { level: config.logLevel, base: undefined, timestamp: pino.stdTimeFunctions.isoTime },
    pino.multistream(streams),
  )
  const flush = () => {
    for (const d of [stdout, file]) {
      try {
        d?.flushSync()
      } catch {}
    }
  }
  return { logger, flush }
}
