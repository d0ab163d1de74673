/**
 * The SQLite baseline's database: the same rows as the index (chart facts included, so the
 * baseline does no more work than we do), with the indexes a careful developer would add.
 * Built once per source file and reused (bench/work/charts-<source sha256>.sqlite).
 * `node_modules/.bin/bun bench/baselines/sqlite-db.ts INDEX_DIR OUT.sqlite`
 */
import { Database } from 'bun:sqlite'
import { existsSync, renameSync, rmSync } from 'node:fs'
import { CHARTS, isoFromDay, normalizeName, STREAMS_NONE, TRENDS } from '../../schema/format.ts'
import {
  rowDaysOnChart,
  rowPeakRank,
  rowPreviousRank,
  rowRank,
  rowStreak,
  rowStreams,
  rowTrack,
  rowTrend,
} from '../../schema/points.ts'
import { openIndex } from '../../src/store/open-index.ts'
import { trackIdOf } from '../../src/store/tracks.ts'

/** Builds the database at `out` from the index in `indexDir` (skipped when it exists). */
export function buildSqlite(
  indexDir: string,
  out: string,
  log: (line: string) => void = () => {},
): void {
  if (existsSync(out)) return
  const index = openIndex(indexDir)
  const tmp = `${out}.tmp`
  rmSync(tmp, { force: true })
  const db = new Database(tmp)
  db.exec('PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;')
  db.exec(`
    CREATE TABLE tracks (track_id TEXT PRIMARY KEY, title TEXT, artist TEXT, artists TEXT, url TEXT, rows INTEGER) WITHOUT ROWID;
    CREATE TABLE artists (key TEXT PRIMARY KEY, name TEXT, tracks INTEGER, rows INTEGER) WITHOUT ROWID;
    CREATE TABLE credits (artist_key TEXT, track_id TEXT, PRIMARY KEY (artist_key, track_id)) WITHOUT ROWID;
    CREATE TABLE charts (chart TEXT, region TEXT, date TEXT, rank INTEGER, track_id TEXT, trend TEXT, streams INTEGER,
      previous_rank INTEGER, peak_rank INTEGER, days_on_chart INTEGER, streak INTEGER);
  `)
  const started = performance.now()
  db.transaction(() => {
    const insTrack = db.prepare('INSERT INTO tracks VALUES (?, ?, ?, ?, ?, ?)')
    const insCredit = db.prepare('INSERT INTO credits VALUES (?, ?)')
    for (let t = 0; t < index.trackCount; t++) {
      const names: string[] = []
      const id = trackIdOf(index, t)
      for (let k = index.creditOffsets[t]; k < index.creditOffsets[t + 1]; k++) {
        const a = index.creditArtists[k]
        names.push(index.artistNames.text(a))
        insCredit.run(index.artistKeys.text(a), id)
      }
      const url =
        index.urls.size(t) > 0 ? index.urls.text(t) : `https://open.spotify.com/track/${id}`
      insTrack.run(
        id,
        index.titles.text(t),
        index.trackArtists.text(t),
        JSON.stringify(names),
        url,
        index.trackRows[t],
      )
    }
    const insArtist = db.prepare('INSERT INTO artists VALUES (?, ?, ?, ?)')
    for (let a = 0; a < index.artistCount; a++) {
      insArtist.run(
        index.artistKeys.text(a),
        index.artistNames.text(a),
        index.artistTrackOffsets[a + 1] - index.artistTrackOffsets[a],
        index.artistRows[a],
      )
    }
    const ins = db.prepare('INSERT INTO charts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
    const ids = Array.from({ length: index.trackCount }, (_, t) => trackIdOf(index, t))
    for (const name of CHARTS) {
      const c = index.charts[name]
      for (let region = 0; region < index.regionCount; region++) {
        const regionName = index.regions.text(region)
        for (let d = c.regionDateOffsets[region]; d < c.regionDateOffsets[region + 1]; d++) {
          const date = isoFromDay(c.dates[d])
          for (let r = c.dateRowOffsets[d]; r < c.dateRowOffsets[d + 1]; r++) {
            const v = c.rows
            const s = rowStreams(v, r)
            ins.run(
              name,
              regionName,
              date,
              rowRank(v, r),
              ids[rowTrack(v, r)],
              TRENDS[rowTrend(v, r)] ?? null,
              s === STREAMS_NONE ? null : s,
              rowPreviousRank(v, r) || null,
              rowPeakRank(v, r),
              rowDaysOnChart(v, r),
              rowStreak(v, r),
            )
          }
        }
        log(
          `sqlite: ${name} ${regionName} loaded (${((performance.now() - started) / 1000).toFixed(0)} s)`,
        )
      }
    }
  })()
  log('sqlite: creating indexes')
  db.exec(`
    CREATE INDEX charts_ranking ON charts (region, chart, date, rank);
    CREATE INDEX charts_track ON charts (track_id, chart, region, date);
    CREATE INDEX charts_date ON charts (date, region);
    ANALYZE;
  `)
  db.close()
  renameSync(tmp, out)
  log(`sqlite: ${out} built in ${((performance.now() - started) / 1000).toFixed(0)} s`)
}

/** The normaliser the baseline uses for names (the same rule as the index). */
export { normalizeName }

if (import.meta.main) {
  const [indexDir, out] = process.argv.slice(2)
  if (!indexDir || !out) {
    console.error('usage: node_modules/.bin/bun bench/baselines/sqlite-db.ts INDEX_DIR OUT.sqlite')
    process.exit(2)
  }
  buildSqlite(indexDir, out, console.log)
}
