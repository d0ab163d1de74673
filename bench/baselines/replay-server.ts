/**
 * The distinct-body ceiling: Bun.serve answering every URL of a scenario with its own real
 * body, the exact bytes our server gave for it, held in memory (the bench fetches them from a
 * separate instance of our server before the run and writes them to BODIES). A request costs
 * a Map lookup and the Response: beside the fixed-body ceiling it shows what a distinct body
 * per request costs HTTP alone, and the gap from here to our server is our own work.
 * With ENCODING=gzip the bodies are our gzip bodies (stored answers), sent with
 * `Content-Encoding: gzip`: the ceiling of a server that answers with stored bytes.
 * `PORT=… BODIES=file [ENCODING=gzip] node_modules/.bin/bun bench/baselines/replay-server.ts`
 *
 * BODIES holds records of [u32 LE path length][path][u32 LE body length][body] (`writeBodies`).
 */
import { writeFileSync } from 'node:fs'

/** Writes a BODIES file of (path, body) pairs. */
export function writeBodies(file: string, bodies: Map<string, Uint8Array>): void {
  const parts: Uint8Array[] = []
  for (const [path, body] of bodies) {
    const p = Buffer.from(path, 'utf8')
    const head = Buffer.alloc(4)
    head.writeUInt32LE(p.length)
    const size = Buffer.alloc(4)
    size.writeUInt32LE(body.byteLength)
    parts.push(head, p, size, body)
  }
  writeFileSync(file, Buffer.concat(parts))
}

/** Reads a BODIES file: the bodies are views of `bytes`. */
export function readBodies(bytes: Buffer): Map<string, Uint8Array<ArrayBuffer>> {
  const bodies = new Map<string, Uint8Array<ArrayBuffer>>()
  let at = 0
  while (at < bytes.length) {
    const pathLength = bytes.readUInt32LE(at)
    const path = bytes.toString('utf8', at + 4, at + 4 + pathLength)
    at += 4 + pathLength
    const bodyLength = bytes.readUInt32LE(at)
    bodies.set(path, bytes.subarray(at + 4, at + 4 + bodyLength) as Uint8Array<ArrayBuffer>)
    at += 4 + bodyLength
  }
  return bodies
}

if (import.meta.main) {
  const bodies = readBodies(Buffer.from(await Bun.file(process.env.BODIES!).arrayBuffer()))
  const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8' }
  if (process.env.ENCODING) headers['Content-Encoding'] = process.env.ENCODING
  const missing = new Response('not found', { status: 404 })
  Bun.serve({
    port: Number(process.env.PORT ?? 3200),
    hostname: '127.0.0.1',
    fetch(request) {
      if (request.url.endsWith('/health')) return new Response('ok')
      const url = request.url
      const body = bodies.get(url.slice(url.indexOf('/', 8)))
      return body ? new Response(body, { headers }) : missing.clone()
    },
  })
  let bytes = 0
  for (const b of bodies.values()) bytes += b.byteLength
  console.log(JSON.stringify({ msg: 'listening', bodies: bodies.size, bytes }))
}
