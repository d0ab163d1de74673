/**
 * The benchmark block of README.md, between `<!-- bench:start -->` and `<!-- bench:end -->`:
 * for each catalog shape (default, wide), the goals of its latest section of
 * bench/RESULTS.md that has goals, copied line for line. The numbers live in RESULTS.md; the
 * README shows the latest of them. `npm run bench` refreshes the block after writing
 * RESULTS.md, and a test checks that the two agree.
 */
import { readFileSync, writeFileSync } from 'node:fs'

export const BLOCK_START = '<!-- bench:start -->'
export const BLOCK_END = '<!-- bench:end -->'

/** A section of the results file: its heading, the date of its run, its goal lines. */
export interface ResultSection {
  label: string
  date: string
  goals: string[]
}

const GOALS = 'Goals, from this run:'

/** The sections of a results file (`## label` headings), with their dates and goals. */
export function resultSections(results: string): ResultSection[] {
  return results
    .split(/^(?=## )/m)
    .slice(1)
    .map((part) => {
      const lines = part.split('\n')
      const at = lines.indexOf(GOALS)
      const goals: string[] = []
      // the goal lines: the list right after the heading line (a blank line between)
      for (const line of at < 0 ? [] : lines.slice(at + 1)) {
        if (line.startsWith('- ')) goals.push(line)
        else if (goals.length > 0) break
      }
      return {
        label: lines[0].slice(3).trim(),
        date: /^- date: ([^;\s]+)/m.exec(part)?.[1] ?? '',
        goals,
      }
    })
}

/** The block's text (without its markers) for a results file. */
export function benchBlock(results: string): string {
  const latest = new Map<string, ResultSection>()
  for (const section of resultSections(results)) {
    if (section.goals.length === 0) continue
    const shape = section.label.endsWith('-wide') ? 'wide' : 'default'
    const held = latest.get(shape)
    if (!held || section.date > held.date) latest.set(shape, section)
  }
  const parts = ['default', 'wide'].flatMap((shape) => {
    const s = latest.get(shape)
    if (!s) return []
    const anchor = s.label
      .toLowerCase()
      .replace(/[^a-z0-9 -]/g, '')
      .replace(/ /g, '-')
    return [
      `Goals of the latest \`${s.label}\` run (${s.date.slice(0, 10)}, [bench/RESULTS.md](bench/RESULTS.md#${anchor})):`,
      '',
      ...s.goals,
      '',
    ]
  })
  if (parts.length === 0) return 'No run with goals in bench/RESULTS.md yet.\n'
  return parts.join('\n')
}

/** `readme` with its block replaced by `block`; throws when the markers are missing. */
export function withBenchBlock(readme: string, block: string): string {
  const start = readme.indexOf(BLOCK_START)
  const end = readme.indexOf(BLOCK_END)
  if (start < 0 || end < start)
    throw new Error(`readme: no ${BLOCK_START} … ${BLOCK_END} block to write the goals into`)
  return `${readme.slice(0, start + BLOCK_START.length)}\n${block}${readme.slice(end)}`
}

/** Rewrites the block of the README at `readmePath` from the results file; returns a log line. */
export function writeReadmeBench(resultsPath: string, readmePath: string): string {
  const block = benchBlock(readFileSync(resultsPath, 'utf8'))
  writeFileSync(readmePath, withBenchBlock(readFileSync(readmePath, 'utf8'), block))
  return `wrote the goals block of ${readmePath}`
}
