/**
 * The log file: lines appended in batches, rotated by size, and never a reason for the
 * service to stop. A file that cannot be opened (read-only or missing directory, no
 * permission) is one warning and no file. Whole lines or none: a batch that cannot be written
 * whole (a full disk: ENOSPC; a file size limit: EFBIG; EIO) is dropped, and what of it did
 * reach the file is cut off again, so the file never holds half a line and the next batch
 * starts on a line of its own. A dropped batch is counted (`log_write_failures_total`,
 * `log_lines_dropped_total`), warned about on stdout when the failures start, and once the
 * file takes lines again a warning there says how many were lost. Cost per line: appending a
 * string to an array; the size check and rotation happen once per batch (64 KB or 200 ms),
 * never per line.
 *
 * Rotation (`LOG_MAX_MB`, `LOG_KEEP`): once the file passes the size, `app.log` becomes
 * `app.log.1`, `.1` becomes `.2`, ... up to `LOG_KEEP` files, and a new `app.log` is
 * started. `LOG_MAX_MB=0` never rotates (for an external logrotate: use `copytruncate`;
 * the file is opened O_APPEND, so writes continue at the new end).
 */
import {
  closeSync,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs'
import { dirname } from 'node:path'

/** Counters of the log file, shown in /metrics. */
export interface LogStats {
  /** batches that could not be written (their lines are lost) */
  writeFailures: number
  /** lines of those batches */
  droppedLines: number
  /** bytes of those batches */
  droppedBytes: number
  /** times the file was rotated */
  rotations: number
}

/** Options of a log file. */
export interface LogFileOptions {
  path: string
  /** rotate past this many bytes (0 = never) */
  maxBytes: number
  /** rotated files kept */
  keep: number
  stats: LogStats
  /** how warnings about the file itself are logged */
  warn: (fields: Record<string, unknown>, msg: string) => void
}

const BATCH_BYTES = 64 * 1024
const NEWLINE = 0x0a

function errorCode(error: unknown): string {
  const e = error as NodeJS.ErrnoException
  return e.code ?? e.message
}

/** Lines in a batch of whole lines. */
function linesIn(bytes: Uint8Array): number {
  let n = 0
  for (let i = bytes.indexOf(NEWLINE); i >= 0; i = bytes.indexOf(NEWLINE, i + 1)) n++
  return n
}

/** An open log file. */
export class LogFile {
  private chunks: string[] = []
  private buffered = 0
  /** batches, lines and bytes dropped since the last batch written whole (0: not failing) */
  private lost = { batches: 0, lines: 0, bytes: 0 }
  /** part of a dropped batch could not be cut off again: start the next batch on a new line */
  private ragged = false

  private constructor(
    private readonly options: LogFileOptions,
    private fd: number,
    private size: number,
  ) {}

  /** Opens (creating its directory if needed) for appending; null, after one warning, when it cannot. */
  static open(options: LogFileOptions): LogFile | null {
    try {
      mkdirSync(dirname(options.path), { recursive: true })
      const fd = openSync(options.path, 'a')
      return new LogFile(options, fd, fstatSync(fd).size)
    } catch (error) {
      options.warn(
        { logFile: options.path, error: errorCode(error) },
        'LOG_FILE cannot be opened: logging to stdout only',
      )
      return null
    }
  }

  /** Buffers text (one or more whole lines); writes out once 64 KB are waiting. */
  write(text: string): void {
    this.chunks.push(text)
    this.buffered += text.length
    if (this.buffered >= BATCH_BYTES) this.flush()
  }

  /** Writes out what is buffered, whole or not at all; rotates when the file passed its size. */
  flush(): void {
    if (this.chunks.length === 0) return
    const text = this.chunks.length === 1 ? this.chunks[0] : this.chunks.join('')
    const bytes = Buffer.from(this.ragged ? `\n${text}` : text)
    this.chunks = []
    this.buffered = 0
    let done = 0
    try {
      while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done)
    } catch (error) {
      this.drop(bytes, done, error)
      return
    }
    this.size += bytes.length
    this.ragged = false
    if (this.lost.batches > 0) this.recovered()
    if (this.options.maxBytes > 0 && this.size >= this.options.maxBytes) this.rotate()
  }

  /**
   * A batch that failed after `written` of its bytes reached the file: those are cut off
   * again (the file is appended to by this process alone, so they are its last bytes), the
   * batch is counted, and the first failure of a run is warned about.
   */
  private drop(bytes: Uint8Array, written: number, error: unknown): void {
    if (written > 0) {
      try {
        ftruncateSync(this.fd, fstatSync(this.fd).size - written)
      } catch {
        this.ragged = true
      }
    }
    const { stats } = this.options
    const lines = linesIn(bytes)
    stats.writeFailures++
    stats.droppedLines += lines
    stats.droppedBytes += bytes.length
    if (this.lost.batches === 0) {
      this.options.warn(
        { logFile: this.options.path, error: errorCode(error) },
        'LOG_FILE write failed: lines dropped until writes succeed again (log_write_failures_total)',
      )
    }
    this.lost.batches++
    this.lost.lines += lines
    this.lost.bytes += bytes.length
  }

  /** The first batch written whole after failures: says in the file what was lost. */
  private recovered(): void {
    const { batches, lines, bytes } = this.lost
    this.lost = { batches: 0, lines: 0, bytes: 0 }
    this.options.warn(
      { logFile: this.options.path, batches, lines, bytes },
      'LOG_FILE writable again: lines were dropped while it failed (log_lines_dropped_total)',
    )
  }

  /** Shifts app.log → app.log.1 → … → app.log.<keep> and starts a new app.log. */
  private rotate(): void {
    const { path, keep } = this.options
    try {
      closeSync(this.fd)
      if (keep === 0) rmSync(path, { force: true })
      else {
        rmSync(`${path}.${keep}`, { force: true })
        for (let i = keep - 1; i >= 1; i--) {
          try {
            renameSync(`${path}.${i}`, `${path}.${i + 1}`)
          } catch {}
        }
        renameSync(path, `${path}.1`)
      }
    } catch (error) {
      this.options.warn({ logFile: path, error: errorCode(error) }, 'LOG_FILE rotation failed')
    }
    try {
      this.fd = openSync(path, 'a')
      this.size = fstatSync(this.fd).size
      this.options.stats.rotations++
    } catch (error) {
      // the old descriptor is closed: keep writing to stdout only by failing every batch
      this.fd = -1
      this.options.warn(
        { logFile: path, error: errorCode(error) },
        'LOG_FILE cannot be reopened after rotation: logging to stdout only',
      )
    }
  }
}
