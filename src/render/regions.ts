/** Bodies of GET /regions and GET /dates: plain objects through JSON.stringify. */
import { isoFromDay } from '../../schema/format.ts'
import type { RegionInfo } from '../store/regions.ts'
import { jsonBytes } from './json-value.ts'

/** GET /regions. */
export function regionsJson(regions: RegionInfo[]): Uint8Array {
  return jsonBytes({
    regions: regions.map((r) => ({
      name: r.name,
      code: r.code,
      charts: r.charts,
      firstDate: isoFromDay(r.firstDate),
      lastDate: isoFromDay(r.lastDate),
      days: r.days,
    })),
  })
}

/** GET /dates. */
export function datesJson(region: string, chart: string, days: Uint16Array): Uint8Array {
  return jsonBytes({ region, chart, dates: Array.from(days, isoFromDay) })
}
