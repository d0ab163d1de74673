/**
 * Types for the web app's JSDoc (src/web/*.mjs, checked by `tsc -p src/web`; this file is
 * not served). The answers are the OpenAPI document's, through client/api.d.ts (generated
 * by `npm run openapi-types`), so a view reading a field the API does not have fails the
 * type check.
 */
import type { paths } from '../../client/api.d.ts'

/** A GET path as the app writes it (`/tracks/<id>/history`) → its OpenAPI path. */
type Route<P extends string> = P extends keyof paths
  ? P
  : P extends `/tracks/${string}/history`
    ? '/tracks/{trackId}/history'
    : P extends `/tracks/${string}`
      ? '/tracks/{trackId}'
      : never

/** The JSON answer (status 200) of GET `P`. */
export type Answer<P extends string> = paths[Route<P>]['get'] extends {
  responses: { 200: { content: { 'application/json': infer A } } }
}
  ? A
  : never

/** A query's values as the app passes them (null, undefined and '' are left out). */
export type Query = Record<string, string | number | null | undefined>

/** What every view is called with: the hash's path parts after the view, its query, and a
 * signal aborted when the view is left. */
export interface ViewContext {
  parts: string[]
  params: URLSearchParams
  signal: AbortSignal
}

/** A region of `/regions`. */
export type Region = Answer<'/regions'>['regions'][number]

/** A chart of the API. */
export type Chart = 'top200' | 'viral50'

/** A chart view's kind (`#/chart/<region>/<kind>`). */
export type ChartKind = 'daily' | 'viral' | 'weekly'

/** Content `h` and `fill` take: nested arrays flattened, null/undefined/false left out. */
export type Child = Node | string | null | undefined | false | Child[]

/** A column of a list table (dom.mjs `table`). */
export interface Column<Row> {
  label: string
  short?: string
  class?: string
  cell: (row: Row) => Child
}

/** The paths whose answer is one region's (it names the region it chose): regionView's. */
export type RegionPath = {
  [P in keyof paths]: Answer<P> extends { region: string } ? P : never
}[keyof paths]

/** regionView's options (api.mjs). */
export interface RegionViewOptions<P extends RegionPath> {
  parts: string[]
  signal: AbortSignal
  /** The page's h1 for the region's name. */
  heading: (name: string) => string
  path: P
  query: Query
  /** The request in words (`the streaks`). */
  what: string
  /** The view's link for another region. */
  regionLink: (key: string) => string
  /** The view's link for a suggestion that is not a region (a year, a date). */
  suggestionLink?: (suggestion: string, key: string) => string
  /** More controls after the Region select. */
  fields?: (key: string, region: Region | undefined, list: Region[]) => Child
}

/** A track's history in every region (`/tracks/<id>/history` asked without `region`). */
export type History = Extract<Answer<'/tracks/{trackId}/history'>, { series: unknown }>

declare global {
  /** uPlot's script (/web/uplot.js, loaded by index.html) sets it; absent if that failed. */
  var uPlot: typeof import('uplot') | undefined
}

/** A track's history in one region (`/tracks/<id>/history?region=`). */
export type RegionHistory = Extract<Answer<'/tracks/{trackId}/history'>, { points: unknown }>
