/**
 * The inputs of a build, planned before any row is read: every `--input` (a file, or a folder
 * meaning each `.csv` and `.parquet` file in it, by name) with its kind, checked by name and
 * header. A Kaggle-layout file (parquet or CSV: `title,rank,date,artist,url,region,chart,...`)
 * or a charts.spotify.com download (download-source.ts) is recognised by its header and name;
 * a download whose name or header does not fit, or any file that is not a charts file, is
 * refused, all of them named in one error, before the build reads a row.
 */
import { readdirSync, statSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { weekStartOf } from '../schema/list-rows.ts'
import { mapColumns } from './columns.ts'
import { readCsvHead } from './csv-source.ts'
import {
  type DownloadName,
  type DownloadTarget,
  downloadHeader,
  isDownloadHeader,
  looksLikeDownloadName,
  parseDownloadName,
} from './download-source.ts'
import { UNSERVED_CHART, WEEKLY_CHART } from './ingest.ts'
import { readParquetInfo } from './parquet-source.ts'
import { regionNamer } from './region-codes.ts'
import { inputFormat } from './sniff.ts'

/** What an input file holds. */
export type InputKind = 'kaggle' | 'download'

/** One file to read. */
export interface InputFile {
  path: string
  /** its file name, as the report and examples cite it */
  name: string
  bytes: number
  format: 'parquet' | 'csv'
  kind: InputKind
  /** gen-data wrote it (a CSV's first line; a parquet's key-value metadata) */
  synthetic: boolean
  /** a CSV's rows start here (past gen-data's mark line) */
  start: number
  /** a download's name and where its rows go */
  download?: { name: DownloadName; target: DownloadTarget }
}

/** The files of one `--input` of one kind, in reading order. */
export interface InputGroup {
  /** the `--input` as given, by its base name (a folder's name ends in `/`) */
  name: string
  kind: InputKind
  files: InputFile[]
}

/** Every input of a build, and the folder entries left out. */
export interface InputPlan {
  /** the files in reading order: the `--input`s as given, a folder's files by name */
  files: InputFile[]
  /** the files by `--input` and kind, in order of first file (the build report's inputs) */
  groups: InputGroup[]
  /** files in folders that are not `.csv` or `.parquet` (left out, reported) */
  skipped: string[]
}

const CHARTS_FILE = /\.(csv|parquet)$/i

/** Code-point order of names (the order a folder's files are read in). */
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** The files an `--input` names: the file, or a folder's charts files by name. */
function filesOf(arg: string, skipped: string[]): string[] {
  const path = resolve(arg)
  let stat: ReturnType<typeof statSync>
  try {
    stat = statSync(path)
  } catch {
    throw new Error(`input: ${arg} does not exist`)
  }
  if (!stat.isDirectory()) return [path]
  const files: string[] = []
  for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) =>
    byName(a.name, b.name),
  )) {
    if (entry.isFile() && CHARTS_FILE.test(entry.name)) files.push(resolve(path, entry.name))
    else skipped.push(`${basename(path)}/${entry.name}`)
  }
  if (files.length === 0) throw new Error(`input: the folder ${arg} holds no .csv or .parquet file`)
  return files
}

/** Where a download's rows go, from its name. */
function targetOf(name: DownloadName, regionName: (code: string) => string): DownloadTarget {
  const weekly = name.period === 'weekly'
  const chart = name.kind === 'viral' ? (weekly ? UNSERVED_CHART : 1) : weekly ? WEEKLY_CHART : 0
  return {
    chart,
    region: regionName(name.code),
    code: name.code,
    day: weekly ? weekStartOf(name.day) : name.day,
  }
}

/** Checks one file and says what it is; throws its reason (without its name). */
async function fileOf(path: string, regionName: (code: string) => string): Promise<InputFile> {
  const name = basename(path)
  const bytes = statSync(path).size
  const format = inputFormat(path, bytes)
  const file: InputFile = { path, name, bytes, format, kind: 'kaggle', synthetic: false, start: 0 }
  if (format === 'parquet') {
    if (looksLikeDownloadName(name))
      throw new Error('named like a download but is parquet; downloads are CSV')
    file.synthetic = (await readParquetInfo(path)).synthetic
    return file
  }
  const head = readCsvHead(path)
  file.synthetic = head.synthetic
  file.start = head.start
  if (!looksLikeDownloadName(name) && !isDownloadHeader(head.header)) {
    mapColumns('csv', head.header)
    return file
  }
  const parsed = parseDownloadName(name)
  if (typeof parsed === 'string') throw new Error(`${parsed}; its header is a download's`)
  const header = downloadHeader(parsed, head.header)
  if (typeof header === 'string') throw new Error(header)
  file.kind = 'download'
  file.download = { name: parsed, target: targetOf(parsed, regionName) }
  return file
}

/**
 * Plans the build's inputs: each argument's files, each checked. Every refused file is named
 * with its reason in one error (`input: 2 files refused: ...`).
 */
export async function planInputs(args: readonly string[]): Promise<InputPlan> {
  const regionName = regionNamer()
  const skipped: string[] = []
  const groups: InputGroup[] = []
  const refused: string[] = []
  const files: InputFile[] = []
  for (const arg of args) {
    const paths = filesOf(arg, skipped)
    const shown = statSync(resolve(arg)).isDirectory()
      ? `${basename(resolve(arg))}/`
      : basename(arg)
    const byKind = new Map<InputKind, InputGroup>()
    for (const path of paths) {
      let file: InputFile
      try {
        file = await fileOf(path, regionName)
      } catch (error) {
        // the reason alone: the stage and the path are said once, here
        const reason = (error as Error).message
          .replace(/^(csv|parquet): /, '')
          .replace(`${path} `, '')
        refused.push(`${basename(path)}: ${reason}`)
        continue
      }
      files.push(file)
      let group = byKind.get(file.kind)
      if (!group) {
        byKind.set(file.kind, (group = { name: shown, kind: file.kind, files: [] }))
        groups.push(group)
      }
      group.files.push(file)
    }
  }
  if (refused.length === 1) throw new Error(`input: ${refused[0]}`)
  if (refused.length > 1)
    throw new Error(
      `input: ${refused.length} files refused:\n${refused.map((r) => `  ${r}`).join('\n')}`,
    )
  return { files, groups, skipped }
}
