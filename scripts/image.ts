/**
 * `npm run image`: builds the production image `localhost/spotify-charts:latest` from the
 * Dockerfile with podman or docker (whichever is installed), offline.
 *
 *  1. compiles the binary (scripts/compile.ts) and builds the index (the built-in sample, or
 *     --charts-file) into dist/image/, which the Dockerfile's `prebuilt` stage copies;
 *  2. makes sure the runtime base image (the Dockerfile's last FROM) is there: present
 *     locally, else pulled, else, when no registry answers, a faithful local stand-in built
 *     from this machine's own files (the glibc libraries the binary needs, /etc/passwd with
 *     the distroless users root, nobody and nonroot 65532, /tmp, /home/nonroot, CA
 *     certificates), tagged with the base's own name; it says so when it does;
 *  3. builds with ARTIFACTS=prebuilt (docker format, so podman keeps the HEALTHCHECK).
 * Building from source inside the image instead: `docker build .` (see the Dockerfile).
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { type CommandSpec, parseCommand, usageError } from '../build/cli.ts'

const ROOT = join(import.meta.dir, '..')
const STAGE = join(ROOT, 'dist', 'image')

export const IMAGE_COMMAND: CommandSpec = {
  name: 'image',
  summary:
    'Builds the production image from the Dockerfile with podman or docker, offline: the binary and the index are made here, the base image is pulled or stood in for.',
  options: {
    tag: {
      type: 'string',
      value: 'NAME',
      default: 'localhost/spotify-charts:latest',
      help: 'the image name',
    },
    engine: {
      type: 'string',
      value: 'podman|docker',
      help: 'default: podman if installed, else docker',
    },
    'charts-file': {
      type: 'string',
      value: 'FILE',
      help: 'index this parquet or CSV instead of the built-in sample',
    },
  },
  notes: 'exit status: 0 built, 1 failed, 2 usage',
}

/** Runs a command with inherited output; throws when it fails. */
function run(cmd: string[], cwd = ROOT): void {
  const proc = Bun.spawnSync(cmd, { cwd, stdout: 'inherit', stderr: 'inherit' })
  if (proc.exitCode !== 0) throw new Error(`${cmd.slice(0, 3).join(' ')} … exited ${proc.exitCode}`)
}

/** Runs a command quietly; its exit code and output. */
function quiet(cmd: string[]): { code: number; out: string; err: string } {
  const proc = Bun.spawnSync(cmd, { cwd: ROOT })
  return { code: proc.exitCode ?? 1, out: proc.stdout.toString(), err: proc.stderr.toString() }
}

/** The container engine to use: the one asked for, else podman, else docker. */
export function pickEngine(asked?: string): string {
  const candidates = asked ? [asked] : ['podman', 'docker']
  for (const name of candidates) if (Bun.which(name)) return name
  throw new Error(
    asked
      ? `${asked} is not installed`
      : 'neither podman nor docker is installed (Debian: apt-get install podman)',
  )
}

/** The runtime base image: the last FROM of the Dockerfile. */
export function runtimeBase(dockerfile = join(ROOT, 'Dockerfile')): string {
  const froms = readFileSync(dockerfile, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('FROM '))
  return froms[froms.length - 1].split(/\s+/)[1]
}

