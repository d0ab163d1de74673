/**
 * The obvious alternative: the same routes over bun:sqlite with proper indexes, building each
 * answer from rows (what a careful Flask + SQLite rewrite on Bun would do). With FULL_SCAN=1
 * the same queries run `NOT INDEXED`: the original design's full-table scans.
 * `PORT=… DB=… [FULL_SCAN=1] node_modules/.bin/bun bench/baselines/sqlite-server.ts`
 */
import { Database } from 'bun:sqlite'
import { normalizeName } from '../../schema/format.ts'

const db = new Database(process.env.DB!, { readonly: true })
db.exec('PRAGMA cache_size = -262144; PRAGMA mmap_size = 4294967296;')
const scan = process.env.FULL_SCAN === '1' ? 'NOT INDEXED' : ''

const q = {
  latest: db.prepare(`SELECT MAX(date) AS d FROM charts ${scan} WHERE region = ? AND chart = ?`),
  ranking:
    db.prepare(`SELECT c.rank, c.track_id, t.title, t.artist, t.artists, t.url, c.trend, c.streams, c.previous_rank, c.peak_rank,
      c.days_on_chart, c.streak FROM charts c ${scan} JOIN tracks t ON t.track_id = c.track_id
      WHERE c.region = ? AND c.chart = ? AND c.date = ? ORDER BY c.rank LIMIT ? OFFSET ?`),
  total: db.prepare(
    `SELECT COUNT(*) AS n FROM charts ${scan} WHERE region = ? AND chart = ? AND date = ?`,
  ),
  region: db.prepare(`SELECT region FROM charts ${scan} WHERE region = ? LIMIT 1`),
  artist: db.prepare('SELECT key, name FROM artists WHERE key = ?'),
  artistTracks:
    db.prepare(`SELECT c.track_id, t.title, t.artist, t.url, MIN(c.rank) AS peak, c.date AS peak_date, MIN(c.date) AS first_date,
      MAX(c.date) AS last_date, COUNT(DISTINCT c.date) AS days, SUM(c.streams) AS streams, COUNT(DISTINCT c.region) AS regions
      FROM credits k JOIN charts c ${scan} ON c.track_id = k.track_id JOIN tracks t ON t.track_id = c.track_id
      WHERE k.artist_key = ? AND c.chart = ? GROUP BY c.track_id ORDER BY streams DESC, peak, c.track_id LIMIT ? OFFSET ?`),
  history: db.prepare(
    `SELECT date, rank, streams FROM charts ${scan} WHERE track_id = ? AND chart = ? AND region = ? ORDER BY date`,
  ),
  searchArtists: db.prepare(
    'SELECT name, tracks FROM artists WHERE key >= ? AND key < ? || char(1114111) ORDER BY rows DESC, key LIMIT ?',
  ),
  searchTracks: db.prepare(
    'SELECT track_id, title, artist FROM tracks WHERE lower(title) >= ? AND lower(title) < ? || char(1114111) ORDER BY rows DESC LIMIT ?',
  ),
  filteredRows:
    db.prepare(`SELECT t.title, c.rank, c.date, t.artist, t.url, c.region, c.chart, c.trend, c.streams FROM charts c ${scan}
      JOIN tracks t ON t.track_id = c.track_id WHERE c.date = ? AND c.region = ? ORDER BY c.streams DESC LIMIT 200`),
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })

Bun.serve({
  port: Number(process.env.PORT ?? 3100),
  hostname: '127.0.0.1',
  fetch(request) {
    const url = new URL(request.url)
    const p = url.searchParams
    const path = url.pathname
    if (path === '/health') return json({ status: 'ok' })
    if (path === '/rankings') {
      const region = p.get('region') ?? ''
      const chart = p.get('chart') ?? 'top200'
      const date = p.get('date') ?? (q.latest.get(region, chart) as { d: string } | null)?.d
      const limit = Number(p.get('limit') ?? 200)
      const offset = Number(p.get('offset') ?? 0)
      const rows = q.ranking.all(region, chart, date ?? '', limit, offset) as Record<
        string,
        unknown
      >[]
      if (rows.length === 0)
        return json({ error: { code: 'not_found', message: 'no ranking' } }, 404)
      const total = (q.total.get(region, chart, date ?? '') as { n: number }).n
      return json({
        region,
        date,
        chart,
        total,
        entries: rows.map((r) => ({
          rank: r.rank,
          trackId: r.track_id,
          title: r.title,
          artist: r.artist,
          artists: JSON.parse(r.artists as string),
          url: r.url,
          trend: r.trend,
          streams: r.streams,
          previousRank: r.previous_rank,
          peakRank: r.peak_rank,
          daysOnChart: r.days_on_chart,
          streak: r.streak,
        })),
      })
    }
    if (path === '/artist') {
      const artist = q.artist.get(normalizeName(p.get('name') ?? '')) as {
        key: string
        name: string
      } | null
      if (!artist) return json({ error: { code: 'unknown_artist', message: 'no artist' } }, 404)
      const rows = q.artistTracks.all(
        artist.key,
        p.get('chart') ?? 'top200',
        Number(p.get('limit') ?? 50),
        Number(p.get('offset') ?? 0),
      ) as Record<string, unknown>[]
      return json({
        artist: artist.name,
        tracks: rows.map((r) => ({
          trackId: r.track_id,
          title: r.title,
          artist: r.artist,
          url: r.url,
          peakRank: r.peak,
          peakDate: r.peak_date,
          firstDate: r.first_date,
          lastDate: r.last_date,
          daysOnChart: r.days,
          totalStreams: r.streams,
          regions: r.regions,
        })),
      })
    }
    const history = /^\/tracks\/([A-Za-z0-9]{22})\/history$/.exec(path)
    if (history) {
      const points = q.history.all(history[1], p.get('chart') ?? 'top200', p.get('region') ?? '')
      return json({
        trackId: history[1],
        region: p.get('region'),
        chart: p.get('chart') ?? 'top200',
        points,
      })
    }
    if (path === '/search') {
      const key = normalizeName(p.get('q') ?? '')
      const limit = Number(p.get('limit') ?? 10)
      return json({
        artists: q.searchArtists.all(key, key, limit),
        tracks: q.searchTracks.all(key, key, limit),
      })
    }
    if (path === '/tracks')
      return json(q.filteredRows.all(p.get('date') ?? '', p.get('region') ?? ''))
    return json({ error: { code: 'not_found', message: path } }, 404)
  },
})
console.log(JSON.stringify({ msg: 'listening', scan: scan !== '' }))
