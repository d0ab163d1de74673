/**
 * Stage `answers`: the stored answers (schema/answers.fbs). Every default answer of the index
 * just written is rendered by the server's own renderers (src/render/stored-answers.ts, the
 * one place build/ reads src/: the stored bytes must inflate to exactly what the server
 * renders) and compressed once with libdeflate at ANSWER_LEVELS, levels no request path
 * could afford, so that the stored body is no larger than what a typical server's zlib at its
 * default level 6 sends for the same answer (bench/RESULTS.md, "full, stored answers").
 *
 * Rendering and compressing run in workers, one per core (build/answers-worker.ts), on
 * batches of consecutive answers; this thread writes their bodies in number order into
 * answers files of at most ANSWERS_FILE_BYTES, holding one file's bodies at a time.
 */
import { availableParallelism } from 'node:os'
import {
  ANSWERS_FILE_BYTES,
  type AnswersManifest,
  answersFileName,
  type IndexManifest,
} from '../schema/format.ts'
import { ANSWERS_TABLE } from '../schema/tables.ts'
import { answerBases } from '../src/store/answers.ts'
import { openIndex } from '../src/store/open-index.ts'
import type { AnswerLevels, AnswersJob, AnswersResult } from './answers-worker.ts'
import type { AnswerCarry } from './base-prefix.ts'
import type { StageKit } from './build-stages.ts'
import { tableParts } from './index-files.ts'

/**
 * libdeflate's level for each kind of stored body: the cheapest at which none of 2,000 random
 * bodies of either full-scale catalog shape came out larger than node:zlib level 6 makes it
 * (what a typical server's middleware sends): a 76 KB top200 ranking at level 6 in ~0.87 ms
 * (level 5: 0.64 ms, but up to 1.005× zlib 6; zlib 6 itself: 1.23 ms), a 19 KB viral50
 * ranking at level 7 (level 6 was larger for ~30 % of them), a weekly chart at level 6
 * (bench/RESULTS.md, "full, stored answers", by hand).
 */
export const ANSWER_LEVELS: AnswerLevels = { top200: 6, viral50: 7, weekly: 6 }
/** The encoder named in the manifest. */
const ENCODER = `libdeflate ${ANSWER_LEVELS.top200} (top200), ${ANSWER_LEVELS.viral50} (viral50), ${ANSWER_LEVELS.weekly} (weekly)`
/** Answers per batch a worker renders (a full ranking compresses to ~15 KB). */
const BATCH = 32
/** Batches each worker has in hand, so that none waits for the next. */
const IN_FLIGHT = 2

/** The bodies of one answers file, collected in number order until it is full. */
class AnswersFileWriter {
  private bodies = new Uint8Array(1 << 20)
  private used = 0
  private offsets: number[] = [0]
  private first = 0
  readonly listed: AnswersManifest['files'] = []
  bytes = 0

  constructor(private readonly kit: StageKit) {}

  /** Adds the next answer's body, first writing the file out when the body would not fit. */
  async add(body: Uint8Array): Promise<void> {
    if (this.used + body.byteLength > ANSWERS_FILE_BYTES && this.offsets.length > 1)
      await this.flush()
    if (this.used + body.byteLength > this.bodies.byteLength) {
      const grown = new Uint8Array(
        Math.min(
          ANSWERS_FILE_BYTES,
          Math.max(this.bodies.byteLength * 2, this.used + body.byteLength),
        ),
      )
      grown.set(this.bodies.subarray(0, this.used))
      this.bodies = grown
    }
    this.bodies.set(body, this.used)
    this.used += body.byteLength
    this.offsets.push(this.used)
  }

  /** Writes the file of the answers collected so far (if any). */
  async flush(): Promise<void> {
    const count = this.offsets.length - 1
    if (count === 0) return
    const name = answersFileName(this.listed.length)
    const data = {
      first: this.first,
      offsets: Uint32Array.from(this.offsets),
      bodies: this.bodies.subarray(0, this.used),
    }
    await this.kit.write(name, tableParts(ANSWERS_TABLE, data))
    this.listed.push({ name, first: this.first, count })
    this.bytes += this.used
    this.first += count
    this.used = 0
    this.offsets = [0]
  }
}

/**
 * The workers' entry point: beside this file, or in a compiled binary (Bun.main under
 * /$bunfs/) the copy scripts/compile.ts embeds, found by its path from the project root
 * (import.meta.url is the source path there, inlined at compile time).
 */
const WORKER_ENTRY = Bun.main.startsWith('/$bunfs/')
  ? './build/answers-worker.ts'
  : new URL('./answers-worker.ts', import.meta.url).href

