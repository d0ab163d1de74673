/**
 * README.md's benchmark block is what bench/RESULTS.md holds: the goals of the latest run
 * with goals of each catalog shape, refreshed by `npm run bench`; the two cannot drift.
 */
import { describe, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  BLOCK_END,
  BLOCK_START,
  benchBlock,
  resultSections,
  withBenchBlock,
} from '../../bench/readme-block.ts'

const ROOT = join(import.meta.dir, '../..')
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8')

/** A results file with the given sections: [label, date, goal lines]. */
const results = (...sections: [string, string, string[]][]) =>
  `# Benchmark results\n\n${sections
    .map(
      ([label, date, goals]) =>
        `## ${label}\n\n- date: ${date}\n- machine: x\n\n${goals.length ? `Goals, from this run:\n\n${goals.join('\n')}\n\n` : ''}| scenario | server |\n|---|---|\n| a | ours |\n`,
    )
    .join('\n')}`

describe('the README block', () => {
  test("README.md's block equals the one made from bench/RESULTS.md (npm run bench writes both)", () => {
    const readme = read('README.md')
    const start = readme.indexOf(BLOCK_START)
    const end = readme.indexOf(BLOCK_END)
    expect(start).toBeGreaterThan(0)
    expect(end).toBeGreaterThan(start)
    expect(readme.slice(start + BLOCK_START.length + 1, end)).toBe(
      benchBlock(read('bench/RESULTS.md')),
    )
  })

  test('per shape, the goals of the latest section that has goals, line for line', () => {
    const text = results(
      ['full', '2026-11-30T06:00:00Z', ['- a: met', '- b: not met']],
      ['full-wide', '2026-11-29T06:00:00Z', ['- c: met']],
      ['small', '2026-11-30T07:00:00Z', ['- d: met']],
      ['small-wide', '2026-11-30T08:00:00Z', []],
    )
    expect(resultSections(text).map((s) => [s.label, s.goals.length])).toEqual([
      ['full', 2],
      ['full-wide', 1],
      ['small', 1],
      ['small-wide', 0],
    ])
    const block = benchBlock(text)
    expect(block).toContain('`small` run (2026-11-30, [bench/RESULTS.md](bench/RESULTS.md#small))')
    expect(block).toContain('- d: met')
    expect(block).not.toContain('- a: met')
    expect(block).toContain('`full-wide` run (2026-11-29')
    expect(block.indexOf('- d: met')).toBeLessThan(block.indexOf('- c: met'))
    expect(benchBlock(results(['tiny', '2026-11-30T00:00:00Z', []]))).toBe(
      'No run with goals in bench/RESULTS.md yet.\n',
    )
  })

  test('the block is replaced between its markers, the rest kept; no markers is an error', () => {
    const readme = `# x\n\nbefore\n${BLOCK_START}\nold\n${BLOCK_END}\nafter\n`
    expect(withBenchBlock(readme, 'new\n')).toBe(
      `# x\n\nbefore\n${BLOCK_START}\nnew\n${BLOCK_END}\nafter\n`,
    )
    expect(() => withBenchBlock('# x\n', 'new\n')).toThrow('bench:start')
  })
})
