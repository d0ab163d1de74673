/**
 * Small JSON answers (regions, dates, a track's statistics, search): a plain object through
 * JSON.stringify. Answers made of many rows are written as bytes instead (json-writer.ts).
 */

const encoder = new TextEncoder()

/** UTF-8 bytes of a JSON value. */
export function jsonBytes(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value))
}
