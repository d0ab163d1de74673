/**
 * Routing by path whatever the Host: a short Host (`api`, a Compose or
 * Kubernetes service name; `x`), an empty one, and HTTP/1.0 with none, sent as raw bytes
 * over TCP to the real server, get the same answers as a normal request: every route, the
 * cached path included, and still a 404 for a path no route serves.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { buildSample, tempDir } from '../helpers.ts'
import { getJson, type ServerProcess, sendRaw, spawnServer } from './server.ts'

const tmp = tempDir()
let server: ServerProcess

beforeAll(async () => {
  const { indexDir } = await buildSample(tmp.dir, 3, 10)
  server = await spawnServer({ INDEX_DIR: indexDir })
}, 60_000)
afterAll(async () => {
  await server?.stop()
  tmp.cleanup()
})

const hosts: [string, (path: string) => string][] = [
  ['Host: api', (p) => `GET ${p} HTTP/1.1\r\nHost: api\r\nConnection: close\r\n\r\n`],
  ['Host: x', (p) => `GET ${p} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`],
  ['an empty Host', (p) => `GET ${p} HTTP/1.1\r\nHost: \r\nConnection: close\r\n\r\n`],
  ['HTTP/1.0 without Host', (p) => `GET ${p} HTTP/1.0\r\n\r\n`],
]

/** Status line and body of a raw answer. */
function parse(answer: string): { status: number; body: string } {
  const status = Number(answer.slice(9, 12))
  return { status, body: answer.slice(answer.indexOf('\r\n\r\n') + 4) }
}

describe.each(hosts)('%s', (_name, request) => {
  test('every kind of route answers as with a normal Host', async () => {
    const { body: trackList } = await getJson(server.base, '/search?q=a&limit=1')
    const trackId = trackList.tracks[0].id as string
    const paths = [
      '/health',
      '/ready',
      '/regions',
      '/rankings?region=Global&limit=3',
      `/tracks/${trackId}`,
      `/tracks/${trackId}/history?region=Global`,
      '/swagger/json',
    ]
    for (const path of paths) {
      const expected = await getJson(server.base, path)
      // twice: the first may render, the second comes from the answer cache
      for (let i = 0; i < 2; i++) {
        const got = parse(await sendRaw(server.base, request(path)))
        expect(`${path} ${got.status}`).toBe(`${path} ${expected.status}`)
        if (path !== '/swagger/json') expect(JSON.parse(got.body)).toEqual(expected.body)
      }
    }
  })

  test('an unknown path is still a 404 in the error shape', async () => {
    const got = parse(await sendRaw(server.base, request('/nowhere')))
    expect(got.status).toBe(404)
    expect(JSON.parse(got.body).error.code).toBe('not_found')
  })
})
