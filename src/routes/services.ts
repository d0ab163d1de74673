/**
 * What every route plugin is built with: the server's long-lived parts. The facts of one
 * request are another thing, the RequestContext (src/http/context.ts).
 */
import type { Config } from '../config.ts'
import type { Responder } from '../http/respond.ts'
import type { Logger } from '../logger.ts'
import type { Metrics } from '../metrics.ts'
import type { IndexHolder } from '../store/index-holder.ts'
import type { IndexPuller } from '../store/pull-index.ts'

/** The server's parts a route reads: settings, the served index, the responder, logs, metrics. */
export interface Services {
  config: Config
  holder: IndexHolder
  /** the object-store source (INDEX_URL), or null: INDEX_DIR alone */
  puller: IndexPuller | null
  responder: Responder
  logger: Logger
  metrics: Metrics
}
