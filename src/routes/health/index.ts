/**
 * GET /health (liveness: the process answers), GET /ready (readiness: a checked index is
 * served, the build and where it came from; 503 `no index loaded` or `index refused`
 * otherwise) and GET /metrics (Prometheus).
 */
import { Elysia, t } from 'elysia'
import type { IndexManifest } from '../../../schema/format.ts'
import { noIndex } from '../../errors.ts'
import { dateField, errorSchema } from '../params.ts'
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
    state: t.UnionEnum(['current', 'pulling', 'retrying', 'refused', 'unknown', 'local'], {
      description:
        'why the served build is or is not the latest: current (it is), pulling (the latest is being downloaded and checked), retrying (the store failed to answer or deliver it: tried again at the next look), refused (the latest failed its checks: tried again when its pointer or objects change), unknown (the store has not answered yet), local (INDEX_DIR alone: no store)',
    }),
    reason: t.Nullable(
      t.String({
        description:
          'what failed, when state is retrying or refused: the object and the cause (GET s3://…/catalog.fb: 503 SlowDown), or the check the build failed',
      }),
    ),
  },
  { description: 'where the served index comes from' },
)

const inputSchema = t.Object(
  {
    kind: t.UnionEnum(['kaggle', 'download'], {
      description:
        'kaggle: the Kaggle "Spotify Charts" layout (parquet or CSV); download: CSVs of the download button of charts.spotify.com',
    }),
    synthetic: t.Boolean({ description: 'written by gen-data: invented songs' }),
    files: t.Integer({ description: 'files read' }),
    firstDate: t.Nullable(dateField({ description: 'first day its rows cover; null: none kept' })),
    lastDate: t.Nullable(dateField({ description: 'last day its rows cover; null: none kept' })),
  },
  { description: 'the inputs of one kind' },
)

/** How many input names /ready spells out before "and N more". */
const NAMES_SHOWN = 3

/**
 * What the index was built from, for /ready: synthetic when gen-data wrote any input; the
 * inputs' names (the first few); per kind of input (and synthetic or not) its files and the
 * days they cover.
 */
function sourceOf(manifest: IndexManifest) {
  const { kind, inputs } = manifest.source
  const names = inputs.map((i) => i.name)
  const name =
    names.length > NAMES_SHOWN
      ? `${names.slice(0, NAMES_SHOWN).join(', ')} and ${names.length - NAMES_SHOWN} more`
      : names.join(', ')
  const inputSummary: {
    kind: 'kaggle' | 'download'
    synthetic: boolean
    files: number
    firstDate: string | null
    lastDate: string | null
  }[] = []
  const byKind = new Map<string, (typeof inputSummary)[number]>()
  for (const i of inputs) {
    const key = `${i.kind}|${i.synthetic}`
    let entry = byKind.get(key)
    if (!entry) {
      entry = { kind: i.kind, synthetic: i.synthetic, files: 0, firstDate: null, lastDate: null }
      byKind.set(key, entry)
      inputSummary.push(entry)
    }
    entry.files += i.files
    if (i.firstDate && (!entry.firstDate || i.firstDate < entry.firstDate))
      entry.firstDate = i.firstDate
    if (i.lastDate && (!entry.lastDate || i.lastDate > entry.lastDate)) entry.lastDate = i.lastDate
  }
  return { kind, name, inputs: inputSummary }
}

/** Where the served index comes from (no local path: those go to the log only). */
function originOf(services: Services) {
  const p = services.puller
  if (!p) return { url: null, latest: null, checkedAt: null, state: 'local' as const, reason: null }
  return {
    url: services.config.indexUrl,
    latest: p.latest,
    checkedAt: p.checkedAt,
    state: p.state,
    reason: p.reason,
  }
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
            source: sourceOf(index.manifest),
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
                      'synthetic: gen-data wrote an input (sample data, invented songs); file: none did',
                  }),
                  name: t.String({
                    description:
                      'the inputs (files and folders) the index was built from, joined by ", " (past three: "and N more")',
                    examples: ['sample.parquet'],
                  }),
                  inputs: t.Array(inputSchema, {
                    description: 'per kind of input, synthetic or not: its files and days',
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
