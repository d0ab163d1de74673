/**
 * The tokens a spliced gzip body is made of (render/gzip-splice.ts): what a fragment pool, a
 * body's layout and its Literals are; each fragment's own tokens (literals and matches inside
 * it); and the walk over a whole body that counts its symbols to choose the code. The walk
 * makes the choices the splicer's writer makes (render/gzip-splicer.ts, `writeBody`, the same
 * walk with the bit writer inlined: the hot path).
 */
import {
  type BitWriter,
  type DeflateCode,
  DIST_SYMBOL,
  DIST_SYMBOLS,
  LENGTH_SYMBOL,
  LITLEN_SYMBOLS,
  MAX_DISTANCE,
  MAX_MATCH,
} from './deflate-code.ts'

/** Fragments by number: fragment i is bytes[offsets[i], offsets[i + 1]). */
export interface FragmentPool {
  bytes: Uint8Array
  offsets: Uint32Array | Int32Array
}

/** Where a body's fragments went: fragment ids[i] written whole at body offset at[i], ascending. */
export interface BodyLayout {
  n: number
  ids: Int32Array
  at: Int32Array
}

/** Where a body's Literals went: n triples (literal id, offset, length), ascending. */
export interface LiteralTokens {
  n: number
  entries: Int32Array
}

/** What tokens go to: a symbol counter (choosing the code) or a bit writer. */
export interface TokenSink {
  literal(byte: number): void
  match(length: number, distance: number): void
}

/** Counts symbols, to choose the code. */
export class SymbolCounter implements TokenSink {
  readonly litlen = new Float64Array(LITLEN_SYMBOLS)
  readonly dist = new Float64Array(DIST_SYMBOLS)
  literal(byte: number): void {
    this.litlen[byte]++
  }
  match(length: number, distance: number): void {
    this.litlen[LENGTH_SYMBOL[length]]++
    this.dist[DIST_SYMBOL[distance]]++
  }
}

/** Writes tokens as bits of a code (encoding a fragment once). */
export class CodeWriter implements TokenSink {
  constructor(
    readonly code: DeflateCode,
    readonly bits: BitWriter,
  ) {}
  literal(byte: number): void {
    this.bits.put(this.code.litBits[byte], this.code.litCount[byte])
  }
  match(length: number, distance: number): void {
    this.bits.put(this.code.lenBits[length], this.code.lenCount[length])
    this.bits.put(this.code.distBits[distance], this.code.distCount[distance])
  }
}

/** Shortest match inside a fragment worth taking (a 3-byte one costs about 3 literals). */
const MIN_FRAGMENT_MATCH = 4
const HASH_BITS = 10
const head = new Int32Array(1 << HASH_BITS)
let chain = new Int32Array(4096)

/**
 * Tokens of bytes[from, end) with matches inside bytes[start, end) only: greedy, candidates
 * from a hash of 4 bytes chaining every earlier position of the fragment.
 */
export function fragmentTokens(
  bytes: Uint8Array,
  start: number,
  from: number,
  end: number,
  sink: TokenSink,
): void {
  if (end - start > chain.length) chain = new Int32Array(end - start)
  const links = chain
  head.fill(-1)
  const hashAt = (p: number) =>
    Math.imul(
      bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16) | (bytes[p + 3] << 24),
      0x9e3779b1,
    ) >>>
    (32 - HASH_BITS)
  const insert = (p: number) => {
    if (p + 4 > end) return
    const h = hashAt(p)
    links[p - start] = head[h]
    head[h] = p - start
  }
  for (let p = start; p < from; p++) insert(p)
  let p = from
  while (p < end) {
    let bestLen = 0
    let bestDist = 0
    if (p + MIN_FRAGMENT_MATCH <= end) {
      const limit = Math.min(end - p, MAX_MATCH)
      for (let c = head[hashAt(p)]; c >= 0; c = links[c]) {
        const q = start + c
        let n = 0
        while (n < limit && bytes[q + n] === bytes[p + n]) n++
        if (n > bestLen) {
          bestLen = n
          bestDist = p - q
          if (n === limit) break
        }
      }
    }
    if (bestLen >= MIN_FRAGMENT_MATCH) {
      sink.match(bestLen, bestDist)
      for (let t = 0; t < bestLen; t++) insert(p + t)
      p += bestLen
    } else {
      sink.literal(bytes[p])
      insert(p)
      p++
    }
  }
}

/** The bytes every fragment of the pool starts with (from its first 1,000 fragments; ≤ 64). */
export function commonPrefix(pool: FragmentPool): Uint8Array {
  const { bytes, offsets } = pool
  const count = Math.min(offsets.length - 1, 1000)
  if (count <= 0) return new Uint8Array(0)
  let len = Math.min(64, offsets[1] - offsets[0])
  for (let i = 1; i < count && len > 0; i++) {
    const b = offsets[i]
    len = Math.min(len, offsets[i + 1] - b)
    let n = 0
    while (n < len && bytes[offsets[0] + n] === bytes[b + n]) n++
    len = n
  }
  return bytes.slice(offsets[0], offsets[0] + len)
}

/** What `walkTokens` asks of the splicer it counts for. */
export interface TokenContext {
  readonly pool: FragmentPool
  /** the shared prefix's length (0: none worth a match) */
  readonly prefixLength: number
  /** whether fragment `id` starts with the shared prefix */
  hasPrefix(id: number): boolean
  /** the previous occurrence of Literal `id` in the body of `stamp` (-1: none), noting `at` */
  lastOccurrence(id: number, at: number, stamp: number): number
  /** a stamp for a new body */
  beginBody(): number
}

/**
 * The tokens of a body in writeBody's order and choices, to a sink (counting, to choose the
 * code): the bytes between tokens as literals, each Literal as a match against its last
 * occurrence, each fragment's prefix as a match against the previous fragment's and its own
 * tokens. False on overlapping tokens.
 */
export function walkTokens(
  sp: TokenContext,
  body: Uint8Array,
  layout: BodyLayout,
  literals: LiteralTokens,
  sink: TokenSink,
): boolean {
  const pool = sp.pool
  const plen = sp.prefixLength
  const stamp = sp.beginBody()
  const log = literals.entries
  let p = 0
  let li = 0
  let fi = 0
  let prevFragment = -1
  for (;;) {
    const nextLit = li < literals.n ? log[li * 3 + 1] : body.length
    const nextFrag = fi < layout.n ? layout.at[fi] : body.length
    const isFragment = nextFrag <= nextLit
    const next = isFragment ? nextFrag : nextLit
    if (next < p) return false
    for (; p < next; p++) sink.literal(body[p])
    if (next === body.length) return true
    if (!isFragment) {
      const length = log[li * 3 + 2]
      const before = sp.lastOccurrence(log[li * 3], next, stamp)
      li++
      if (before >= 0 && length >= 3 && length <= MAX_MATCH && next - before <= MAX_DISTANCE)
        sink.match(length, next - before)
      else for (let t = next; t < next + length; t++) sink.literal(body[t])
      p = next + length
      continue
    }
    const id = layout.ids[fi++]
    const start = pool.offsets[id]
    const end = pool.offsets[id + 1]
    const prefixed = plen > 0 && sp.hasPrefix(id)
    if (prefixed && prevFragment >= 0 && next - prevFragment <= MAX_DISTANCE)
      sink.match(plen, next - prevFragment)
    else if (prefixed) for (let t = 0; t < plen; t++) sink.literal(body[next + t])
    fragmentTokens(pool.bytes, start, start + (prefixed ? plen : 0), end, sink)
    prevFragment = prefixed ? next : -1
    p = next + (end - start)
  }
}
