/**
 * kworb's staples (docs/API.md) computed naively from the raw rows, written without the
 * server's code: a track's figures per chart and region with its days at its peak and at #1,
 * its #1 runs and best day, each track's longest streak, the daily top artists, an artist's
 * streams per day and its lead and featured split. Tests compare the server's answers to these.
 */

import { naiveNumberOnes, naiveRankings, naiveTrackFigures } from './charts-naive.ts'
import { naiveKey, naiveSplit, type RawRow } from './helpers.ts'
import { idOf } from './periods-naive.ts'

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * /tracks/{trackId}'s `charts` items per `chart|region` of the track: its figures there (as on
 * /artist) and kworb's staples.
 */
export function naiveTrackCharts(rows: RawRow[], trackId: string) {
  const out = new Map<string, unknown>()
  const mine = rows.filter((r) => idOf(r.url) === trackId)
  for (const key of new Set(mine.map((r) => `${r.chart}|${r.region}`))) {
    const [chart, region] = key.split('|')
    const here = mine.filter((r) => r.chart === chart && r.region === region)
    const figures = naiveTrackFigures(here)
    const withStreams = here.filter((r) => r.streams !== null)
    const most = Math.max(...withStreams.map((r) => r.streams as number))
    out.set(key, {
      chart,
      region,
      ...figures,
      daysAtPeak: here.filter((r) => r.rank === figures.peakRank).length,
      daysAtNumberOne: here.filter((r) => r.rank === 1).length,
      numberOneRuns: naiveNumberOnes(rows, chart, region)
        .filter((run) => run.trackId === trackId)
        .map(({ from, to, days }) => ({ from, to, days })),
      bestDay: withStreams.length
        ? {
            date: withStreams
              .filter((r) => r.streams === most)
              .map((r) => r.date)
              .sort(byString)[0],
            streams: most,
          }
        : null,
    })
  }
  return out
}

/** /streaks of a chart and region: each track's longest streak, in the answer's order. */
export function naiveStreaks(rows: RawRow[], chart: string, region: string) {
  const { dates, rankings } = naiveRankings(rows, chart, region)
  const best = new Map<string, { days: number; from: string; to: string }>()
  const running = new Map<string, { days: number; from: string }>()
  dates.forEach((date, pos) => {
    const on = new Set(rankings.get(date)!.map((e) => e.trackId))
    for (const id of on) {
      const before = pos > 0 && rankings.get(dates[pos - 1])!.some((e) => e.trackId === id)
      const run = before ? running.get(id)! : { days: 0, from: date }
      run.days++
      running.set(id, run)
      const kept = best.get(id)
      if (!kept || run.days > kept.days) best.set(id, { days: run.days, from: run.from, to: date })
    }
  })
  const last = dates.at(-1)
  return [...best.entries()]
    .map(([trackId, s]) => ({ trackId, ...s, current: s.to === last }))
    .sort((a, b) => b.days - a.days || byString(b.to, a.to) || byString(a.trackId, b.trackId))
    .map((s, i) => ({ rank: i + 1, ...s }))
}

/** The artists of one day's top200 rows of a region, in the answer's order. */
function dayArtists(rows: RawRow[], region: string, date: string) {
  const artists = new Map<string, { name: string; streams: number; tracks: number; best: number }>()
  for (const r of rows) {
    if (r.chart !== 'top200' || r.region !== region || r.date !== date) continue
    for (const name of naiveSplit(r.artist)) {
      const a = artists.get(naiveKey(name)) ?? { name, streams: 0, tracks: 0, best: 999 }
      a.streams += r.streams ?? 0
      a.tracks++
      a.best = Math.min(a.best, r.rank)
      artists.set(naiveKey(name), a)
    }
  }
  return [...artists.entries()].sort(
    (a, b) => b[1].streams - a[1].streams || byString(a[1].name, b[1].name),
  )
}

/** /rankings/artists of a region and date (names by their naive key). */
export function naiveArtistChart(rows: RawRow[], region: string, date: string) {
  const { dates } = naiveRankings(rows, 'top200', region)
  const pos = dates.indexOf(date)
  const before =
    pos > 0 ? dayArtists(rows, region, dates[pos - 1]).map(([key]) => key) : ([] as string[])
  return dayArtists(rows, region, date).map(([key, a], i) => ({
    rank: i + 1,
    key,
    streams: a.streams,
    tracks: a.tracks,
    bestRank: a.best,
    previousRank: before.includes(key) ? before.indexOf(key) + 1 : null,
  }))
}

/** /artist/daily of an artist (by naive key) in one region and chart. */
export function naiveArtistDays(rows: RawRow[], key: string, chart: string, region: string) {
  const byDate = new Map<string, RawRow[]>()
  for (const r of rows) {
    if (r.chart !== chart || r.region !== region) continue
    if (!naiveSplit(r.artist).some((n) => naiveKey(n) === key)) continue
    byDate.set(r.date, [...(byDate.get(r.date) ?? []), r])
  }
  return [...byDate.entries()]
    .sort((a, b) => byString(a[0], b[0]))
    .map(([date, list]) => {
      const withStreams = list.filter((r) => r.streams !== null)
      return {
        date,
        streams: withStreams.length
          ? withStreams.reduce((n, r) => n + (r.streams as number), 0)
          : null,
        tracks: list.length,
        bestRank: Math.min(...list.map((r) => r.rank)),
      }
    })
}
