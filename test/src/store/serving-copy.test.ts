/**
 * The serving copy's copy step: every file the manifest lists (a file no fixed list knows
 * included), manifest.json last and as it was; names that are not an index file's refused;
 * a missing file named; and the copies directory keeping one copy per build.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { MANIFEST_FILE, readManifest } from '../../../schema/manifest.ts'
import {
  copyIndex,
  copyIndexNow,
  ServingCopies,
  servingRootOf,
} from '../../../src/store/serving-copy.ts'
import { buildSample, editManifest, tempDir } from '../../helpers.ts'

const tmp = tempDir()
let built: Awaited<ReturnType<typeof buildSample>>
beforeAll(async () => {
  built = await buildSample(join(tmp.dir, 'sample'), 3, 8, 3)
})
afterAll(() => tmp.cleanup())

/** A copy of the sample whose manifest also lists `extra` (written with `bytes`). */
function withExtraFile(name: string, extra: string, bytes = 'extra bytes'): string {
  const dir = join(tmp.dir, name)
  cpSync(built.indexDir, dir, { recursive: true })
  editManifest(dir, (m) => {
    m.files[extra] = { bytes: bytes.length, sha256: '', crc32: Bun.hash.crc32(bytes) >>> 0 }
  })
  if (!extra.includes('/')) writeFileSync(join(dir, extra), bytes)
  return dir
}

describe('copying an index directory', () => {
  test('every file the manifest lists, a new kind of file too; the manifest byte for byte', async () => {
    const from = withExtraFile('extra', 'answers-000.fb')
    for (const [copy, to] of [
      [copyIndexNow, join(tmp.dir, 'copied-now')],
      [copyIndex, join(tmp.dir, 'copied')],
    ] as const) {
      const manifest = await copy(from, to)
      const listed = [...Object.keys(manifest.files), MANIFEST_FILE].sort()
      expect(readdirSync(to).sort()).toEqual(listed)
      for (const name of listed)
        expect(readFileSync(join(to, name)).equals(readFileSync(join(from, name)))).toBe(true)
    }
  })

  test('a manifest naming a path, not an index file, is refused before anything is copied', () => {
    const from = withExtraFile('escape', '../../etc/cron.d/x.fb')
    const to = join(tmp.dir, 'escape-copy')
    expect(() => copyIndexNow(from, to)).toThrow(
      `index: ${join(from, MANIFEST_FILE)} lists "../../etc/cron.d/x.fb", no index file`,
    )
    expect(existsSync(to)).toBe(false)
  })

  test('a file the manifest lists and the directory lacks is named, with the cause', () => {
    const from = withExtraFile('missing', 'answers-001.fb')
    const gone = join(from, 'answers-001.fb')
    rmSync(gone)
    expect(() => copyIndexNow(from, join(tmp.dir, 'missing-copy'))).toThrow(
      `index: cannot copy ${gone} to ${join(tmp.dir, 'missing-copy', 'answers-001.fb')} (ENOENT)`,
    )
  })
})

describe('the copies directory', () => {
  test('a copy settles at its build, one per build; the others are removed', () => {
    const root = servingRootOf(join(tmp.dir, 'site', 'index'))
    expect(root).toBe(join(tmp.dir, 'site', 'index.serving'))
    const copies = new ServingCopies(root)
    expect(copies.prepare()).toBeNull()
    const id = readManifest(built.indexDir).buildId
    expect(copies.kept(built.indexDir)).toBeNull()
    const first = copies.copyNow(built.indexDir)
    const settled = copies.settle(first, id)
    expect(settled).toBe(join(root, id))
    expect(copies.kept(built.indexDir)).toBe(settled)
    const stale = join(root, 'another-build')
    mkdirSync(stale)
    copies.prune(settled)
    expect(readdirSync(root)).toEqual([id])
  })

  test("a copy another running server is making is left alone; a dead one's is removed", () => {
    const root = join(tmp.dir, 'shared', 'index.serving')
    const copies = new ServingCopies(root)
    expect(copies.prepare()).toBeNull()
    const served = copies.copyNow(built.indexDir)
    // the parent of this test process runs on; a finished child's pid names no process
    const dead = Bun.spawnSync([process.execPath, '--version']).pid
    const alive = join(root, `.new-${process.ppid}-1`)
    const leftover = join(root, `.new-${dead}-1`)
    mkdirSync(alive)
    mkdirSync(leftover)
    copies.prune(served)
    expect(readdirSync(root).sort()).toEqual(
      [`.new-${process.ppid}-1`, served.split('/').at(-1)!].sort(),
    )
  })

  test('a root that cannot be made is said, with the cause', () => {
    const copies = new ServingCopies('/proc/self/no-such-dir/index.serving')
    expect(copies.prepare()).toMatch(/^\/proc\/self\/no-such-dir\/index\.serving: E[A-Z]+$/)
  })
})
