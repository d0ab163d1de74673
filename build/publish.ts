/**
 * The output directory of a build: one build at a time (`<out>.lock`), leftovers of earlier
 * interrupted builds removed (`<out>.tmp-*`, `<out>.old-*`), and the finished directory
 * published by rename. A published index is never edited in place: servers map its files,
 * and a file truncated under a mapping kills the reader (SIGBUS).
 */
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { replaceDir } from '../schema/published.ts'

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists but belongs to another user
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Takes `<out>.lock` for this process; throws a clear error when a live build holds it. A
 * lock left by a build that died is taken over. Returns the function that releases it.
 */
export function lockOut(out: string): () => void {
  mkdirSync(dirname(out), { recursive: true })
  const lock = `${out}.lock`
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number
    try {
      fd = openSync(lock, 'wx')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      let holder = Number.NaN
      try {
        holder = Number(readFileSync(lock, 'utf8').trim())
      } catch {}
      if (alive(holder) && holder !== process.pid) {
        throw new Error(
          `publish: another build (pid ${holder}) is writing ${out}; wait for it to finish (or remove ${lock} if that process is not a build)`,
        )
      }
      // a dead build's lock (or one half-written an instant ago): take it over once
      rmSync(lock, { force: true })
      continue
    }
    writeSync(fd, `${process.pid}\n`)
    closeSync(fd)
    return () => {
      try {
        if (Number(readFileSync(lock, 'utf8').trim()) === process.pid) rmSync(lock, { force: true })
      } catch {}
    }
  }
  throw new Error(`publish: could not take ${lock}; another build started at the same moment`)
}

/**
 * Removes `<out>.tmp-*` and `<out>.old-*` left by builds that were interrupted (call with
 * the lock held, so none of them belongs to a running build). Returns the names removed.
 */
export function removeLeftovers(out: string): string[] {
  const dir = dirname(out)
  if (!existsSync(dir)) return []
  const base = basename(out)
  const removed: string[] = []
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(`${base}.tmp-`) && !name.startsWith(`${base}.old-`)) continue
    rmSync(join(dir, name), { recursive: true, force: true })
    removed.push(name)
  }
  return removed
}

/**
 * Puts the finished directory `tmp` at `out`: the old index (if any) is renamed aside,
 * the new one renamed in, the old one removed (schema/published.ts, the same swap a replica
 * does with a pulled build).
 */
export function publish(tmp: string, out: string): void {
  replaceDir(tmp, out)
}
