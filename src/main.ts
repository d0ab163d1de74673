/**
 * Server entry: read the configuration, log it, load the index, serve. SIGTERM/SIGINT
 * drain in-flight requests and exit 0; SIGHUP looks for a newly published index.
 */
import { loadConfig, SETTINGS } from './config.ts'
import { createLogger } from './logger.ts'
import { runServer } from './server.ts'

/** Starts the service; resolves once it listens. */
export function main(): void {
  let config: ReturnType<typeof loadConfig>
  try {
    config = loadConfig()
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`)
    process.exit(2)
  }
  const { logger, requestLog, flush, stats } = createLogger(config)
  const settings = Object.fromEntries(
    Object.values(SETTINGS).map((s) => [s.env, process.env[s.env] ?? s.default]),
  )
  logger.info({ settings, pid: process.pid, bun: Bun.version }, 'starting')
  let running: ReturnType<typeof runServer>
  try {
    running = runServer(config, logger, requestLog, stats)
  } catch (error) {
    if ((error as { code?: string }).code === 'EADDRINUSE') {
      logger.fatal({ host: config.host, port: config.port }, `port ${config.port} is in use`)
    } else {
      logger.fatal({ err: error }, 'cannot start')
    }
    flush()
    process.exit(1)
  }
  logger.info(
    { url: `http://${config.host}:${running.server.port}`, ready: running.holder.current !== null },
    'listening',
  )

  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'draining in-flight requests')
    const force = setTimeout(() => {
      logger.warn('drain timed out after 10 s; exiting')
      flush()
      process.exit(0)
    }, 10_000)
    await running.stop()
    clearTimeout(force)
    logger.info('stopped')
    flush()
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGHUP', () => {
    logger.info('SIGHUP: looking for a new index')
    void running.look()
  })
}

if (import.meta.main) main()
