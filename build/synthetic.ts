/**
 * The synthetic charts dataset: the real schema and structure (Global + the 70 real region
 * names, daily top200 and viral50, regions joining later, missing days), and a catalog shaped
 * like the real one: most artists and tracks are local to one region (their names often in
 * its script), a minority are international; popularity is Zipf-like, tracks hold runs of
 * days with a matching trend, credits have several artists, comma names, accents, quotes;
 * viral50 has null streams and top200 streams never rise with rank (the chart is ranked by
 * them). Deterministic for a seed. Rows are produced one region at a time, so memory stays
 * bounded by the catalog plus a region.
 */
import { lowerBound } from '../schema/lower-bound.ts'
import { hashPair, Random } from './random.ts'
import {
  FEATURED_ARTISTS,
  NAME_ACCENTED,
  NAME_PREFIXES,
  NAME_SYLLABLES,
  NON_LATIN_NAMES,
  NON_LATIN_TITLES,
  REGIONS,
  SCRIPT_SYLLABLES,
  TITLE_WORDS,
} from './synthetic-names.ts'
import { SHAPES, type Shape } from './synthetic-shapes.ts'

/** Size of a synthetic dataset. */
export interface Scale {
  regions: number
  days: number
  /** new tracks released per day, over all regions */
  releasesPerDay: number
  /** distinct artists */
  artists: number
}

/**
 * Named scales: `small` is the built-in sample; `full` is about the Kaggle size (~26 M rows,
 * about half a million charting tracks and 40 k charting artists).
 */
export const SCALES: Record<string, Scale> = {
  tiny: { regions: 4, days: 21, releasesPerDay: 20, artists: 300 },
  small: { regions: 10, days: 92, releasesPerDay: 40, artists: 2_000 },
  medium: { regions: 30, days: 365, releasesPerDay: 260, artists: 15_000 },
  full: { regions: 70, days: 1826, releasesPerDay: 600, artists: 45_000 },
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
  /** 0.02..1.02: how likely the track is to enter a chart, and how high */
  pop: number
  release: number
  /** how slowly its score decays, 0.80..0.995 */
  hold: number
  /** region index the track is at home in; 0 (Global) = international */
  home: number
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1)
}

function scriptWord(rng: Random, script: string, min: number, extra: number): string {
  const syllables = SCRIPT_SYLLABLES[script]
  let word = ''
  for (let i = min + rng.int(extra + 1); i > 0; i--) word += rng.pick(syllables)
  return capitalize(word)
}

function artistName(rng: Random, script: string | undefined): string {
  const r = rng.next()
  if (script && r < 0.6) {
    return (
      scriptWord(rng, script, 2, 1) + (rng.next() < 0.4 ? ` ${scriptWord(rng, script, 1, 2)}` : '')
    )
  }
  if (r < 0.03) return rng.pick(NON_LATIN_NAMES) + (rng.next() < 0.5 ? '' : ` ${rng.int(99)}`)
  const syl = () => rng.pick(NAME_SYLLABLES)
  const word = () => capitalize(syl() + syl() + (rng.next() < 0.4 ? syl() : ''))
  const first = r < 0.15 ? rng.pick(NAME_ACCENTED) : word()
  return `${rng.pick(NAME_PREFIXES)}${first}${rng.next() < 0.6 ? ` ${word()}` : ''}`
}

function trackTitle(rng: Random, script: string | undefined): string {
  const r = rng.next()
  if (script && r < 0.5) {
    const title = scriptWord(rng, script, 1, 3)
    return rng.next() < 0.2 ? `${title} (${rng.pick(TITLE_WORDS)})` : title
  }
  if (r < 0.04)
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

/** Cumulative weights for drawing an index in proportion to `weights`. */
function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length)
  let sum = 0
  weights.forEach((w, i) => {
    sum += w
    out[i] = sum
  })
  return out.map((x) => x / sum)
}

/** An index drawn from cumulative weights (binary search on a uniform draw). */
function draw(cum: Float64Array, u: number): number {
  return lowerBound(0, cum.length - 1, (i) => cum[i] <= u)
}

/**
 * Share of a country's chart newcomers that are its own tracks: every chart has the same
 * number of places, big markets fill more of them locally (default shape: ~0.65 in the US,
 * ~0.3 in Andorra).
 */
function localShare(shape: Shape, regionIndex: number): number {
  return shape.localShare(REGIONS[regionIndex].size)
}

