/**
 * The synthetic charts dataset: the real schema and structure (Global + real regions,
 * daily top200 and viral50, regions joining later, missing days, Zipf-like popularity,
 * tracks holding runs of days with a matching trend, multi-artist credits, comma names,
 * accents and other scripts, quotes in titles, null streams on viral50), deterministic
 * for a seed. Rows are produced one region at a time, so memory stays bounded by a region.
 */
import { hashPair, Random } from './random.ts'
import {
  FEATURED_ARTISTS,
  NAME_ACCENTED,
  NAME_PREFIXES,
  NAME_SYLLABLES,
  NON_LATIN_NAMES,
  NON_LATIN_TITLES,
  REGIONS,
  TITLE_WORDS,
} from './synthetic-names.ts'

/** Size of a synthetic dataset. */
export interface Scale {
  regions: number
  days: number
  /** new tracks released per day */
  releasesPerDay: number
  /** distinct artists */
  artists: number
}

/** Named scales: `small` is the built-in sample; `full` is about the Kaggle size (~26 M rows). */
export const SCALES: Record<string, Scale> = {
  tiny: { regions: 4, days: 21, releasesPerDay: 20, artists: 300 },
  small: { regions: 10, days: 92, releasesPerDay: 30, artists: 2_000 },
  medium: { regions: 30, days: 365, releasesPerDay: 60, artists: 10_000 },
  full: { regions: 70, days: 1826, releasesPerDay: 90, artists: 40_000 },
}

/** First chart date of every dataset. */
export const START_DAY = Date.UTC(2017, 0, 1) / 86_400_000

/** Columnar rows of one region, in the Kaggle schema. */
export interface RowBatch {
  title: string[]
  rank: number[]
  date: string[]
  artist: string[]
  url: string[]
  region: string[]
  chart: string[]
  trend: string[]
  streams: (number | null)[]
}

interface Track {
  id: string
  title: string
  artist: string
  pop: number
  release: number
  /** how slowly its score decays, 0.80..0.995 */
  hold: number
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1)
}

function artistName(rng: Random): string {
  const r = rng.next()
  if (r < 0.05) return rng.pick(NON_LATIN_NAMES) + (rng.next() < 0.5 ? '' : ` ${rng.int(99)}`)
  const syl = () => rng.pick(NAME_SYLLABLES)
  const word = () => capitalize(syl() + syl() + (rng.next() < 0.4 ? syl() : ''))
  const first = r < 0.15 ? rng.pick(NAME_ACCENTED) : word()
  return `${rng.pick(NAME_PREFIXES)}${first}${rng.next() < 0.6 ? ` ${word()}` : ''}`
}

function trackTitle(rng: Random): string {
  const r = rng.next()
  if (r < 0.06)
    return rng.pick(NON_LATIN_TITLES) + (rng.next() < 0.3 ? ` (${rng.pick(TITLE_WORDS)})` : '')
  const words = 1 + rng.int(3)
  const parts: string[] = []
  for (let i = 0; i < words; i++) parts.push(rng.pick(TITLE_WORDS))
  let title = parts.join(' ')
  if (r < 0.1) title = `Say "${title}"`
  else if (r < 0.14) title = `${title}, ${rng.pick(TITLE_WORDS)}`
  else if (r < 0.18) title = `Don't ${title}`
  else if (r < 0.22) title = `${title} - Remix`
  return title
}

/** The catalog of a dataset: artists and tracks with release days and popularity. */
export class Catalog {
  readonly artists: string[] = []
  readonly tracks: Track[] = []
  /** index of the first track released on day d (d = 0..days) */
  readonly releaseStart: number[] = []

  constructor(scale: Scale, seed: number) {
    const rng = new Random(seed ^ 0x51f15e)
    const seen = new Set<string>()
    for (const name of FEATURED_ARTISTS) {
      this.artists.push(name)
      seen.add(name)
    }
    while (this.artists.length < scale.artists) {
      const name = artistName(rng)
      if (seen.has(name)) continue
      seen.add(name)
      this.artists.push(name)
    }
    // Zipf-like: the artist at position i is drawn with weight ~ 1/(i+1)
    const pickArtist = () =>
      Math.min(
        this.artists.length - 1,
        Math.floor(Math.exp(rng.next() * Math.log(this.artists.length + 1))) - 1,
      )
    const ids = new Set<string>()
    const backCatalog = scale.releasesPerDay * 40
    for (let day = -1; day < scale.days; day++) {
      this.releaseStart.push(this.tracks.length)
      const count = day < 0 ? backCatalog : scale.releasesPerDay
      for (let i = 0; i < count; i++) {
        let id = ''
        do {
          id = ''
          for (let k = 0; k < 22; k++) id += BASE62[rng.int(62)]
        } while (ids.has(id))
        ids.add(id)
        const main = this.artists[pickArtist()]
        const credits = [main]
        const extra = rng.next()
        if (extra < 0.25) credits.push(this.artists[pickArtist()])
        if (extra < 0.06) credits.push(this.artists[pickArtist()])
        const credit = [...new Set(credits)].join(', ')
        const u = rng.next()
        this.tracks.push({
          id,
          title: trackTitle(rng),
          artist: credit,
          pop: 0.02 + u * u * u,
          release: Math.max(day, 0),
          hold: 0.8 + rng.next() * 0.195,
        })
      }
    }
    this.releaseStart.push(this.tracks.length)
  }
}

