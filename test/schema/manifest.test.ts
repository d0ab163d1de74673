/**
 * The one reader and writer of manifest.json: what it refuses (not JSON, no files, another
 * format version unless only looked at, a listed name that is no index file), that a missing
 * manifest is said as such, and that what it writes reads back as written.
 */
import { afterAll, describe, expect, test } from 'bun:test'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { FORMAT_VERSION, type IndexManifest } from '../../schema/format.ts'
import {
  MANIFEST_FILE,
  manifestFromText,
  readManifest,
  readManifestFile,
  writeManifest,
} from '../../schema/manifest.ts'
import { tempDir } from '../helpers.ts'

const tmp = tempDir()
afterAll(() => tmp.cleanup())

const manifest = (extra: Partial<IndexManifest> = {}) =>
  ({
    formatVersion: FORMAT_VERSION,
    buildId: '0123456789abcdef',
    files: {
      'catalog.fb': { bytes: 1, sha256: '', crc32: 0 },
      'answers-007.fb': { bytes: 2, sha256: '', crc32: 0 },
    },
    ...extra,
  }) as IndexManifest

describe('manifestFromText', () => {
  test('a manifest of this version listing index files is read as written', () => {
    expect(manifestFromText(JSON.stringify(manifest()), 'm')).toEqual(manifest())
  })

  test('refused, naming where it was read: not JSON, no files, a name that is no index file', () => {
    expect(() => manifestFromText('{"files":', 'x/manifest.json')).toThrow(
      /^index: x\/manifest\.json is not valid JSON \(/,
    )
    expect(() => manifestFromText('[1]', 'x/manifest.json')).toThrow(
      'index: x/manifest.json is not a manifest (no files)',
    )
    for (const name of ['../../etc/passwd', 'manifest.json', 'notes.txt', 'answers-1.fb']) {
      const text = JSON.stringify(
        manifest({ files: { [name]: { bytes: 1, sha256: '', crc32: 0 } } }),
      )
      expect(() => manifestFromText(text, 'm')).toThrow(
        `index: m lists ${JSON.stringify(name)}, no index file`,
      )
    }
  })

  test('another format version: refused, unless the caller only looks', () => {
    const text = JSON.stringify(manifest({ formatVersion: FORMAT_VERSION + 1 }))
    expect(() => manifestFromText(text, 'm')).toThrow(
      `index: m has format version ${FORMAT_VERSION + 1}; this server reads version ${FORMAT_VERSION}`,
    )
    expect(manifestFromText(text, 'm', { anyVersion: true }).formatVersion).toBe(FORMAT_VERSION + 1)
  })
})

describe('reading and writing a directory', () => {
  test('what is written reads back, with its text as written', () => {
    const dir = join(tmp.dir, 'written')
    mkdirSync(dir)
    writeManifest(dir, manifest())
    const { text, manifest: read } = readManifestFile(dir)
    expect(read).toEqual(manifest())
    expect(text).toBe(`${JSON.stringify(manifest(), null, 2)}\n`)
    expect(readManifest(dir)).toEqual(manifest())
  })

  test('a directory without one says so; a bad one names its path', () => {
    const dir = join(tmp.dir, 'empty')
    mkdirSync(dir)
    expect(() => readManifest(dir)).toThrow(
      `index: no ${MANIFEST_FILE} in ${dir} (not built, or the build did not finish)`,
    )
    writeFileSync(join(dir, MANIFEST_FILE), 'garbage')
    expect(() => readManifest(dir)).toThrow(`index: ${join(dir, MANIFEST_FILE)} is not valid JSON`)
  })
})
