/**
 * `bun bench/profile-top.ts FILE.cpuprofile [N]`: the N functions with the most self time in
 * a CPU profile written by `bun --cpu-prof` (see bench/README.md, "Where time goes").
 */
export {}

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
}

const [file, n = '25'] = process.argv.slice(2)
if (!file) {
  console.error('usage: bun bench/profile-top.ts FILE.cpuprofile [N]')
  process.exit(2)
}
const profile = JSON.parse(await Bun.file(file).text()) as {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}
const byId = new Map(profile.nodes.map((node) => [node.id, node]))
const selfTime = new Map<string, number>()
let total = 0
profile.samples.forEach((id, i) => {
  const frame = byId.get(id)!.callFrame
  const key = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber}`
  const dt = profile.timeDeltas[i] ?? 0
  selfTime.set(key, (selfTime.get(key) ?? 0) + dt)
  total += dt
})
for (const [key, t] of [...selfTime].sort((a, b) => b[1] - a[1]).slice(0, Number(n))) {
  console.log(`${((t / total) * 100).toFixed(1).padStart(5)}%  ${key}`)
}
