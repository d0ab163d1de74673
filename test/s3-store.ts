/**
 * An S3-compatible store for tests and the local cluster: s3rver (a devDependency) run under
 * node in a child process (node is on every machine that ran `npm install`), path-style, on
 * a free port of 127.0.0.1, its objects in a directory of ours. In front of it, for fault
 * tests: an HTTP proxy that fails chosen requests (`faultyProxy`) and a TCP proxy whose link
 * the test cuts and restores (`tcpProxy`).
 */
import { mkdirSync } from 'node:fs'
import { type AddressInfo, connect, createServer, type Socket } from 'node:net'
import { join } from 'node:path'
import type { Subprocess } from 'bun'

const ROOT = join(import.meta.dir, '..')

/** A running store. */
export interface S3Store {
  /** http://127.0.0.1:PORT */
  endpoint: string
  /** where s3rver keeps the objects: `<dir>/<bucket>/<key>._S3rver_object` */
  dir: string
  /** the variables a client (the server, build-index) needs to reach it */
  env: Record<string, string>
  /** a client for `bucket` */
  client(bucket: string): Bun.S3Client
  proc: Subprocess
  stop(): Promise<void>
}

/** s3rver's fixed credentials (it checks signatures against them). */
const KEY = 'S3RVER'

/** Starts s3rver with `buckets` made; resolves once it listens. */
export async function startS3Store(dir: string, buckets: string[]): Promise<S3Store> {
  mkdirSync(dir, { recursive: true })
  const node = Bun.which('node')
  if (!node) throw new Error('s3 store: node is not on PATH (s3rver runs under node)')
  const args = [node, join(ROOT, 'node_modules/s3rver/bin/s3rver.js'), '-d', dir]
  args.push('-a', '127.0.0.1', '-p', '0', '--silent', '--no-vhost-buckets')
  for (const bucket of buckets) args.push('--configure-bucket', bucket)
  const proc = Bun.spawn(args, { stdin: 'ignore', stdout: 'pipe', stderr: 'pipe' })
  const reader = proc.stdout.getReader()
  let text = ''
  let port = 0
  // a store that does not say where it listens within 15 s is stopped (its read then ends)
  const timer = setTimeout(() => proc.kill(), 15_000)
  try {
    while (!port) {
      const { value, done } = await reader.read()
      if (done) throw new Error(`s3 store exited: ${text}${await new Response(proc.stderr).text()}`)
      text += new TextDecoder().decode(value)
      port = Number(/listening on [\d.]+:(\d+)/.exec(text)?.[1] ?? 0)
    }
  } catch (error) {
    proc.kill()
    throw error
  } finally {
    clearTimeout(timer)
  }
  // keep reading so a full pipe never blocks it
  void (async () => {
    while (!(await reader.read()).done) {}
  })().catch(() => {})
  const endpoint = `http://127.0.0.1:${port}`
  const env = {
    AWS_ACCESS_KEY_ID: KEY,
    AWS_SECRET_ACCESS_KEY: KEY,
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: endpoint,
  }
  return {
    endpoint,
    dir,
    env,
    proc,
    client: (bucket) =>
      new Bun.S3Client({
        accessKeyId: KEY,
        secretAccessKey: KEY,
        region: 'us-east-1',
        endpoint,
        bucket,
      }),
    async stop() {
      proc.kill()
      await proc.exited
    },
  }
}

/**
 * What a faulty proxy does with a request: pass it on (false), answer 500 InternalError (true)
 * or answer this Response. A fault function that waits before it answers delays the request.
 */
export type Fault = boolean | Response

/**
 * A proxy in front of the store that answers the requests `fault` picks its way (a 500, a
 * 503 SlowDown, late) and passes the rest on as they came (Host included, so signatures still
 * match): a store that fails part way through an upload or a download. Its `env` is the
 * store's with the proxy as the endpoint.
 */
