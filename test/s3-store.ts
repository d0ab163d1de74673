/**
 * An S3-compatible store for tests and the local cluster: s3rver (a devDependency) run under
 * node in a child process (node is on every machine that ran `npm install`), path-style, on
 * a free port of 127.0.0.1, its objects in a directory of ours.
 */
import { mkdirSync } from 'node:fs'
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
 * A proxy in front of the store that answers 500 to the requests `fails` picks and passes the
 * rest on as they came (Host included, so signatures still match): a store that fails part
 * way through an upload. Its `env` is the store's with the proxy as the endpoint.
 */
export function faultyProxy(store: S3Store, fails: (method: string, path: string) => boolean) {
  const upstream = new URL(store.endpoint)
  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    async fetch(request) {
      const url = new URL(request.url)
      if (fails(request.method, url.pathname))
        return new Response('<Error><Code>InternalError</Code></Error>', { status: 500 })
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
      return new Response(res.body, { status: res.status, headers: res.headers })
    },
  })
  return {
    env: { ...store.env, AWS_ENDPOINT_URL: `http://127.0.0.1:${server.port}` },
    stop: () => server.stop(true),
  }
}
