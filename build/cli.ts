/**
 * One way to read a command line (node:util parseArgs, strict): `--help`/`-h` prints the help
 * on stdout (exit 0); an unknown option, a missing value or a stray argument prints the error
 * and the usage line on stderr (exit 2). Used by build-index, gen-data and scripts/.
 */
import { parseArgs } from 'node:util'

/** One option: a string (with the name of its value) or a flag, and what it does. */
export interface OptionSpec {
  type: 'string' | 'boolean'
  /** the value's name in the usage line, e.g. FILE */
  value?: string
  default?: string
  multiple?: boolean
  help: string
}

/** A command: its name as typed, one line on what it does, its options, optional notes. */
export interface CommandSpec {
  name: string
  summary: string
  options: Record<string, OptionSpec>
  notes?: string
}

type Values = Record<string, string | boolean | string[] | undefined>

/** The usage line: `usage: name [--opt VALUE] [--flag]`. */
export function usageLine(spec: CommandSpec): string {
  const parts = Object.entries(spec.options).map(([name, o]) =>
    o.type === 'string' ? `[--${name} ${o.value ?? 'VALUE'}]` : `[--${name}]`,
  )
  return `usage: ${[spec.name, ...parts].join(' ')}`
}

/** The full help text of a command. */
export function helpText(spec: CommandSpec): string {
  const rows = Object.entries(spec.options).map(([name, o]) => {
    const left = o.type === 'string' ? `--${name} ${o.value ?? 'VALUE'}` : `--${name}`
    const extra = [o.multiple ? 'repeatable' : '', o.default ? `default: ${o.default}` : '']
      .filter(Boolean)
      .join('; ')
    return [left, extra ? `${o.help} (${extra})` : o.help]
  })
  rows.push(['-h, --help', 'print this help'])
  const width = Math.max(...rows.map(([left]) => left.length))
  const lines = [usageLine(spec), '', spec.summary, '', 'options:']
  for (const [left, right] of rows) lines.push(`  ${left.padEnd(width)}  ${right}`)
  if (spec.notes) lines.push('', spec.notes)
  return `${lines.join('\n')}\n`
}

/**
 * Parses `args` against `spec`: the values, or the exit code when the command should not run
 * (0 after printing the help, 2 after a usage error).
 */
export function parseCommand(spec: CommandSpec, args: string[]): Values | number {
  const options: Record<
    string,
    { type: 'string' | 'boolean'; multiple?: boolean; short?: string }
  > = { help: { type: 'boolean', short: 'h' } }
  for (const [name, o] of Object.entries(spec.options)) {
    options[name] = { type: o.type, multiple: o.multiple }
  }
  let values: Values
  try {
    values = parseArgs({ args, options, strict: true, allowPositionals: false }).values as Values
  } catch (error) {
    // parseArgs adds advice for positionals; the first sentence is the error
    return usageError(spec, (error as Error).message.split('. ')[0])
  }
  if (values.help) {
    process.stdout.write(helpText(spec))
    return 0
  }
  for (const [name, o] of Object.entries(spec.options)) {
    if (values[name] === undefined && o.default !== undefined) values[name] = o.default
    if (values[name] === undefined && o.multiple) values[name] = []
  }
  return values
}

/**
 * `parseCommand` over a script's own arguments, for scripts that run at import: the values,
 * or the process exits (0 after printing the help, 2 after a usage error).
 */
export function commandLine<V>(spec: CommandSpec, args = process.argv.slice(2)): V {
  const parsed = parseCommand(spec, args)
  if (typeof parsed === 'number') process.exit(parsed)
  return parsed as V
}

/** Prints `name: message`, the usage line and where the help is; resolves to exit code 2. */
export function usageError(spec: CommandSpec, message: string): number {
  process.stderr.write(
    `${spec.name}: ${message}\n${usageLine(spec)}\n(${spec.name} --help for details)\n`,
  )
  return 2
}