/** The shared libraries a binary loads, as `ldd` resolves them (absolute paths). */
function sharedLibraries(binary: string): string[] {
  const { code, out, err } = quiet(['ldd', binary])
  if (code !== 0) throw new Error(`ldd ${binary}: ${err.trim()}`)
  return [...out.matchAll(/(\/\S+) \(0x/g)].map((m) => m[1])
}

/**
 * Builds a stand-in for a distroless `base-nossl` `:nonroot` image from this machine's files:
 * what the binary needs and the users, directories and config the real one has.
 */
function buildStandIn(engine: string, base: string, binary: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'charts-base-'))
  try {
    const rootfs = join(dir, 'rootfs')
    const put = (path: string, text: string) => {
      mkdirSync(dirname(join(rootfs, path)), { recursive: true })
      writeFileSync(join(rootfs, path), text)
    }
    const libraries = sharedLibraries(binary)
    for (const lib of libraries) {
      mkdirSync(dirname(join(rootfs, lib)), { recursive: true })
      copyFileSync(lib, join(rootfs, lib)) // follows symlinks: the real file under the ldd name
    }
    put(
      'etc/passwd',
      'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n',
    )
    put('etc/group', 'root:x:0:\nnobody:x:65534:\ntty:x:5:\nstaff:x:50:\nnonroot:x:65532:\n')
    put('etc/nsswitch.conf', 'passwd: files\ngroup: files\nhosts: files dns\n')
    put('etc/os-release', `PRETTY_NAME="local stand-in for ${base}"\nID=debian\nVERSION_ID="12"\n`)
    const certs = '/etc/ssl/certs/ca-certificates.crt'
    if (existsSync(certs)) put(certs.slice(1), readFileSync(certs, 'utf8'))
    mkdirSync(join(rootfs, 'tmp'), { recursive: true })
    mkdirSync(join(rootfs, 'root'), { recursive: true })
    mkdirSync(join(dir, 'home'), { recursive: true })
    writeFileSync(
      join(dir, 'Containerfile'),
      [
        'FROM scratch',
        'COPY rootfs/ /',
        'COPY --chown=65532:65532 home/ /home/nonroot/',
        `LABEL org.opencontainers.image.description="local stand-in for ${base}, built by scripts/image.ts from this machine's files"`,
        'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt',
        'USER 65532',
        'WORKDIR /home/nonroot',
        '',
      ].join('\n'),
    )
    // /tmp world-writable with the sticky bit, as in the real image
    run(['chmod', '1777', join(rootfs, 'tmp')])
    run([engine, 'build', ...formatArgs(engine), '-t', base, dir], dir)
    console.log(
      `image: built a local stand-in for ${base} (no registry answered): ${libraries.length} libraries from ${libraries.map((l) => l.split('/').pop()).join(', ')}; /etc/passwd with root, nobody, nonroot (65532)`,
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** podman writes OCI images by default, which drop HEALTHCHECK: ask for the docker format. */
function formatArgs(engine: string): string[] {
  return engine === 'podman' ? ['--format', 'docker'] : []
}

/** The ID of a local image, or '' when there is none. */
function imageId(engine: string, name: string): string {
  const { code, out } = quiet([engine, 'image', 'inspect', '--format', '{{.Id}}', name])
  return code === 0 ? out.trim() : ''
}

/** The base image, made available locally: already there, pulled, or stood in for. */
function ensureBase(engine: string, base: string, binary: string): void {
  if (imageId(engine, base)) {
    const label = quiet([
      engine,
      'image',
      'inspect',
      '--format',
      '{{index .Config.Labels "org.opencontainers.image.description"}}',
      base,
    ]).out.trim()
    console.log(
      `image: base ${base} is present${label.startsWith('local stand-in') ? ` (${label})` : ''}`,
    )
    return
  }
  console.log(`image: pulling ${base}`)
  const pulled = quiet([engine, 'pull', base])
  if (pulled.code === 0) return
  console.log(`image: cannot pull ${base}: ${pulled.err.trim().split('\n').pop()}`)
  buildStandIn(engine, base, binary)
}

/** The command line; resolves to an exit code. */
export async function runImageCli(args: string[]): Promise<number> {
  const parsed = parseCommand(IMAGE_COMMAND, args)
  if (typeof parsed === 'number') return parsed
  let engine: string
  try {
    engine = pickEngine(parsed.engine as string | undefined)
  } catch (error) {
    return usageError(IMAGE_COMMAND, (error as Error).message)
  }
  const tag = parsed.tag as string
  const started = performance.now()
  try {
    rmSync(STAGE, { recursive: true, force: true })
    mkdirSync(STAGE, { recursive: true })
    const binary = join(STAGE, 'charts')
    run([process.execPath, 'scripts/compile.ts', '--outfile', binary])
    let input = parsed['charts-file'] as string | undefined
    if (!input) {
      input = join(STAGE, 'sample.parquet')
      run([process.execPath, 'scripts/charts.ts', 'gen-data', '--scale', 'small', '--out', input])
    }
    run([
      process.execPath,
      'scripts/charts.ts',
      'build-index',
      '--input',
      input,
      '--out',
      join(STAGE, 'index'),
    ])
    rmSync(join(STAGE, 'sample.parquet'), { force: true })
    const base = runtimeBase()
    ensureBase(engine, base, binary)
    const previous = imageId(engine, tag)
    run([
      engine,
      'build',
      ...formatArgs(engine),
      // podman: no network (the base is local by now)
      ...(engine === 'podman' ? ['--pull=never'] : []),
      '--build-arg',
      'ARTIFACTS=prebuilt',
      '-t',
      tag,
      '.',
    ])
    // the image this one replaces under the same tag would be left dangling
    if (previous && previous !== imageId(engine, tag)) quiet([engine, 'rmi', previous])
    const size = Number(quiet([engine, 'image', 'inspect', '--format', '{{.Size}}', tag]).out)
    const seconds = ((performance.now() - started) / 1000).toFixed(0)
    console.log(
      `image: built ${tag} with ${engine} (${(size / 1e6).toFixed(0)} MB) in ${seconds} s`,
    )
    console.log(
      `image: run it with  ${engine} run --rm -p 3000:3000 --read-only --cap-drop=ALL ${tag}`,
    )
    return 0
  } catch (error) {
    console.error(`image: ${(error as Error).message}`)
    return 1
  }
}

if (import.meta.main) runImageCli(process.argv.slice(2)).then((code) => process.exit(code))
