/** GET /number-ones: a region's #1 runs. */
import { t } from 'elysia'
import { isoFromDay } from '../../../schema/format.ts'
import { numberOnesJson } from '../../render/number-ones.ts'
import { numberOneRuns } from '../../store/number-ones.ts'
import {
  chartParam,
  type Defaulted,
  dateField,
  limitParam,
  noChart,
  offsetParam,
  regionParam,
  resolveRegionChart,
  yearParam,
} from '../params.ts'
import { rankingEntrySchema } from '../rankings/index.ts'
import { csvShapeOf, dataRoute, formatParam } from '../route.ts'

export const numberOnesQuery = t.Object({
  region: regionParam,
  chart: t.Optional(chartParam),
  year: t.Optional(yearParam('Only runs that start in this calendar year; default: all')),
  limit: t.Optional(limitParam(1000, 100)),
  offset: t.Optional(offsetParam),
  format: t.Optional(formatParam),
})

/** One #1 run (also the CSV's columns). */
export const numberOneRun = t.Object({
  trackId: rankingEntrySchema.properties.trackId,
  title: rankingEntrySchema.properties.title,
  artist: rankingEntrySchema.properties.artist,
  artists: rankingEntrySchema.properties.artists,
  url: rankingEntrySchema.properties.url,
  from: dateField({ description: 'First date of the run', examples: ['2017-01-06'] }),
  to: dateField({ description: 'Last date of the run', examples: ['2017-02-09'] }),
  days: t.Integer({ description: 'Chart dates in the run', examples: [35] }),
})

export const numberOnesResponse = t.Object({
  region: t.String({ examples: ['Global'] }),
  chart: t.String({ examples: ['top200'] }),
  year: t.Union([t.Integer(), t.Null()], {
    description: 'The year asked for; null = all',
    examples: [2017],
  }),
  total: t.Integer({ description: 'Runs kept (before limit and offset)' }),
  offset: t.Integer(),
  limit: t.Integer(),
  runs: t.Array(numberOneRun, {
    description:
      "Maximal runs of consecutive dates of the region's own date list (gaps in the calendar do not end a run) with the same track at rank 1, ascending by from",
  }),
})

const csv = csvShapeOf('runs', numberOneRun, {
  context: ['region', 'chart'],
  name: (b) => [b.region, b.chart, 'number-ones', b.year] as string[],
})

export const numberOnesRoute = dataRoute({
  path: '/number-ones',
  query: numberOnesQuery,
  response: numberOnesResponse,
  notFound: true,
  csv,
  detail: {
    summary: "A region's #1 runs",
    description:
      'Who held rank 1 of the chart (default top200) in the region, run by run: a run is a maximal ' +
      "sequence of consecutive dates of the region's own date list with the same track at #1 " +
      '(a missing day in the data does not end it), `days` long, ascending by `from`. `year` keeps ' +
      'runs that start in it (a 404 lists the years there are). CSV with `format=csv` or `Accept: text/csv`.',
    tags: ['charts'],
  },
  answer({ query, index }) {
    const {
      chart: chartName,
      offset,
      limit,
    } = query as Defaulted<typeof query, 'chart' | 'offset' | 'limit'>
    const { region, chart, dates } = resolveRegionChart(index, { ...query, chart: chartName })
    const year = query.year ?? null
    if (year !== null) {
      const years = [...new Set(Array.from(dates, (d) => isoFromDay(d).slice(0, 4)))]
      if (!years.includes(String(year))) throw noChart(index, chartName, region, year, years)
    }
    return {
      canonical: `number-ones|${region}|${chartName}|${year}|${offset}|${limit}`,
      render: () => {
        const all = numberOneRuns(chart, region)
        const runs =
          year === null ? all : all.filter((r) => isoFromDay(r.from).startsWith(`${year}-`))
        return numberOnesJson(index, { region, chart: chartName, year, runs, offset, limit })
      },
    }
  },
})
