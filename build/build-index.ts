/**
 * `npm run build-index -- [--input FILE|DIR ...] [--out DIR] [--comma-artists FILE]
 *   [--artist-aliases FILE] [--publish URL]`:
 * compiles charts files (the Kaggle parquet or CSV, charts.spotify.com downloads) into the
 * FlatBuffers index, with a progress bar and a build report; `--publish s3://BUCKET/PREFIX`
 * then uploads it and releases it (publish-s3.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import commaArtists from '../data/comma-artists.txt' with { type: 'text' }
import { DEFAULT_INDEX_DIR } from '../schema/format.ts'
import { locationFromUrl } from '../schema/published.ts'
import { loadAliasTables } from './artist-aliases.ts'
import { type CommandSpec, parseCommand, usageError } from './cli.ts'
import { loadCommaNames } from './credits.ts'
import { type BuildReport, buildIndex } from './pipeline.ts'
import { publishIndex } from './publish-s3.ts'

/** What build-index reads without an `--input`: the sample data. */
const DEFAULT_INPUT = 'data/sample.parquet'

/** The curated comma-name list shipped with the project (embedded in the compiled binary). */
export const DEFAULT_COMMA_ARTISTS: string = commaArtists

/** A progress reporter: a redrawn bar on a terminal, a line per 10 % otherwise. */
export function progressReporter(tty: boolean): (fraction: number, stage: string) => void {
  let lastStep = -1
  return (fraction, stage) => {
    const pct = Math.min(100, Math.floor(fraction * 100))
    if (tty) {
      const width = 30
      const filled = Math.round((pct / 100) * width)
      process.stdout.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(pct).padStart(3)}% ${stage.padEnd(16)}`,
      )
      if (pct === 100) process.stdout.write('\n')
    } else if (Math.floor(pct / 10) !== lastStep) {
      lastStep = Math.floor(pct / 10)
      console.log(`build-index: ${pct}% ${stage}`)
    }
  }
}

/** The build report as the lines printed at the end of a build. */
export function reportLines(report: BuildReport, out: string): string[] {
  const n = (x: number) => x.toLocaleString('en')
  const lines = [
    `build-index: wrote ${out} (build ${report.buildId}, format v${report.formatVersion})`,
  ]
  if (report.continued) {
    const { copied, rendered } = report.continued.answers
    lines.push(
      `  base       ${report.continued.from} continued; stored answers: ${n(copied)} copied from it, ${n(rendered)} rendered`,
    )
  }
  for (const i of report.source.inputs) {
    const files = i.files === 1 ? '' : `${n(i.files)} files, `
    const dates = i.firstDate ? `, ${i.firstDate} to ${i.lastDate}` : ', no rows kept'
    lines.push(
      `  input      ${i.name} (${i.kind}, ${i.format}, ${files}${n(i.bytes)} bytes${i.synthetic ? ', synthetic' : ''}${dates})`,
    )
  }
  if (report.skipped.length > 0)
    lines.push(
      `  skipped    ${n(report.skipped.length)} folder entries (not .csv or .parquet): ${report.skipped.slice(0, 3).join(', ')}${report.skipped.length > 3 ? ', ...' : ''}`,
    )
  lines.push(
    `  rows       read ${n(report.rows.read)}, kept ${n(report.rows.kept)} (top200 ${n(report.counts.top200)}, viral50 ${n(report.counts.viral50)})${report.rows.weekly ? ` and ${n(report.rows.weekly)} of Spotify's weekly charts` : ''}`,
  )
  const dropped = Object.entries(report.rows.dropped)
  if (dropped.length === 0) lines.push('  dropped    none')
  for (const [reason, entry] of dropped) {
    lines.push(`  dropped    ${n(entry!.count)} ${reason}; e.g. ${entry!.examples.join('; ')}`)
  }
  for (const [rule, count] of Object.entries(report.rows.duplicates)) {
    if (count > 0) lines.push(`  resolved   ${n(count)} ${rule} (first kept)`)
  }
  const rebuilt = report.rows.rebuiltUrls
  if (rebuilt.count > 0)
    lines.push(
      `  note       ${n(rebuilt.count)} urls not of the form https://open.spotify.com/track/<id>, rebuilt from the id; e.g. ${rebuilt.examples.join('; ')}`,
    )
  const { replaced } = report.rows
  if (replaced.charts > 0)
    lines.push(
      `  replaced   ${n(replaced.charts)} charts (${n(replaced.rows)} rows) of an earlier input, given again by a later one (the later kept)`,
    )
  if (report.rows.unknownTrends > 0)
    lines.push(
      `  note       ${n(report.rows.unknownTrends)} unrecognised trend values kept as no trend`,
    )
  lines.push(
    `  catalog    ${n(report.counts.tracks)} tracks, ${n(report.counts.artists)} artists, ${n(report.counts.regions)} regions, ${n(report.counts.dates)} chart dates`,
    `  files      ${Object.entries(report.files)
      .filter(([f]) => !report.answers?.files.some((a) => a.name === f))
      .map(([f, i]) => `${f} ${(i.bytes / 1048576).toFixed(1)} MB`)
      .join(', ')}`,
  )
  const answers = report.answers
  const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`
  const names = answers?.files.map((f) => f.name) ?? []
  const where = names.length > 1 ? `${names[0]} to ${names[names.length - 1]}` : names[0]
  lines.push(
    answers
      ? `  answers    ${n(answers.count)} stored in ${where}: ${mb(answers.bytes)} gzip (${mb(answers.identityBytes)} as JSON), ${answers.encoder}`
      : '  answers    none stored (--no-answers): gzip answers are compressed per request',
    `  time       ${report.seconds} s, peak memory ${n(report.peakRssMB)} MB`,
  )
  return lines
}

/** The build-index command line. */
export const BUILD_INDEX_COMMAND: CommandSpec = {
  name: 'build-index',
  summary:
    "Compiles charts files (the Kaggle parquet or charts.csv, and the CSVs of charts.spotify.com's download button, recognised by content and name) into the index the server memory-maps.",
  options: {
    input: {
      type: 'string',
      value: 'FILE|DIR',
      multiple: true,
      help: `a charts file, or a folder: its .csv and .parquet files by name; read in the order given, and a region's chart on a date given by several inputs is the last one's (default: ${DEFAULT_INPUT})`,
    },
    base: {
      type: 'string',
      value: 'DIR|s3://BUCKET/PREFIX',
      help: "an index to continue: the new --inputs are added to what it holds without reading its inputs again (they may be gone); the result is what a full build over its inputs and then the new ones makes. A region's new chart must be on or after its last date there (one on that date replaces it). With an s3 URL, the build its current.json names",
    },
    out: {
      type: 'string',
      value: 'DIR',
      help: 'the index directory, replaced atomically (default: $INDEX_DIR, else data/index; with --publish and no --out: a temporary directory)',
    },
    publish: {
      type: 'string',
      value: 's3://BUCKET/PREFIX',
      help: 'then upload the build to PREFIX/builds/<buildId>/ and release it (PREFIX/current.json, written last); credentials from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION, AWS_ENDPOINT_URL, else the AWS SDK provider chain (task role, profile)',
    },
    'comma-artists': {
      type: 'string',
      value: 'FILE',
      multiple: true,
      help: 'more artist names that contain ", " (one a line), beyond the built-in list',
    },
    'artist-aliases': {
      type: 'string',
      value: 'FILE',
      multiple: true,
      help: 'more artist aliases (CSV: a header alias,artist, then one row per alias: BTS,방탄소년단), beyond the built-in table data/artist-aliases.csv',
    },
    'no-answers': {
      type: 'boolean',
      help: 'store no precompressed answers (answers-*.fb, ~2/3 of a full-scale index): for small disks; the server then compresses gzip answers per request',
    },
  },
  notes:
    'exit status: 0 built (and published), 1 the build or the publish failed (the previous index and the released build are untouched), 2 usage',
}

/** The build-index command line: parses `args`, builds, prints the report; resolves to an exit code. */
export async function runBuildIndexCli(args: string[]): Promise<number> {
  const parsed = parseCommand(BUILD_INDEX_COMMAND, args)
  if (typeof parsed === 'number') return parsed
  const publishTo = parsed.publish as string | undefined
  // publishing only: build into a directory of our own, removed afterwards
  const scratch =
    publishTo && parsed.out === undefined ? mkdtempSync(join(tmpdir(), 'charts-publish-')) : null
  const inputs = parsed.input as string[]
  const base = parsed.base as string | undefined
  if (base && inputs.length === 0)
    return usageError(BUILD_INDEX_COMMAND, '--base needs the new files: --input FILE|DIR')
  const values = {
    inputs: inputs.length > 0 ? inputs : [DEFAULT_INPUT],
    out: scratch
      ? join(scratch, 'index')
      : ((parsed.out as string | undefined) ?? (process.env.INDEX_DIR || DEFAULT_INDEX_DIR)),
    'comma-artists': parsed['comma-artists'] as string[],
    'artist-aliases': parsed['artist-aliases'] as string[],
  }
  try {
    if (publishTo) locationFromUrl(publishTo)
  } catch (error) {
    if (scratch) rmSync(scratch, { recursive: true, force: true })
    return usageError(BUILD_INDEX_COMMAND, (error as Error).message)
  }
  try {
    const commaNames = loadCommaNames(DEFAULT_COMMA_ARTISTS, values['comma-artists'])
    const artistAliases = loadAliasTables(values['artist-aliases'])
    const report = await buildIndex({
      base,
      inputs: values.inputs,
      out: values.out,
      commaNames,
      artistAliases,
      answers: parsed['no-answers'] !== true,
      onProgress: progressReporter(Boolean(process.stdout.isTTY)),
    })
    for (const line of reportLines(report, values.out)) console.log(line)
  } catch (error) {
    if (process.stdout.isTTY) process.stdout.write('\n')
    console.error(`build-index failed: ${(error as Error).message}`)
    console.error('the previous index (if any) is untouched')
    if (scratch) rmSync(scratch, { recursive: true, force: true })
    return 1
  }
  if (!publishTo) return 0
  try {
    const done = await publishIndex(values.out, publishTo)
    const mb = (done.bytes / 1048576).toFixed(1)
    console.log(
      done.uploaded
        ? `build-index: published build ${done.buildId} to ${publishTo} (${mb} MB uploaded)`
        : `build-index: build ${done.buildId} was already in ${publishTo} (left as it was)`,
    )
    console.log(
      `  released   ${publishTo}/current.json → ${done.pointer.manifest} (was ${done.previous ?? 'none'})`,
    )
    return 0
  } catch (error) {
    console.error(`build-index: publish failed: ${(error as Error).message}`)
    console.error(`the released build (${publishTo}/current.json) is untouched`)
    return 1
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true })
  }
}

if (import.meta.main) runBuildIndexCli(process.argv.slice(2)).then((code) => process.exit(code))
