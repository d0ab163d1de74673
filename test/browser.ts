/**
 * The one way tests start a headless Chromium (driven by playwright-core): the system's
 * Chromium when there is one (Debian's /usr/bin/chromium), else the one inside the npm package
 * `@sparticuz/chromium`, which carries its binary (brotli-packed) in the package. So
 * `npm install && npm test` needs nothing but node and npm.
 */
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import sparticuz from '@sparticuz/chromium'
import { type Browser, chromium } from 'playwright-core'

/** Debian's chromium package, used when it is installed (and not hidden). */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium'

/** Flags for a quiet, offline headless browser: no updates, no sync, no phoning home. */
const QUIET = [
  '--headless',
  '--no-sandbox',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** The Chromium `launchBrowser` starts: its executable, flags and environment. */
export interface ChromiumLaunch {
  executablePath: string
  args: string[]
  env: Record<string, string | undefined>
}

/** The system Chromium when there is one, else the packaged one (unpacked once, on first use). */
export async function chromiumToLaunch(): Promise<ChromiumLaunch> {
  if (isRealFile(SYSTEM_CHROMIUM)) {
    return { executablePath: SYSTEM_CHROMIUM, args: [...QUIET, '--disable-gpu'], env: process.env }
  }
  const dir = await unpackedChromium()
  return {
    executablePath: join(dir, 'chromium'),
    // the package's own flags (single process, no zygote, software GL) plus ours; without
    // --lang this build reports navigator.language "en-US@posix", which Intl rejects
    args: [...sparticuz.args, ...QUIET, '--lang=en-US'],
    env: { ...process.env, FONTCONFIG_PATH: dir },
  }
}

/** A headless Chromium: the system one when present, else the one from @sparticuz/chromium. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch(await chromiumToLaunch())
}

/**
 * The directory holding the packaged Chromium, unpacked. The package unpacks into the temp
 * directory and trusts any `chromium` already there, so an interrupted unpack would leave a
 * truncated binary for good: unpack into a fresh directory instead and rename it into place
 * only when complete (a concurrent run that finished first wins; ours is then dropped).
 */
async function unpackedChromium(): Promise<string> {
  const entry = fileURLToPath(import.meta.resolve('@sparticuz/chromium'))
  const name = '@sparticuz/chromium'
  const pkg = entry.slice(0, entry.lastIndexOf(name) + name.length)
  const { version } = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'))
  const dir = join(tmpdir(), `sparticuz-chromium-${version}`)
  if (existsSync(join(dir, 'fonts.conf'))) return dir
  const staging = mkdtempSync(join(tmpdir(), 'sparticuz-chromium-unpacking-'))
  try {
    // the package computes every output path from tmpdir() before its first await
    const saved = process.env.TMPDIR
    process.env.TMPDIR = staging
    let unpacking: Promise<string>
    try {
      unpacking = sparticuz.executablePath()
    } finally {
      if (saved === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = saved
    }
    if ((await unpacking) !== join(staging, 'chromium')) throw new Error('unexpected unpack path')
    // the package's fonts.conf names /tmp/fonts; ours names where the fonts really are, and
    // keeps the system's fonts when there are any
    writeFileSync(
      join(staging, 'fonts.conf'),
      `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n` +
        `  <dir>${join(dir, 'fonts')}</dir>\n` +
        `  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n` +
        `  <cachedir>${join(dir, 'fonts-cache')}</cachedir>\n</fontconfig>\n`,
    )
    renameSync(staging, dir)
  } catch (error) {
    rmSync(staging, { recursive: true, force: true })
    if (!existsSync(join(dir, 'fonts.conf'))) throw error
  }
  return dir
}

/** True for a non-empty regular file (a path bind-mounted over by /dev/null is not one). */
function isRealFile(path: string): boolean {
  const stat = statSync(path, { throwIfNoEntry: false })
  return stat?.isFile() === true && stat.size > 0
}
