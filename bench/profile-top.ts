/**
 * `npm run bench:profile-top -- FILE.cpuprofile [N]`: the N functions with the most self time in
 * a CPU profile written by `bun --cpu-prof` (see bench/README.md, "Where time goes").
 */
import { type CommandSpec, helpText, usageError } from '../build/cli.ts'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
}

const SPEC: CommandSpec = {
  name: 'npm run bench:profile-top -- FILE.cpuprofile [N]',
  summary:
    'Prints the N functions (default 25) with the most self time in a CPU profile written by bun --cpu-prof.',
  options: {},
}
const args = process.argv.slice(2)
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(helpText(SPEC))
  process.exit(0)
}
const option = args.find((arg) => arg.startsWith('-'))
if (option || !args[0] || args.length > 2)
  process.exit(usageError(SPEC, option ? `unknown option '${option}'` : 'give one profile file'))
const [file, n = '25'] = args
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