/** Day (0-based) a region's data starts: the first half from day 0, the rest joining later. */
export function regionStartDay(regionIndex: number, scale: Scale): number {
  if (regionIndex < Math.ceil(scale.regions / 2)) return 0
  return Math.floor(hashPair(regionIndex, 7) * scale.days * 0.6)
}

const TRENDS = ['SAME_POSITION', 'MOVE_UP', 'MOVE_DOWN', 'NEW_ENTRY']

/**
 * Rows of one region (both charts, every day it has), appended to `out`.
 * Each chart keeps a pool of scored tracks: scores decay at the track's own pace,
 * newcomers enter from recent releases weighted by popularity and local taste,
 * and the chart of the day is the pool sorted by score.
 */
export function generateRegion(
  catalog: Catalog,
  scale: Scale,
  seed: number,
  regionIndex: number,
  out: RowBatch,
): void {
  const region = REGIONS[regionIndex]
  const startDay = regionStartDay(regionIndex, scale)
  for (const [chart, size, churn] of [
    ['top200', 200, 8],
    ['viral50', 50, 6],
  ] as const) {
    const rng = new Random(seed * 7919 + regionIndex * 31 + size)
    const scores = new Map<number, number>()
    let previous = new Map<number, number>()
    for (let day = startDay; day < scale.days; day++) {
      // a few days are missing from the data, as in the real charts
      const missing = day > startDay && rng.next() < 0.004
      for (const [t, s] of scores) {
        const tr = catalog.tracks[t]
        const next =
          s * (chart === 'viral50' ? tr.hold * 0.93 : tr.hold) * (0.95 + rng.next() * 0.1)
        if (next < 0.02) scores.delete(t)
        else scores.set(t, next)
      }
      const wanted =
        day === startDay
          ? size * 1.3
          : churn + (scores.size < size * 1.2 ? size * 1.2 - scores.size : 0)
      const windowStart = catalog.releaseStart[Math.max(0, day - 90)]
      const windowEnd = catalog.releaseStart[day + 2]
      let added = 0
      for (let tries = 0; added < wanted && tries < wanted * 200; tries++) {
        const t =
          day === startDay && rng.next() < 0.5
            ? rng.int(windowEnd)
            : windowStart + rng.int(windowEnd - windowStart)
        if (scores.has(t)) continue
        const tr = catalog.tracks[t]
        const taste = regionIndex === 0 ? 1 : 0.15 + 1.5 * hashPair(t, regionIndex)
        if (rng.next() > tr.pop * taste) continue
        scores.set(t, tr.pop * taste * (0.5 + rng.next()) * 10)
        added++
      }
      if (missing) continue
      const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, size)
      const date = new Date((START_DAY + day) * 86_400_000).toISOString().slice(0, 10)
      const today = new Map<number, number>()
      for (let i = 0; i < ranked.length; i++) {
        const t = ranked[i][0]
        const rank = i + 1
        today.set(t, rank)
        const before = previous.get(t)
        const trend = before === undefined ? 3 : before > rank ? 1 : before < rank ? 2 : 0
        const tr = catalog.tracks[t]
        out.title.push(tr.title)
        out.rank.push(rank)
        out.date.push(date)
        out.artist.push(tr.artist)
        out.url.push(`https://open.spotify.com/track/${tr.id}`)
        out.region.push(region.name)
        out.chart.push(chart)
        out.trend.push(TRENDS[trend])
        out.streams.push(
          chart === 'viral50'
            ? null
            : Math.round(region.size * 400_000 * rank ** -0.75 * (0.9 + rng.next() * 0.2)),
        )
      }
      previous = today
    }
  }
}

/** An empty batch. */
export function emptyBatch(): RowBatch {
  return {
    title: [],
    rank: [],
    date: [],
    artist: [],
    url: [],
    region: [],
    chart: [],
    trend: [],
    streams: [],
  }
}