/** A worker's answer to one batch, its error as a rejection. */
type Done = Extract<AnswersResult, { sizes: Uint32Array }>

/** The uncompressed size of a gzip member: its trailer's ISIZE (RFC 1952; bodies < 4 GiB). */
function gzipIdentitySize(body: Uint8Array): number {
  const n = body.byteLength
  return (body[n - 4] | (body[n - 3] << 8) | (body[n - 2] << 16) | (body[n - 1] << 24)) >>> 0
}

/**
 * The answers to render, as runs of at most BATCH consecutive numbers: all of [0, count), or
 * those `from` does not take from the base (`from[n]` -1).
 */
function renderRuns(count: number, from: Int32Array | null): [number, number][] {
  const runs: [number, number][] = []
  for (let n = 0; n < count; ) {
    if (from && from[n] >= 0) {
      n++
      continue
    }
    let end = n + 1
    while (end < count && end - n < BATCH && !(from && from[end] >= 0)) end++
    runs.push([n, end])
    n = end
  }
  return runs
}

/**
 * Renders, compresses and writes every default answer of the index in `dir` (its files as
 * `manifest` lists them: the manifest.json is not written yet). Resolves to what the
 * manifest says of them, and how many were copied. `span` is the share of the build's
 * progress this stage reports. With `carry` (a --base build), the answers its base stored unchanged are copied from it,
 * not rendered again: the same bytes, since they are the same answers compressed alike.
 */
export async function writeAnswers(
  dir: string,
  manifest: IndexManifest,
  kit: StageKit,
  span: [number, number],
  carry?: AnswerCarry,
): Promise<{ answers: AnswersManifest; copied: number }> {
  const index = openIndex(dir, 'mmap', manifest)
  const count = answerBases(index).end
  const from =
    carry?.from({
      regionDateOffsets: [
        index.charts.top200.regionDateOffsets,
        index.charts.viral50.regionDateOffsets,
      ],
      regionWeekOffsets: index.weekly.regionWeekOffsets,
    }) ?? null
  const runs = renderRuns(count, from)
  const batches = runs.length
  const threads = Math.max(1, Math.min(availableParallelism(), batches))
  const workers = Array.from({ length: threads }, () => new Worker(WORKER_ENTRY))
  const out = new AnswersFileWriter(kit)
  let identityBytes = 0
  try {
    const results = new Map<number, Done>()
    let next = 0
    let failed: Error | null = null
    let wake: (() => void) | null = null
    const notify = () => {
      const w = wake
      wake = null
      w?.()
    }
    const send = (worker: Worker) => {
      if (next >= batches) return
      const [first, end] = runs[next]
      const job: AnswersJob = {
        kind: 'render',
        batch: next++,
        from: first,
        to: end,
        levels: ANSWER_LEVELS,
      }
      worker.postMessage(job)
    }
    for (const worker of workers) {
      worker.onmessage = (event: MessageEvent<AnswersResult>) => {
        const result = event.data
        if ('error' in result) failed ??= new Error(`answers: ${result.error}`)
        else {
          results.set(result.batch, result)
          send(worker)
        }
        notify()
      }
      worker.onerror = (event) => {
        failed ??= new Error(`answers: a worker failed: ${event.message}`)
        notify()
      }
      const open: AnswersJob = { kind: 'open', dir, manifest }
      worker.postMessage(open)
      for (let i = 0; i < IN_FLIGHT; i++) send(worker)
    }
    let batch = 0
    for (let n = 0; n < count; ) {
      if (from && from[n] >= 0) {
        const body = carry!.body(from[n])
        await out.add(body)
        identityBytes += gzipIdentitySize(body)
        n++
        continue
      }
      let done = results.get(batch)
      while (!done) {
        if (failed) throw failed
        await new Promise<void>((resolve) => {
          wake = resolve
        })
        done = results.get(batch)
      }
      results.delete(batch)
      let at = 0
      for (const size of done.sizes) {
        await out.add(done.bodies.subarray(at, at + size))
        at += size
      }
      identityBytes += done.identity
      n = runs[batch][1]
      batch++
      kit.progress(span[0] + ((span[1] - span[0]) * n) / count, 'answers')
      kit.checkpoint('answers')
    }
    await out.flush()
  } finally {
    for (const worker of workers) worker.terminate()
  }
  const copied = from ? from.reduce((n, f) => n + (f >= 0 ? 1 : 0), 0) : 0
  return {
    answers: { files: out.listed, count, bytes: out.bytes, identityBytes, encoder: ENCODER },
    copied,
  }
}
