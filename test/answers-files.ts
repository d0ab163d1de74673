/**
 * Test helper: rewrites the stored answers of a built index as another build would have
 * written them, with its manifest in line (sizes, checksums, the answers' files and counts):
 * split into several files (what a full-scale build writes), or with one body replaced (what
 * a build by a server with other renderers would hold).
 */
import { createHash } from 'node:crypto'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tableParts } from '../build/index-files.ts'
import { answersFileName, type IndexManifest } from '../schema/format.ts'
import { readManifest, writeManifest } from '../schema/manifest.ts'
import { ANSWERS_TABLE } from '../schema/tables.ts'
import { storedBody } from '../src/store/answers.ts'
import { openIndex } from '../src/store/open-index.ts'

/** How to rewrite the answers. */
export interface AnswersRewrite {
  /** files to split them into (about equal counts; default 1) */
  files?: number
  /** answer number → the body to store in its place */
  replace?: ReadonlyMap<number, Uint8Array>
}

/** Rewrites the stored answers of the index in `dir` (in place); returns their count. */
export function rewriteAnswers(dir: string, rewrite: AnswersRewrite): number {
  const index = openIndex(dir, 'memory')
  const answers = index.answers
  if (!answers) throw new Error(`${dir} stores no answers`)
  const bodies = Array.from({ length: answers.count }, (_, n) =>
    Buffer.from(rewrite.replace?.get(n) ?? storedBody(answers, n)!),
  )
  const manifest = readManifest(dir)
  for (const { name } of manifest.answers!.files) {
    rmSync(join(dir, name))
    delete manifest.files[name]
  }
  const parts = rewrite.files ?? 1
  const listed: NonNullable<IndexManifest['answers']>['files'] = []
  let bytes = 0
  for (let k = 0; k < parts; k++) {
    const first = Math.floor((k * bodies.length) / parts)
    const end = Math.floor(((k + 1) * bodies.length) / parts)
    const mine = bodies.slice(first, end)
    const offsets = new Uint32Array(mine.length + 1)
    mine.forEach((b, i) => {
      offsets[i + 1] = offsets[i] + b.length
    })
    const file = Buffer.concat(
      tableParts(ANSWERS_TABLE, { first, offsets, bodies: Buffer.concat(mine) }),
    )
    const name = answersFileName(k)
    writeFileSync(join(dir, name), file)
    manifest.files[name] = {
      bytes: file.length,
      sha256: createHash('sha256').update(file).digest('hex'),
      crc32: Bun.hash.crc32(file) >>> 0,
    }
    listed.push({ name, first, count: mine.length })
    bytes += offsets[mine.length]
  }
  manifest.answers = { ...manifest.answers!, files: listed, bytes }
  writeManifest(dir, manifest)
  return bodies.length
}
