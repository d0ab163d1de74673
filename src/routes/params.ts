/**
 * Shared query parameter schemas (with the messages a client sees on a 400) and the
 * resolution of names and dates to index ids, with 404 suggestions.
 */
import { type TObject, Type } from '@sinclair/typebox'
import { t } from 'elysia'
import {
  type ChartName,
  dayFromIso,
  INDEX_YEARS,
  isoFromDay,
  LAST_DAY,
} from '../../schema/format.ts'
import { badParameter, ERROR_CODES, noIndex, notFound } from '../errors.ts'
import { findArtist, nearestArtists } from '../store/artists.ts'
import type { Index } from '../store/open-index.ts'
import {
  findDatePosition,
  findRegion,
  latestDatePosition,
  nearestDates,
  regionDates,
  suggestRegions,
} from '../store/regions.ts'
import type { Services } from './services.ts'

/** Longest name or query accepted. */
export const MAX_NAME = 200

export const regionParam = t.String({
  minLength: 1,
  maxLength: MAX_NAME,
  description:
    'Region name (case-, accent- and punctuation-insensitive) or ISO 3166-1 alpha-2 code in any case (`global` for Global, `uk` for gb); see /regions',
  examples: ['Global', 'united states', 'US', 'gb'],
  error: `region: required; a region name of at most ${MAX_NAME} characters (see /regions)`,
})

/**
 * The mark of a schema that holds a `YYYY-MM-DD` date, parameter or field: the OpenAPI
 * document gives it `format: date` (routes/docs/document.ts, which removes the mark). A
 * keyword of ours, which validation ignores.
 */
export const DATE_MARK = 'x-date'

/** A response field holding a `YYYY-MM-DD` date. */
export const dateField = (options: { description?: string; examples?: string[] } = {}) =>
  t.String({ ...options, [DATE_MARK]: true })

/** A `YYYY-MM-DD` date parameter (whether it is a real date: parseDay). */
export const dateParam = (name: string, description: string) =>
  t.String({
    pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
    description,
    examples: ['2017-03-01'],
    error: `${name}: must be a date YYYY-MM-DD`,
    [DATE_MARK]: true,
  })

/** A calendar year (of those an index can hold: INDEX_YEARS). */
export const yearParam = (description: string) =>
  integerParam({
    minimum: INDEX_YEARS.first,
    maximum: INDEX_YEARS.last,
    description,
    error: `year: must be a year from ${INDEX_YEARS.first} to ${INDEX_YEARS.last}`,
    examples: [2017],
  })

export const chartParam = t.UnionEnum(['top200', 'viral50'], {
  default: 'top200',
  description: 'Chart: top200 (default) or viral50',
  error: 'chart: must be top200 or viral50',
})

/**
 * An integer query parameter. Elysia's `t.Integer` accepts strings by being a union of a
 * string and an integer, which the OpenAPI document then shows as `string | integer`; a plain
 * TypeBox integer documents as `integer` with its bounds, and `coerceIntegersOf` (each route's
 * transform hook) turns the query's digit strings into numbers before validation.
 */
export function integerParam(options: {
  minimum: number
  maximum: number
  default?: number
  description: string
  error: string
  examples?: number[]
}) {
  return Type.Integer(options)
}

export const limitParam = (max: number, fallback: number) =>
  integerParam({
    minimum: 1,
    maximum: max,
    default: fallback,
    description: `Entries per page, 1..${max} (default ${fallback})`,
    error: `limit: must be an integer from 1 to ${max}`,
  })

export const offsetParam = integerParam({
  minimum: 0,
  maximum: 1_000_000,
  default: 0,
  description: 'Entries to skip (default 0)',
  error: 'offset: must be an integer from 0 to 1000000',
})

const INTEGER = /^-?[0-9]{1,15}$/

/**
 * A query as its handler sees it: Elysia fills in every schema default before validating, so
 * the parameters K (those whose schema has a default) are always there. Defaults live in the
 * schemas only (they also document them); a handler reads them through this type and never
 * restates them.
 */
export type Defaulted<Q, K extends keyof Q> = Omit<Q, K> & { [P in K]-?: Exclude<Q[P], undefined> }

/**
 * The transform hook of a route whose query schema `schema` has integer parameters (those
 * `integerParam` makes): their digit strings become numbers (anything else stays a string and
 * fails validation with the parameter's message). Undefined when it has none: no hook.
 */
export function coerceIntegersOf(schema: TObject) {
  const names = Object.entries(schema.properties)
    .filter(([, property]) => property.type === 'integer')
    .map(([name]) => name)
  if (names.length === 0) return undefined
  return ({ query }: { query: Record<string, unknown> }): void => {
    for (const name of names) {
      const value = query[name]
      if (typeof value === 'string' && INTEGER.test(value)) query[name] = Number(value)
    }
  }
}

/**
 * The error body (docs/API.md, src/errors.ts), as every route declares its errors; the
 * OpenAPI document names it once, as the `Error` component (routes/docs/document.ts).
 */
