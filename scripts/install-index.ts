/**
 * `charts install-index DIR [--out DIR]`: puts a built index where a server reads it, whole
 * and checked. It copies DIR into a fresh sibling of the target (the copy step the server's
 * serving copy uses, src/store/serving-copy.ts: every file its manifest lists), checks it
 * exactly as the server will (open-index.ts, verify-index.ts), and renames it into place
 * (build/publish.ts): the server notices the rename at once (fs.watch) and swaps once. (A
 * server makes its own checked copy of whatever lands in INDEX_DIR, so a `cp` there cannot
 * hurt it; with INDEX_MODE=mmap, which maps INDEX_DIR's files themselves, installing by
 * rename is what keeps a file from being truncated under its mapping: a SIGBUS.)
 */
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { type CommandSpec, parseCommand, usageError } from '../build/cli.ts'
import { lockOut, publish, removeLeftovers } from '../build/publish.ts'
import { DEFAULT_INDEX_DIR } from '../schema/format.ts'
import { MANIFEST_FILE, readManifest } from '../schema/manifest.ts'
import { openIndex } from '../src/store/open-index.ts'
import { copyIndexNow } from '../src/store/serving-copy.ts'
import { verifyIndexNow } from '../src/store/verify-index.ts'

export const INSTALL_INDEX_COMMAND: CommandSpec = {
  name: 'charts install-index DIR',
  summary:
    'Installs the index in DIR where a server reads it: copied to a fresh directory beside the target, checked, then renamed into place, so the server finds it whole and swaps once (with INDEX_MODE=mmap, the only safe way: a file rewritten under a server that maps it can kill it with SIGBUS).',
  options: {
    out: {
      type: 'string',
      value: 'DIR',
      help: 'the directory the server reads (default: $INDEX_DIR, else data/index)',
    },
  },
  notes: 'exit status: 0 installed, 1 DIR is not a good index (nothing changed), 2 usage',
}

/** Resolves to the exit code. */
export async function runInstallIndexCli(args: string[]): Promise<number> {
  const from = args[0] && !args[0].startsWith('-') ? args[0] : undefined
  const parsed = parseCommand(INSTALL_INDEX_COMMAND, from ? args.slice(1) : args)
  if (typeof parsed === 'number') return parsed
  if (!from) return usageError(INSTALL_INDEX_COMMAND, 'the index directory to install is missing')
  const out = resolve(
    (parsed.out as string | undefined) ?? (process.env.INDEX_DIR || DEFAULT_INDEX_DIR),
  )
  if (resolve(from) === out)
    return usageError(INSTALL_INDEX_COMMAND, `${from} is the target itself`)
  if (!existsSync(join(from, MANIFEST_FILE))) {
    console.error(`install-index: ${from} holds no index (no ${MANIFEST_FILE})`)
    return 1
  }
  const release = lockOut(out)
  const tmp = `${out}.tmp-install-${process.pid}`
  try {
    removeLeftovers(out)
    // the server's own install step: every file the manifest lists, then the manifest
    copyIndexNow(from, tmp)
    const index = openIndex(tmp, 'memory')
    verifyIndexNow(index)
    let previous = 'none'
    try {
      previous = readManifest(out, { anyVersion: true }).buildId
    } catch {}
    publish(tmp, out)
    console.log(`install-index: build ${index.buildId} installed at ${out} (was ${previous})`)
    return 0
  } catch (error) {
    console.error(`install-index: ${(error as Error).message}; ${out} is unchanged`)
    removeLeftovers(out)
    return 1
  } finally {
    release()
  }
}
