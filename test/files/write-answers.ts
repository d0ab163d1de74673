/**
 * `npm run corpus:write`: computes the expected answers of every input in test/files/
 * (`<name>.csv` or `<name>.parquet`) naively (test/files/answers.ts) and writes them beside
 * it as `<name>.answers.json`, one request per line. Run it when an input is added or
 * changed, read the diff, and commit both.
 */
import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { commandLine } from '../../build/cli.ts'
import { goldenAnswers } from './answers.ts'

const DIR = import.meta.dir

/** The golden inputs in test/files/, by name. */
export const goldenInputs = () =>
  readdirSync(DIR)
    .filter((f) => /\.(csv|parquet)$/.test(f))
    .sort()

/** Where the answers of `input` live. */
export const answersPathOf = (input: string) =>
  join(DIR, input.replace(/\.(csv|parquet)$/, '.answers.json'))

if (import.meta.main) {
  commandLine({
    name: 'npm run corpus:write',
    summary:
      'Computes the expected answers of every input in test/files/ naively and writes them beside it as <name>.answers.json.',
    options: {},
  })
  for (const input of goldenInputs()) {
    const golden = await goldenAnswers(join(DIR, input), input)
    const lines = Object.entries(golden.answers).map(
      ([path, body]) => `    ${JSON.stringify(path)}: ${JSON.stringify(body)}`,
    )
    const text = `{\n  "input": ${JSON.stringify(golden.input)},\n  "rows": ${JSON.stringify(golden.rows)},\n  "answers": {\n${lines.join(',\n')}\n  }\n}\n`
    writeFileSync(answersPathOf(input), text)
    console.log(`${input}: ${lines.length} answers, ${golden.rows.kept} rows kept`)
  }
}
