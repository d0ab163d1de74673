/**
 * The docs against the code: docs/operations.md's settings table is the one of src/config.ts; every
 * shell line of the docs is an npm script that exists or a curl example this test runs (each
 * answers 200 on the built-in sample data, generated exactly as `npm start` does); docs/API.md
 * names exactly the routes, parameters and fields of the served OpenAPI document; no doc or
 * source points at files outside the repository or at tracker numbers.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateDataset } from '../build/gen-data.ts'
import { buildIndex } from '../build/pipeline.ts'
import { SCALES } from '../build/synthetic.ts'
import pkg from '../package.json' with { type: 'json' }
import { SETTINGS } from '../src/config.ts'
import { ERROR_CODES } from '../src/errors.ts'
import { ROOT, type ServerProcess, spawnServer } from './e2e/server.ts'
import { commaNames, tempDir } from './helpers.ts'

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8')
/** Every markdown doc of the repository. */
const DOCS = [
  'README.md',
  'bench/README.md',
  'bench/RESULTS.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
]
const tmp = tempDir()
let server: ServerProcess
let openapi: Record<string, any>

beforeAll(async () => {
  const parquet = join(tmp.dir, 'sample.parquet')
  await generateDataset({ scale: SCALES.small, seed: 42, out: parquet })
  await buildIndex({ inputs: [parquet], out: join(tmp.dir, 'index'), commaNames })
  server = await spawnServer({ INDEX_DIR: join(tmp.dir, 'index') })
  openapi = await (await fetch(`${server.base}/swagger/json`)).json()
})
afterAll(async () => {
  await server?.stop()
  tmp.cleanup()
})

test('the settings table of docs/operations.md is the one src/config.ts makes, row for row', () => {
  // the table is written from SETTINGS: on a difference, paste the expected table
  const rows = Object.values(SETTINGS).map((s) => `| \`${s.env}\` | \`${s.default}\` | ${s.doc} |`)
  const table = ['| variable | default | meaning |', '|---|---|---|', ...rows].join('\n')
  const section = read('docs/operations.md').split('\n## Settings\n')[1]?.split('\n## ')[0] ?? ''
  const documented = section.slice(section.indexOf('| variable |')).trim()
  expect(documented).toBe(table)
  expect(rows.length).toBeGreaterThan(15)
})

/** The lines of the ```sh blocks of a markdown text (comments and blank lines left out). */
function shellLines(markdown: string): string[] {
  const lines: string[] = []
  for (const [, block] of markdown.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const line of block.split('\n')) {
      const command = line.replace(/\s+#.*$/, '').trim()
      if (command && !command.startsWith('#')) lines.push(command)
    }
  }
  return lines
}

