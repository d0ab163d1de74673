/**
 * manifest.json, the last file of every index directory (its shape: IndexManifest in
 * format.ts): its name, its one reader and its one writer, for the build, the server, the
 * pull, the publish and the commands alike. Reading checks what every reader relies on: JSON,
 * the format version (unless a caller only wants to look), and that every file it lists is
 * an index file (INDEX_FILES or a stored answers file), so a manifest never names a path.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { FORMAT_VERSION, type IndexManifest, isIndexFileName } from './format.ts'

/** The manifest's file name in an index directory (and in a published build). */
export const MANIFEST_FILE = 'manifest.json'

/** What a reader checks beyond JSON and the names of the files, and how it says it. */
export interface ManifestCheck {
  /** take any format version (a look at an index, not a use of it); default false */
  anyVersion?: boolean
  /** what every error starts with (`index`: the server's, the commands'; `base: DIR`) */
  stage?: string
}

/**
 * The manifest in `text`, read from `where` (named in every error). Throws an error (`index:`
 * unless `check.stage` says otherwise) when it is not JSON, not of this format version (unless `anyVersion`), or lists a name that
 * is no index file.
 */
export function manifestFromText(
  text: string,
  where: string,
  check: ManifestCheck = {},
): IndexManifest {
  const stage = check.stage ?? 'index'
  let manifest: IndexManifest
  try {
    manifest = JSON.parse(text)
  } catch (error) {
    throw new Error(`${stage}: ${where} is not valid JSON (${(error as Error).message})`)
  }
  if (typeof manifest?.files !== 'object' || manifest.files === null)
    throw new Error(`${stage}: ${where} is not a manifest (no files)`)
  if (!check.anyVersion && manifest.formatVersion !== FORMAT_VERSION) {
    throw new Error(
      `index: ${where} has format version ${manifest.formatVersion}; this server reads version ${FORMAT_VERSION} (rebuild it with npm run build-index)`,
    )
  }
  for (const name of Object.keys(manifest.files))
    if (!isIndexFileName(name))
      throw new Error(`${stage}: ${where} lists ${JSON.stringify(name)}, no index file`)
  return manifest
}

/**
 * The manifest of the index directory `dir`, with its text as read (to copy it as it is). A
 * directory without one says so; one that cannot be read (no permission, an I/O error) says
 * that, with the system's code.
 */
export function readManifestFile(
  dir: string,
  check: ManifestCheck = {},
): { text: string; manifest: IndexManifest } {
  const stage = check.stage ?? 'index'
  const path = join(dir, MANIFEST_FILE)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    const e = error as NodeJS.ErrnoException
    if (e.code === 'ENOENT')
      throw new Error(
        `index: no ${MANIFEST_FILE} in ${dir} (not built, or the build did not finish)`,
      )
    throw new Error(`${stage}: cannot read ${path} (${e.code ?? e.message})`)
  }
  return { text, manifest: manifestFromText(text, path, check) }
}

/** readManifestFile's manifest. */
export function readManifest(dir: string, check: ManifestCheck = {}): IndexManifest {
  return readManifestFile(dir, check).manifest
}

/** The text a manifest is written as: indented JSON and a newline. */
export function manifestText(manifest: IndexManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`
}

/** Writes `manifest` as `dir`'s manifest.json (the build writes it last). */
export function writeManifest(dir: string, manifest: IndexManifest): void {
  writeFileSync(join(dir, MANIFEST_FILE), manifestText(manifest))
}
