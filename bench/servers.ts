/**
 * The servers a bench script measures: spawned pinned to one CPU, on loopback, waited for
 * until they answer, and never left running after the script, however it ends (its exit,
 * Ctrl-C, a timeout's SIGTERM). Used by run.ts and tail.ts.
 */

import { join } from 'node:path'
import type { BunFile, Subprocess } from 'bun'

const ROOT = join(import.meta.dir, '..')

/** The CPU the servers run on (the load generator takes the other one). */
export const SERVER_CPU = 0

/** Our server from source, as the bench runs it. */
export const OUR_SERVER = [process.execPath, 'scripts/charts.ts', 'serve']

/** A started server. */
export interface BenchServer {
  name: string
  base: string
  proc: Subprocess
  /** spawn to its first 200 on `readyPath`, ms */
  readyMs: number
}

const spawned: Subprocess[] = []
process.on('exit', () => {
  for (const proc of spawned) if (proc.exitCode === null) proc.kill()
})
// stopped from outside: exit, so the servers go with the script
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143))

/** What to start and how to tell it is up. */
export interface ServerSpec {
  name: string
  cmd: string[]
  port: number
  env?: Record<string, string>
  /** answered 200 once the server is up (default /ready) */
  readyPath?: string
  stdout?: BunFile | 'ignore'
  stderr?: BunFile | 'inherit'
}

/**
 * Starts a server and waits until it answers (up to two minutes: a baseline may first load
 * a large file, the replay server ~700 MB of bodies).
 */
export async function startServer(spec: ServerSpec): Promise<BenchServer> {
  const started = performance.now()
  const proc = Bun.spawn(['taskset', '-c', String(SERVER_CPU), ...spec.cmd], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(spec.port), HOST: '127.0.0.1', ...spec.env },
    stdout: spec.stdout ?? 'ignore',
    stderr: spec.stderr ?? 'inherit',
  })
  spawned.push(proc)
  const base = `http://127.0.0.1:${spec.port}`
  const deadline = performance.now() + 120_000
  while (performance.now() < deadline) {
    try {
      const res = await fetch(`${base}${spec.readyPath ?? '/ready'}`)
      if (res.status === 200) {
        return { name: spec.name, base, proc, readyMs: performance.now() - started }
      }
    } catch {}
    await Bun.sleep(2)
  }
  proc.kill()
  throw new Error(`${spec.name} did not start`)
}

/** Stops a server and waits for it to exit. */
export async function stopServer(server: BenchServer): Promise<void> {
  server.proc.kill('SIGTERM')
  await server.proc.exited
}