export const errorSchema = t.Object({
  error: t.Object({
    code: t.String({ enum: [...ERROR_CODES], examples: ['bad_parameter'] }),
    message: t.String({ examples: ['limit: must be an integer from 1 to 200'] }),
    parameter: t.Optional(t.String({ description: 'The parameter at fault (400)' })),
    suggestions: t.Optional(
      t.Array(t.String(), { description: 'Close names or the nearest dates (404)' }),
    ),
  }),
})

/** The open index, or a 503. */
export function requireIndex(services: Services): Index {
  const index = services.holder.current
  if (!index) throw noIndex(services.holder.problem)
  return index
}

/**
 * Artist id of a name, or a 404 suggesting the artist names closest to it by edit distance
 * (the suggestions /search gives when nothing matches).
 */
export function resolveArtist(index: Index, name: string): number {
  const id = findArtist(index, name)
  if (id < 0) throw notFound('unknown_artist', `no artist "${name}"`, nearestArtists(index, name))
  return id
}

/** Region id of a name, or a 404 with close names. */
export function resolveRegion(index: Index, name: string): number {
  const id = findRegion(index, name)
  if (id < 0) throw notFound('unknown_region', `no region "${name}"`, suggestRegions(index, name))
  return id
}

/**
 * Day number of a `YYYY-MM-DD` parameter, or a 400 when it is no real date. Any real date
 * of the years 0000 to 9999 is a day number, also outside the days an index holds (0 to
 * LAST_DAY): a date there has no chart (a 404 with the nearest dates), and as a bound of a
 * range it bounds nothing.
 */
export function parseDay(parameter: string, value: string): number {
  const day = dayFromIso(value)
  if (Number.isNaN(day)) throw badParameter(parameter, `${value} is not a real date`)
  return day
}

/**
 * The inclusive day range of optional `from` and `to` parameters (default: every day), held
 * to the days an index can hold; a 400 when `from` is after `to`.
 */
/** What a route taking `from` and `to` (parseDayRange) answers 400 for, in the document's words. */
export const DAY_RANGE_400 = '`from` after `to` (`error.parameter` is `from`)'

export function parseDayRange(from: string | undefined, to: string | undefined) {
  const first = from === undefined ? Number.NEGATIVE_INFINITY : parseDay('from', from)
  const last = to === undefined ? Number.POSITIVE_INFINITY : parseDay('to', to)
  if (first > last) throw badParameter('from', 'must not be after to')
  return { from: Math.max(first, 0), to: Math.min(last, LAST_DAY) }
}

/**
 * The 404 of a region without a chart (in a year: then `years` lists those it has), the one
 * wording every route gives.
 */
export function noChart(
  index: Index,
  chart: ChartName,
  region: number,
  year?: number,
  years: string[] = [],
) {
  const name = index.regions.text(region)
  return year === undefined
    ? notFound('unknown_date', `${name} has no ${chart} chart`)
    : notFound('unknown_date', `${name} has no ${chart} chart in ${year}`, years)
}

/**
 * A region's whole chart, as the routes over all its dates ask for it (`region`, `chart`):
 * the region, the chart and the region's dates on it, or the 404 of a region without one.
 */
export function resolveRegionChart(index: Index, query: { region: string; chart: ChartName }) {
  const region = resolveRegion(index, query.region)
  const chart = index.charts[query.chart]
  const dates = regionDates(chart, region)
  if (dates.length === 0) throw noChart(index, query.chart, region)
  return { region, chart, dates }
}

/** A region's charts of one kind by day, as a route looks one up (daily dates, weeks). */
export interface ChartCalendar {
  /** the parameter naming the day, and how a 404 says where it looked (`on`, `in the week of`) */
  parameter: string
  at: string
  /** position of the region's latest chart, -1 when it has none */
  latest(region: number): number
  /** position of the region's chart of `day`, -1 when none */
  find(region: number, day: number): number
  /** days of the region's charts nearest to `day` */
  nearest(region: number, day: number): number[]
}

/**
 * Position of a region's chart on the day `given` names (or its latest), or a 404: the region
 * has no such chart, or none of that day (with the nearest days).
 */
export function resolveChartDay(
  index: Index,
  chart: ChartName,
  region: number,
  given: string | undefined,
  calendar: ChartCalendar,
): number {
  if (given === undefined) {
    const pos = calendar.latest(region)
    if (pos < 0) throw noChart(index, chart, region)
    return pos
  }
  const day = parseDay(calendar.parameter, given)
  const pos = calendar.find(region, day)
  if (pos < 0) {
    throw notFound(
      'unknown_date',
      `no ${chart} chart for ${index.regions.text(region)} ${calendar.at} ${given}`,
      calendar.nearest(region, day).map(isoFromDay),
    )
  }
  return pos
}

/** Global date position of a date (or the latest) of a region on a chart, or a 404 with the nearest dates. */
export function resolveDate(
  index: Index,
  chart: ChartName,
  region: number,
  date: string | undefined,
): number {
  const c = index.charts[chart]
  return resolveChartDay(index, chart, region, date, {
    parameter: 'date',
    at: 'on',
    latest: (r) => latestDatePosition(c, r),
    find: (r, day) => findDatePosition(c, r, day),
    nearest: (r, day) => nearestDates(c, r, day),
  })
}
