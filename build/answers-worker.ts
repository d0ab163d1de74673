/**
 * A worker of the answers stage (build/answers.ts): opens the index being built (mapped, as
 * the server does), renders the default answers it is asked for with the server's own
 * renderers and compresses each (libdeflate), and sends the bodies back in one buffer.
 *
 * Messages in: `{ kind: 'open', dir, manifest }` once, then `{ kind: 'render', batch, from,
 * to, level }`; out: `{ batch, sizes, identity, bodies }` (the buffers transferred, not
 * copied) or `{ batch, error }`.
 */
import type { IndexManifest } from '../schema/format.ts'
import { renderAnswer } from '../src/render/stored-answers.ts'
import { answerBases } from '../src/store/answers.ts'
import { releasePages } from '../src/store/mmap.ts'
import { type Index, openIndex } from '../src/store/open-index.ts'

/** What the stage asks of a worker. */
export type AnswersJob =
  | { kind: 'open'; dir: string; manifest: IndexManifest }
  | { kind: 'render'; batch: number; from: number; to: number; levels: AnswerLevels }

/** A libdeflate level (0-12). */
export type GzipLevel = NonNullable<Bun.LibdeflateCompressionOptions['level']>
/** The level of each kind of answer: top200 and viral50 rankings, weekly charts. */
export interface AnswerLevels {
  top200: GzipLevel
  viral50: GzipLevel
  weekly: GzipLevel
}

/** What a worker sends back for a batch. */
export type AnswersResult =
  | {
      batch: number
      /** per answer of the batch: its gzip body's size */
      sizes: Uint32Array
      /** bytes of the identity bodies */
      identity: number
      /** the gzip bodies back to back */
      bodies: Uint8Array
    }
  | { batch: number; error: string }

declare const self: Worker
let index: Index | null = null

/** The bodies of answers [from, to), each compressed at its kind's level. */
function renderBatch(at: Index, from: number, to: number, levels: AnswerLevels) {
  const b = answerBases(at)
  const sizes = new Uint32Array(to - from)
  const parts: Uint8Array[] = []
  let identity = 0
  let total = 0
  for (let n = from; n < to; n++) {
    const body = renderAnswer(at, n)
    identity += body.byteLength
    const level = n < b.viral50 ? levels.top200 : n < b.weekly ? levels.viral50 : levels.weekly
    const gzip = Bun.gzipSync(body as Uint8Array<ArrayBuffer>, { level, library: 'libdeflate' })
    sizes[n - from] = gzip.byteLength
    total += gzip.byteLength
    parts.push(gzip)
  }
  const bodies = new Uint8Array(total)
  let pos = 0
  for (const part of parts) {
    bodies.set(part, pos)
    pos += part.byteLength
  }
  return { sizes, identity, bodies }
}

/**
 * Gives back the pages of the rows answers [from, to) read (a chart's rows, a weekly chart's):
 * the stage walks every chart once, and what it has read need not stay resident (the track
 * fragments it reads all the time stay). Answers of one kind only: a batch that crosses from
 * one kind to the next releases nothing.
 */
function releaseChartPages(at: Index, from: number, to: number): void {
  const b = answerBases(at)
  const rows = (offsets: Uint32Array, u8: Uint8Array, first: number, last: number) => {
    const total = offsets[offsets.length - 1]
    if (total === 0) return
    const size = u8.length / total
    releasePages(u8.subarray(offsets[first] * size, offsets[last] * size))
  }
  const { top200, viral50 } = at.charts
  if (to <= b.viral50) rows(top200.dateRowOffsets, top200.rows.u8, from, to)
  else if (from >= b.viral50 && to <= b.weekly)
    rows(viral50.dateRowOffsets, viral50.rows.u8, from - b.viral50, to - b.viral50)
  else if (from >= b.weekly)
    rows(at.weekly.weekRowOffsets, at.weekly.rows.u8, from - b.weekly, to - b.weekly)
}

self.onmessage = (event: MessageEvent<AnswersJob>) => {
  const job = event.data
  if (job.kind === 'open') {
    index = openIndex(job.dir, 'mmap', job.manifest)
    return
  }
  try {
    if (!index) throw new Error('answers: the worker has no index open')
    const done = renderBatch(index, job.from, job.to, job.levels)
    releaseChartPages(index, job.from, job.to)
    const result: AnswersResult = { batch: job.batch, ...done }
    self.postMessage(result, [done.sizes.buffer, done.bodies.buffer])
  } catch (error) {
    const result: AnswersResult = { batch: job.batch, error: (error as Error).message }
    self.postMessage(result)
  }
}
