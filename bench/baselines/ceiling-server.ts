export {}

/**
 * The no-work ceiling: Bun.serve answering one fixed, precomputed body (the bytes of a real
 * ranking answer) to every request. What HTTP alone costs on this machine.
 * `PORT=… BODY=file node_modules/.bin/bun bench/baselines/ceiling-server.ts`
 */
const body = new Uint8Array(await Bun.file(process.env.BODY!).arrayBuffer())
const headers = { 'Content-Type': 'application/json; charset=utf-8' }
Bun.serve({
  port: Number(process.env.PORT ?? 3200),
  hostname: '127.0.0.1',
  fetch: () => new Response(body, { headers }),
})
console.log(JSON.stringify({ msg: 'listening', bytes: body.byteLength }))
