/**
 * The datasets the route tests run against, each served by a real server: the synthetic
 * sample (gen-data, 6 regions × 30 days, seed 5) and four small fixtures: three of rows written
 * as parquet (hyparquet-writer): `folding` (test/helpers.ts `foldingFixtureRows`: a year
 * boundary, names that fold alike), `awkward` (`awkwardFixtureRows`: gaps in dates,
 * formula-like names, an artist never on Global, a stream change of 0, viral 50) and `aliases`
 * (`aliasFixtureRows`: artists known by aliases, titles to misspell); and
 * `downloads` (`writeDownloadsFixture`: a Kaggle-layout parquet and a folder of
 * charts.spotify.com downloads over it, Spotify's weekly charts, codes outside the Kaggle set).
 *
 * Each is built and served once per test run and shared by every file that asks for it
 * (`bun test` runs the files in one process; the tests only read); the servers are stopped
 * and the files removed after the last file (test/setup.ts). Also here: checks on answers that several
 * route tests make.
 */
import { beforeAll, expect } from 'bun:test'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { buildIndex } from '../../build/pipeline.ts'
import {
  aliasFixtureRows,
  awkwardFixtureRows,
  buildSample,
  commaNames,
  foldingFixtureRows,
  naiveKey,
  naiveSplit,
  type OfficialWeek,
  type RawRow,
  readRows,
  tempDir,
  writeDownloadsFixture,
  writeFixture,
} from '../helpers.ts'
import { atRunEnd } from '../setup.ts'
import { type ServerProcess, spawnServer } from './server.ts'

/** A JSON answer, read loosely. */
export type Row = Record<string, any>

/** The sample and one fixture, each served, with the rows they were built from. */
export interface Datasets {
  sample: ServerProcess
  sampleRows: RawRow[]
  fixture: ServerProcess
  fixtureRows: RawRow[]
  /** Spotify's weekly charts the fixture has (downloads), else none */
  fixtureWeekly: OfficialWeek[]
}

/** A fixture's inputs written under a directory: the build's inputs and the rows they hold. */
interface FixtureFiles {
  inputs: string[]
  rows: RawRow[]
  weekly?: OfficialWeek[]
}

/** Rows written as `fixture.parquet` (the name /ready reports). */
function parquetFixture(dir: string, rows: RawRow[]): FixtureFiles {
  const parquet = join(dir, 'fixture.parquet')
  writeFixture(parquet, rows)
  return { inputs: [parquet], rows }
}

/** The fixtures by name. */
const FIXTURES = {
  folding: (dir: string) => parquetFixture(dir, foldingFixtureRows()),
  awkward: (dir: string) => parquetFixture(dir, awkwardFixtureRows()),
  aliases: (dir: string) => parquetFixture(dir, aliasFixtureRows()),
  downloads: writeDownloadsFixture,
}

/** The name of a fixture. */
export type FixtureName = keyof typeof FIXTURES

interface Served {
  server: ServerProcess
  rows: RawRow[]
  weekly: OfficialWeek[]
}

const served = new Map<string, Promise<Served>>()
const tmp = tempDir()
const running: ServerProcess[] = []
atRunEnd(async () => {
  await Promise.all(running.map((server) => server.stop()))
  tmp.cleanup()
})

/** Starts a server on `indexDir`, stopped after the last test file. */
async function serve(indexDir: string): Promise<ServerProcess> {
  const server = await spawnServer({ INDEX_DIR: indexDir })
  running.push(server)
  return server
}

async function serveSample(): Promise<Served> {
  const built = await buildSample(join(tmp.dir, 'sample'), 6, 30, 5)
  const [rows, server] = await Promise.all([readRows(built.parquet), serve(built.indexDir)])
  return { server, rows, weekly: [] }
}

/** Writes the fixture's inputs, builds them and serves the index. */
async function serveFixture(name: FixtureName): Promise<Served> {
  const dir = join(tmp.dir, name)
  mkdirSync(dir)
  const { inputs, rows, weekly = [] } = FIXTURES[name](dir)
  await buildIndex({ inputs, out: join(dir, 'index'), commaNames })
  return { server: await serve(join(dir, 'index')), rows, weekly }
}

function once(key: string, start: () => Promise<Served>): Promise<Served> {
  let ready = served.get(key)
  if (!ready) served.set(key, (ready = start()))
  return ready
}

/**
 * The sample and the fixture `name`, served: the returned object's fields are set in
 * `beforeAll`, before the file's first test runs.
 */
export function useDatasets(name: FixtureName): Datasets {
  const datasets = {} as Datasets
  beforeAll(async () => {
    const [sample, fixture] = await Promise.all([
      once('sample', serveSample),
      once(name, () => serveFixture(name)),
    ])
    Object.assign(datasets, {
      sample: sample.server,
      sampleRows: sample.rows,
      fixture: fixture.server,
      fixtureRows: fixture.rows,
      fixtureWeekly: fixture.weekly,
    })
  })
  return datasets
}

/** Both datasets as `[name, server, rows]`, for checks run on each. */
export const eachDataset = (d: Datasets) =>
  [
    ['sample', d.sample, d.sampleRows],
    ['fixture', d.fixture, d.fixtureRows],
  ] as const

/** The track fields of an answer item are the track's own (title, credit, artists, url). */
export function checkTrackFields(rows: RawRow[], item: Row): void {
  const source = rows.find((r) => r.url.endsWith(item.trackId))!
  expect([item.title, item.artist, item.url]).toEqual([source.title, source.artist, source.url])
  expect(item.artists.map(naiveKey)).toEqual(naiveSplit(source.artist).map(naiveKey))
}

/** The artists credited in some rows (display names as given). */
export const artistsOf = (rows: RawRow[]) => [...new Set(rows.flatMap((r) => naiveSplit(r.artist)))]

/** The (chart, region) pairs of some rows. */
export const chartsOf = (rows: RawRow[]) =>
  [...new Set(rows.map((r) => `${r.chart}|${r.region}`))].map((k) => k.split('|'))

/**
 * A ranking entry's facts, as the naive computation has them: every member but the track's
 * strings (and a mover's `change`), so a field added to entries is compared with no edit here.
 */
export const factsOf = (e: Row) => {
  const { title, artist, artists, url, change, ...facts } = e
  return facts
}

/** The members of an /artist answer, in order. */
export const ARTIST_FIELDS = [
  'artist',
  'region',
  'stats',
  'byRegion',
  'totalTracks',
  'offset',
  'limit',
  'tracks',
]