export function faultyProxy(
  store: S3Store,
  /** `gone`: aborted when the client gives the request up (a timeout, a closed link) */
  fault: (method: string, path: string, gone: AbortSignal) => Fault | Promise<Fault>,
  /** told the status of every request passed on */
  answered: (method: string, path: string, status: number) => void = () => {},
) {
  const upstream = new URL(store.endpoint)
  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    async fetch(request) {
      const url = new URL(request.url)
      const answer = await fault(request.method, url.pathname, request.signal)
      if (answer instanceof Response) return answer
      if (answer) return new Response('<Error><Code>InternalError</Code></Error>', { status: 500 })
      url.host = upstream.host
      const body =
        request.method === 'GET' || request.method === 'HEAD'
          ? undefined
          : await request.arrayBuffer()
      const res = await fetch(url, {
        method: request.method,
        headers: request.headers,
        body,
        decompress: false,
      } as RequestInit)
      answered(request.method, url.pathname, res.status)
      return new Response(res.body, { status: res.status, headers: res.headers })
    },
  })
  const endpoint = `http://127.0.0.1:${server.port}`
  return {
    endpoint,
    env: { ...store.env, AWS_ENDPOINT_URL: endpoint },
    stop: () => server.stop(true),
  }
}

/** A TCP proxy the test controls (tcpProxy). */
export interface TcpProxy {
  /** its address as an endpoint: http://127.0.0.1:PORT */
  endpoint: string
  /**
   * Cuts the link: `reset` ends every connection at once and refuses new ones (a store that
   * went away); `stall` holds every connection silent, new ones too (a link that drops
   * packets: clients time out).
   */
  cut(how: 'reset' | 'stall'): void
  /** Lets traffic through again: held connections carry on where they stopped. */
  restore(): void
  /** Called with the method and path of every HTTP request that passes (before it does). */
  onRequest: (method: string, path: string) => void
  stop(): void
}

/**
 * A TCP proxy in front of `endpoint` (http://HOST:PORT): bytes are passed on unchanged both
 * ways, so it carries any HTTP a client sends (signatures still match), until the test cuts
 * the link (`cut`) and brings it back (`restore`).
 */
export async function tcpProxy(endpoint: string): Promise<TcpProxy> {
  const upstreamUrl = new URL(endpoint)
  let state: 'open' | 'reset' | 'stall' = 'open'
  const links = new Set<{ client: Socket; upstream: Socket }>()
  const held: Socket[] = []
  const proxy: TcpProxy = {
    endpoint: '',
    cut(how) {
      state = how
      for (const link of links) {
        if (how === 'reset') {
          link.client.destroy()
          link.upstream.destroy()
        } else {
          link.client.pause()
          link.upstream.pause()
        }
      }
    },
    restore() {
      state = 'open'
      for (const link of links) {
        link.client.resume()
        link.upstream.resume()
      }
      for (const client of held.splice(0)) if (!client.destroyed) join(client)
    },
    onRequest: () => {},
    stop() {
      for (const link of links) {
        link.client.destroy()
        link.upstream.destroy()
      }
      for (const client of held.splice(0)) client.destroy()
      server.close()
    },
  }
  const join = (client: Socket) => {
    const upstream = connect(Number(upstreamUrl.port), upstreamUrl.hostname)
    const link = { client, upstream }
    links.add(link)
    const end = () => {
      links.delete(link)
      client.destroy()
      upstream.destroy()
    }
    client.on('data', (chunk: Buffer) => {
      for (const m of chunk.toString('latin1').matchAll(/^([A-Z]+) (\S+) HTTP\/1\.[01]\r$/gm))
        proxy.onRequest(m[1], m[2])
      upstream.write(chunk)
    })
    upstream.on('data', (chunk: Buffer) => client.write(chunk))
    for (const socket of [client, upstream]) {
      socket.on('close', end)
      socket.on('error', end)
    }
    client.resume()
  }
  const server = createServer((client) => {
    client.on('error', () => client.destroy())
    if (state === 'reset') client.destroy()
    else if (state === 'stall') {
      client.pause()
      held.push(client)
    } else join(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  proxy.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return proxy
}
