/**
 * GET /health (liveness: the process answers), GET /ready (readiness: a checked index is
 * served, the build and where it came from; 503 `no index loaded` or `index refused`
 * otherwise) and GET /metrics (Prometheus).
 */
import { Elysia, t } from 'elysia'
import { noIndex } from '../../errors.ts'
import { errorSchema } from '../params.ts'
import type { Services } from '../services.ts'

const originSchema = t.Object(
  {
    url: t.Nullable(
      t.String({ description: 'INDEX_URL the index is pulled from; null: INDEX_DIR alone' }),
    ),
    latest: t.Nullable(
      t.String({ description: "the build the store's current.json named at the last look" }),
    ),
    checkedAt: t.Nullable(t.String({ description: 'when the store last answered (ISO time)' })),
  },
  { description: 'where the served index comes from' },
)

/** Where the served index comes from (no local path: those go to the log only). */
function originOf(services: Services) {
  const p = services.puller
  if (!p) return { url: null, latest: null, checkedAt: null }
  return { url: services.config.indexUrl, latest: p.latest, checkedAt: p.checkedAt }
}

export function healthRoutes(services: Services) {
  return new Elysia({ name: 'health' })
    .get('/health', () => ({ status: 'ok' as const }), {
      response: { 200: t.Object({ status: t.Literal('ok') }) },
      detail: {
        summary: 'Liveness: the process answers (touches no data)',
        description: 'Always `{"status":"ok"}` while the process runs, index or not.',
        tags: ['operations'],
      },
    })
    .get(
      '/ready',
      () => {
        const index = services.holder.current
        if (!index) throw noIndex(services.holder.problem)
        return {
          status: 'ready' as const,
          index: {
            buildId: index.buildId,
            rows: index.manifest.rows.kept,
            builtAt: index.manifest.builtAt,
            source: { kind: index.manifest.source.kind, name: index.manifest.source.name },
            origin: originOf(services),
          },
        }
      },
      {
        response: {
          200: t.Object({
            status: t.Literal('ready'),
            index: t.Object({
              buildId: t.String(),
              rows: t.Integer(),
              builtAt: t.String(),
              source: t.Object(
                {
                  kind: t.UnionEnum(['synthetic', 'file'], {
                    description:
                      'synthetic: written by gen-data (sample data, invented songs); file: any other input',
                  }),
                  name: t.String({
                    description: 'File name of the input the index was built from',
                    examples: ['sample.parquet'],
                  }),
                },
                { description: 'What the index was built from' },
              ),
              origin: originSchema,
            }),
          }),
          503: errorSchema,
        },
        detail: {
          summary:
            'Readiness: a checked index is served (503 "no index loaded" or "index refused" otherwise)',
          description:
            'The served index: its build id, rows kept and build time. 503 until an index passed its check.',
          tags: ['operations'],
        },
      },
    )
    .get(
      '/metrics',
      () =>
        new Response(services.metrics.render(), {
          headers: {
            'Content-Type': 'text/plain; version=0.0.4; charset=utf-8',
            'Cache-Control': 'no-store',
          },
        }),
      {
        response: { 200: t.String({ description: 'Prometheus text exposition format' }) },
        detail: {
          summary: 'Prometheus metrics: requests, latency, index facts',
          description:
            'Prometheus text format: requests by route and status, a latency histogram, index facts and log write failures.',
          tags: ['operations'],
        },
      },
    )
}
