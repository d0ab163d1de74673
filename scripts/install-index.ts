/**
 * `charts install-index DIR [--out DIR]`: the safe way to put a built index where a server
 * reads it. Copying files over a live index (`cp new/* data/index/`) writes into files the
 * server has mapped: a file truncated under its mapping kills the server with SIGBUS on its
 * next read past the new end, and until then it may answer from bytes nobody checked. This
 * copies DIR into a fresh sibling of the target, checks it exactly as the server will
 * (open-index.ts, verify-index.ts), and renames it into place (build/publish.ts): the server
 * notices the rename at once (fs.watch) and swaps, and its old mapping stays valid.
 */
import { cpSync, existsSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { type CommandSpec, parseCommand, usageError } from '../build/cli.ts'
import { lockOut, publish, removeLeftovers } from '../build/publish.ts'
import { DEFAULT_INDEX_DIR } from '../schema/format.ts'
import { PUBLISHED_FILES } from '../schema/published.ts'
import { openIndex } from '../src/store/open-index.ts'
import { verifyIndexNow } from '../src/store/verify-index.ts'

export const INSTALL_INDEX_COMMAND: CommandSpec = {
  name: 'charts install-index DIR',
  summary:
    'Installs the index in DIR where a server reads it: copied to a fresh directory beside the target, checked, then renamed into place (never written over the live files: a file rewritten under a running server can kill it with SIGBUS).',
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
  if (!existsSync(join(from, 'manifest.json'))) {
    console.error(`install-index: ${from} holds no index (no manifest.json)`)
    return 1
  }
  const release = lockOut(out)
  const tmp = `${out}.tmp-install-${process.pid}`
  try {
    removeLeftovers(out)
    mkdirSync(tmp)
    for (const name of PUBLISHED_FILES)
      if (existsSync(join(from, name))) cpSync(join(from, name), join(tmp, name))
    const index = openIndex(tmp, 'memory')
    verifyIndexNow(index)
    let previous = 'none'
    try {
      previous = String((await Bun.file(join(out, 'manifest.json')).json()).buildId)
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
