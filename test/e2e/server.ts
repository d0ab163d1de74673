/** Starts the real server as a child process on a free port and talks to it over HTTP. */
import { connect } from 'node:net'
import { join } from 'node:path'
import type { Subprocess } from 'bun'

export const ROOT = join(import.meta.dir, '../..')

/** A server child process. */
export interface ServerProcess {
  base: string
  proc: Subprocess<'ignore', 'pipe', 'pipe'>
  /** log lines (parsed JSON) seen so far on stdout */
  logs: Record<string, unknown>[]
  /** milliseconds from spawn to the "listening" line */
  startMs: number
  stop(signal?: NodeJS.Signals): Promise<number>
}

/**
 * Spawns `cmd` (default: the server from source) with `env`, waits for its "listening"
 * log line and returns its base URL.
 */
export async function spawnServer(
  env: Record<string, string>,
  cmd?: string[],
): Promise<ServerProcess> {
  const started = performance.now()
  const proc = Bun.spawn(cmd ?? [process.execPath, 'scripts/charts.ts', 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_FILE: '',
      ...env,
    },
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
  })
  const logs: Record<string, unknown>[] = []
  let base = ''
  let startMs = 0
  const reader = proc.stdout.getReader()
  const decoder = new TextDecoder()
  let pending = ''
  let outputEnded: () => void = () => {}
  const ended = new Promise<void>((resolve) => {
    outputEnded = resolve
  })
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start in 15 s')), 15_000)
    ;(async () => {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) {
          outputEnded()
          clearTimeout(timer)
          reject(new Error(`server exited: ${await new Response(proc.stderr).text()}`))
          return
        }
        pending += decoder.decode(value, { stream: true })
        let nl = pending.indexOf('\n')
        while (nl >= 0) {
          const line = pending.slice(0, nl)
          pending = pending.slice(nl + 1)
          nl = pending.indexOf('\n')
          try {
            const entry = JSON.parse(line)
            logs.push(entry)
            if (entry.msg === 'listening' && !base) {
              base = String(entry.url)
              startMs = performance.now() - started
              clearTimeout(timer)
              resolve()
            }
          } catch {}
        }
      }
    })()
  })
  await ready
  return {
    base,
    proc,
    logs,
    startMs,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      proc.kill(signal)
      const code = await proc.exited
      // every line the process wrote has been read (and parsed into logs) before we answer
      await ended
      return code
    },
  }
}

/** GET (or another method) as JSON: status, headers and parsed body. */
export async function getJson(base: string, path: string, init: RequestInit = {}) {
  const res = await fetch(base + path, init)
  const text = await res.text()
  let body: any
  try {
    body = text ? JSON.parse(text) : null
  } catch {
    body = text
  }
  return { status: res.status, headers: res.headers, body }
}

/**
 * Sends raw bytes to the server over TCP and resolves to what came back before the server
 * closed (clients like fetch normalise URLs and always send a Host).
 */
export function sendRaw(base: string, raw: string): Promise<string> {
  return new Promise((resolve) => {
    const url = new URL(base)
    let answer = ''
    const socket = connect(Number(url.port), url.hostname, () => socket.write(raw))
    socket.on('data', (chunk) => {
      answer += chunk.toString()
    })
    socket.on('close', () => resolve(answer))
    socket.on('error', () => resolve(answer))
    socket.setTimeout(1000, () => socket.destroy())
  })
}

/** Resolves once `check` holds; throws after `ms` naming `what`. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  ms = 15_000,
): Promise<void> {
  const until = performance.now() + ms
  while (!(await check())) {
    if (performance.now() > until) throw new Error(`timed out waiting for ${what}`)
    await Bun.sleep(20)
  }
}

/**
 * Waits until the server has looked at its index store (INDEX_URL) `n` more times: each look
 * the store answers moves /ready's `origin.checkedAt`, set once current.json is read and
 * before it is judged, so after n ≥ 2 every look before the last has ended. For checks that
 * something does not happen again at the next looks; fails only on a hang (waitFor).
 */
export async function storeLooks(server: ServerProcess, n: number): Promise<void> {
  const checkedAt = async () =>
    (await getJson(server.base, '/ready')).body.index?.origin?.checkedAt as string | undefined
  let last = await checkedAt()
  let seen = 0
  await waitFor(`${n} looks at the store`, async () => {
    const now = await checkedAt()
    if (now !== last) {
      last = now
      seen++
    }
    return seen >= n
  })
}

/** How many log lines of the server have this `msg`. */
export const logCount = (server: ServerProcess, msg: string): number =>
  server.logs.filter((l) => l.msg === msg).length

/** The value of an unlabelled metric on /metrics (NaN when absent). */
export async function metric(server: ServerProcess, name: string): Promise<number> {
  const text = await (await fetch(`${server.base}/metrics`)).text()
  const line = text.split('\n').find((l) => l.startsWith(`${name} `))
  return line ? Number(line.split(' ')[1]) : Number.NaN
}

/** Runs a script of the project (`build/build-index.ts`, `scripts/charts.ts`, …) to its end. */
export async function runScript(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string }> {
  const proc = Bun.spawn([process.execPath, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdout: 'pipe',
    stderr: 'pipe',
  })
  const [out, err] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
  ])
  return { code: await proc.exited, out, err }
}