const CURL = /^curl -s (?:-H '([^']+)' )?'localhost:3000([^']+)'(?: > \S+)?$/

describe('every shell line of the docs works as typed', () => {
  test('each is an npm command naming a script of package.json, or a curl example', () => {
    const scripts = Object.keys(pkg.scripts)
    let count = 0
    for (const doc of DOCS) {
      for (const line of shellLines(read(doc))) {
        count++
        for (const command of line.split(' && ')) {
          const npm = command.match(/^npm (install|start|test|run (\S+))(?: -- .*)?$/)
          const ok = CURL.test(command) || (npm !== null && (!npm[2] || scripts.includes(npm[2])))
          expect({ doc, command, ok }).toEqual({ doc, command, ok: true })
        }
      }
    }
    expect(count).toBeGreaterThan(20)
  })

  test('no doc tells to run bun from PATH (there is none: npm run, or node_modules/.bin/bun)', () => {
    for (const doc of DOCS) {
      const bare = read(doc)
        .split('\n')
        .filter((line) => /(^|[`\s(])bun (run |bench\/|build\/|scripts\/|test )/.test(line))
      expect({ doc, bare }).toEqual({ doc, bare: [] })
    }
  })

  test('every curl example answers 200 on the sample data', async () => {
    const examples = DOCS.flatMap((doc) => shellLines(read(doc)))
      .map((line) => line.match(CURL))
      .filter((m) => m !== null)
    expect(examples.length).toBeGreaterThan(10)
    for (const [, header, path] of examples) {
      const headers: Record<string, string> = {}
      if (header) {
        const [name, value] = header.split(': ')
        headers[name] = value
      }
      const res = await fetch(server.base + path, { headers })
      expect({ path, status: res.status }).toEqual({ path, status: 200 })
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0)
    }
  })

  test('the options the docs give build-index and gen-data are in their --help', () => {
    const options = new Map<string, Set<string>>()
    for (const doc of DOCS)
      for (const line of shellLines(read(doc)))
        for (const m of line.matchAll(/npm run (build-index|gen-data) -- (.*)$/g))
          for (const o of m[2].matchAll(/--[a-z-]+/g))
            options.set(m[1], (options.get(m[1]) ?? new Set()).add(o[0]))
    expect([...options.keys()].sort()).toEqual(['build-index', 'gen-data'])
    for (const [script, used] of options) {
      const command = (pkg.scripts as Record<string, string>)[script]
      const run = spawnSync(process.execPath, [command.split(' ')[1], '--help'], {
        cwd: ROOT,
        encoding: 'utf8',
      })
      expect(run.status).toBe(0)
      for (const option of used)
        expect({ script, option, known: run.stdout.includes(option) }).toEqual({
          script,
          option,
          known: true,
        })
    }
  })
})

/** Route sections of docs/API.md: `### GET /path`, then `Parameters:` and `Fields:` lines. */
function apiSections(markdown: string) {
  const names = (line: string | undefined) =>
    line === undefined ? undefined : [...line.matchAll(/`([A-Za-z]+)`/g)].map((m) => m[1])
  const served = markdown.split('## Agreed, not served yet')[0]
  return [...served.matchAll(/^### GET (\S+)\n([\s\S]*?)(?=^###? |(?![\s\S]))/gm)].map(
    ([, path, body]) => ({
      path,
      parameters: names(body.match(/^Parameters: (.*)$/m)?.[1]),
      fields: names(body.match(/^Fields: (.*)$/m)?.[1]),
    }),
  )
}

/** Every property name of a JSON schema, nested ones included. */
function fieldsOf(schema: any, into = new Set<string>()): Set<string> {
  if (!schema || typeof schema !== 'object') return into
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    into.add(name)
    fieldsOf(property, into)
  }
  fieldsOf(schema.items, into)
  for (const s of schema.anyOf ?? []) fieldsOf(s, into)
  return into
}

const servedOperation = (path: string) => {
  const op = openapi.paths[path]?.get
  if (!op) return undefined
  const parameters = (op.parameters ?? [])
    .filter((p: { in: string }) => p.in !== 'header')
    .map((p: { name: string }) => p.name)
  const json = op.responses['200'].content['application/json']?.schema
  return { parameters: parameters.sort(), fields: [...fieldsOf(json)].sort() }
}

describe('docs/API.md is the served contract', () => {
  const api = read('docs/API.md')

  test('every route of the OpenAPI document has a section, with its parameters and fields', () => {
    const sections = apiSections(api)
    expect(sections.map((s) => s.path).sort()).toEqual(Object.keys(openapi.paths).sort())
    for (const s of sections) {
      expect({
        path: s.path,
        parameters: s.parameters?.sort(),
        fields: s.fields?.sort(),
      }).toEqual({ path: s.path, ...servedOperation(s.path)! })
    }
  })

  test('its error table lists exactly the codes of src/errors.ts', () => {
    const rows = api.split('\n').filter((line) => /^\| [45]\d\d/.test(line))
    const codes = rows.flatMap((row) =>
      [...row.split('|')[2].matchAll(/`([a-z_]+)`/g)].map((m) => m[1]),
    )
    expect(codes.sort()).toEqual([...ERROR_CODES].sort())
  })

  test('what it lists as not served yet is not served', () => {
    const pending = api.split('## Agreed, not served yet')[1] ?? ''
    for (const [, path, params, fields] of pending.matchAll(
      /^\| `GET (\S+)` \|([^|]*)\|([^|]*)\|$/gm,
    )) {
      const served = servedOperation(path)
      if (!served) continue
      const names = (cell: string) => [...cell.matchAll(/`([A-Za-z]+)`/g)].map((m) => m[1])
      const listed = [
        ...names(params).filter((n) => served.parameters.includes(n)),
        ...names(fields).filter((n) => served.fields.includes(n)),
      ]
      expect({ path, servedNow: listed }).toEqual({ path, servedNow: [] })
    }
  })
})

test('no file points outside the repository (shared/) or at tracker issue numbers', () => {
  const files = spawnSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' })
    .stdout.split('\n')
    .filter((f) => /\.(ts|mjs|md|yaml|sh)$/.test(f) && !f.startsWith('schema/generated/'))
  expect(files.length).toBeGreaterThan(50)
  for (const file of files) {
    const text = read(file)
    const found = [
      ...(text.match(/\bshared\/[A-Z]+\.md/g) ?? []),
      ...(text.match(/\bissues? #?\d+/gi) ?? []),
      ...(text.match(/(?<![\w'"&])#\d{2,}\b/g) ?? []),
    ]
    expect({ file, found }).toEqual({ file, found: [] })
  }
})