/** Releases (and artists) per home region: in proportion to the local places it fills. */
function homeWeights(shape: Shape, regions: number): number[] {
  const weights = [0]
  for (let r = 1; r < regions; r++) weights.push(localShare(shape, r))
  const local = weights.reduce((a, b) => a + b, 0)
  weights[0] = regions === 1 ? 1 : (local * shape.international) / (1 - shape.international)
  return weights
}

/** The catalog of a dataset: artists and tracks with home regions, release days and popularity. */
export class SyntheticCatalog {
  readonly artists: string[] = []
  readonly tracks: Track[] = []
  /** per home region: its track indices in release order */
  readonly byHome: number[][]
  /** per home region h: byHome[h] index of the first track released on day d - 1 (d = 0..days + 1) */
  readonly homeDayStart: Uint32Array[]

  constructor(
    scale: Scale,
    seed: number,
    readonly shape: Shape = SHAPES.default,
  ) {
    const rng = new Random(seed ^ 0x51f15e)
    const regions = Math.max(1, Math.min(scale.regions, REGIONS.length))
    const homes = cumulative(homeWeights(shape, regions))
    const artistCount = Math.round(scale.artists * shape.artistShare)
    const artistsByHome: number[][] = Array.from({ length: regions }, () => [])
    const seen = new Set<string>()
    // featured artists are international and the most popular of their home
    for (const name of FEATURED_ARTISTS) {
      artistsByHome[0].push(this.artists.length)
      this.artists.push(name)
      seen.add(name)
    }
    while (this.artists.length < artistCount) {
      const home = draw(homes, rng.next())
      const name = artistName(rng, REGIONS[home].script)
      if (seen.has(name)) continue
      seen.add(name)
      artistsByHome[home].push(this.artists.length)
      this.artists.push(name)
    }
    for (let h = 0; h < regions; h++)
      if (artistsByHome[h].length === 0) artistsByHome[h] = artistsByHome[0]
    // half Zipf-like (the artist at position i with weight ~ 1/(i+1)), half uniform: a few
    // stars with many tracks, a long tail with one or two each
    const pickArtist = (home: number) => {
      const list = artistsByHome[home]
      const i =
        rng.next() < 0.5
          ? Math.floor(Math.exp(rng.next() * Math.log(list.length + 1))) - 1
          : rng.int(list.length)
      return this.artists[list[Math.min(list.length - 1, i)]]
    }
    this.byHome = Array.from({ length: regions }, () => [])
    this.homeDayStart = Array.from({ length: regions }, () => new Uint32Array(scale.days + 2))
    const ids = new Set<string>()
    const releasesPerDay = Math.round(scale.releasesPerDay * shape.releaseShare)
    const backCatalog = releasesPerDay * 40
    for (let day = -1; day < scale.days; day++) {
      for (let h = 0; h < regions; h++) this.homeDayStart[h][day + 1] = this.byHome[h].length
      const count = day < 0 ? backCatalog : releasesPerDay
      for (let i = 0; i < count; i++) {
        let id = ''
        do {
          id = ''
          for (let k = 0; k < 22; k++) id += BASE62[rng.int(62)]
        } while (ids.has(id))
        ids.add(id)
        const home = draw(homes, rng.next())
        const credits = [pickArtist(home)]
        const extra = rng.next()
        if (extra < 0.25) credits.push(pickArtist(rng.next() < 0.7 ? home : 0))
        if (extra < 0.06) credits.push(pickArtist(rng.next() < 0.5 ? home : 0))
        const u = rng.next()
        this.byHome[home].push(this.tracks.length)
        this.tracks.push({
          id,
          title: trackTitle(rng, REGIONS[home].script),
          artist: [...new Set(credits)].join(', '),
          pop: 0.02 + u * u * u,
          release: Math.max(day, 0),
          hold: shape.hold[0] + rng.next() * (shape.hold[1] - shape.hold[0]),
          home,
        })
      }
    }
    for (let h = 0; h < regions; h++) this.homeDayStart[h][scale.days + 1] = this.byHome[h].length
  }

  /** A track of home `home` released in the 90 days up to `day` (at least its latest 1000) (or any time before, when `all`); -1 if none. */
  recentTrack(rng: Random, home: number, day: number, all: boolean): number {
    const starts = this.homeDayStart[home]
    const end = starts[Math.min(day + 2, starts.length - 1)]
    // a home with few releases reaches further back, so a chart never runs out of newcomers
    const start = all ? 0 : Math.max(0, Math.min(starts[Math.max(0, day - 90)], end - 1000))
    if (end <= start) return -1
    return this.byHome[home][start + rng.int(end - start)]
  }
}

/** Day (0-based) a region's data starts: the first half from day 0, the rest joining later. */
export function regionStartDay(regionIndex: number, scale: Scale): number {
  if (regionIndex < Math.ceil(scale.regions / 2)) return 0
  return Math.floor(hashPair(regionIndex, 7) * scale.days * 0.6)
}

const TRENDS = ['SAME_POSITION', 'MOVE_UP', 'MOVE_DOWN', 'NEW_ENTRY']

/**
 * Where a region's newcomers come from: Global draws from every home in proportion to its
 * market size (international tracks weigh most); a country draws mostly its own tracks,
 * then international ones, then a few from other countries.
 */
function sourceHomes(shape: Shape, regionIndex: number, regions: number): Float64Array {
  const weights: number[] = []
  const local = localShare(shape, regionIndex)
  const foreign = shape.foreignShare
  for (let h = 0; h < regions; h++) {
    if (regionIndex === 0) weights.push(h === 0 ? 6 : REGIONS[h].size)
    else if (h === regionIndex) weights.push(local)
    else if (h === 0) weights.push((1 - local) * (1 - foreign))
    else weights.push(((1 - local) * foreign * REGIONS[h].size) / 30)
  }
  return cumulative(weights)
}

/** Streams of ranks 1..n on one chart day: a power law with noise, sorted so they never rise with rank. */
function dayStreams(rng: Random, size: number, n: number): number[] {
  const streams: number[] = []
  for (let rank = 1; rank <= n; rank++)
    streams.push(Math.round(size * 400_000 * rank ** -0.75 * (0.9 + rng.next() * 0.2)))
  return streams.sort((a, b) => b - a)
}

/**
 * Rows of one region (both charts, every day it has), appended to `out`.
 * Each chart keeps a pool of scored tracks: scores decay at the track's own pace,
 * newcomers enter from recent releases of the homes the region listens to, weighted by
 * popularity, and the chart of the day is the pool sorted by score.
 */
export function generateRegion(
  catalog: SyntheticCatalog,
  scale: Scale,
  seed: number,
  regionIndex: number,
  out: RowBatch,
): void {
  const region = REGIONS[regionIndex]
  const startDay = regionStartDay(regionIndex, scale)
  const { shape } = catalog
  const sources = sourceHomes(shape, regionIndex, catalog.byHome.length)
  for (const [chart, size, churn] of [
    ['top200', 200, shape.churn[0]],
    ['viral50', 50, shape.churn[1]],
  ] as const) {
    const rng = new Random(seed * 7919 + regionIndex * 31 + size)
    const scores = new Map<number, number>()
    // with set runs (shape.runDays > 0): the last day of each charting track's run
    const runEnds = new Map<number, number>()
    let previous = new Map<number, number>()
    for (let day = startDay; day < scale.days; day++) {
      // a few days are missing from the data, as in the real charts
      const missing = day > startDay && rng.next() < 0.004
      for (const [t, s] of scores) {
        const tr = catalog.tracks[t]
        const next =
          s * (chart === 'viral50' ? tr.hold * 0.93 : tr.hold) * (0.95 + rng.next() * 0.1)
        if (next < 0.02 || runEnds.get(t)! < day) {
          scores.delete(t)
          runEnds.delete(t)
        } else scores.set(t, next)
      }
      const wanted =
        day === startDay
          ? size * 1.3
          : churn + (scores.size < size * 1.2 ? size * 1.2 - scores.size : 0)
      let added = 0
      for (let tries = 0; added < wanted && tries < wanted * 200; tries++) {
        const home = draw(sources, rng.next())
        const t = catalog.recentTrack(rng, home, day, day === startDay && rng.next() < 0.5)
        if (t < 0 || scores.has(t)) continue
        const tr = catalog.tracks[t]
        // taste: how much this region likes this track beyond its popularity
        const taste = regionIndex === 0 || home === regionIndex ? 1 : 0.3 + hashPair(t, regionIndex)
        // entry is only mildly popularity-weighted (many tracks chart briefly); the score decides the rank
        if (rng.next() > (0.4 + 0.6 * tr.pop) * taste) continue
        scores.set(t, tr.pop * taste * (0.5 + rng.next()) * 10)
        // a run: popular tracks hold longer, lengths spread exponentially around the mean
        if (shape.runDays > 0)
          runEnds.set(
            t,
            day + 1 + Math.floor(-Math.log(1 - rng.next()) * shape.runDays * (0.3 + tr.pop)),
          )
        added++
      }
      if (missing) continue
      const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, size)
      const date = new Date((START_DAY + day) * 86_400_000).toISOString().slice(0, 10)
      const streams = chart === 'top200' ? dayStreams(rng, region.size, ranked.length) : undefined
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
        out.streams.push(streams ? streams[i] : null)
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
