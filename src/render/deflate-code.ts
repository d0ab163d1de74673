/**
 * The pieces of a DEFLATE stream (RFC 1951) a body is spliced from: one dynamic Huffman code
 * for literals, lengths and distances, chosen once from symbol counts; the block header that
 * announces it; and a bit writer that appends codes and whole pre-encoded bit strings at any
 * bit offset. Bits are packed least significant first, 32 at a time (little-endian words are
 * the stream's byte order).
 */

/** Base length of each length symbol 257..285, and its extra bits. */
const LENGTH_BASE = [
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
  163, 195, 227, 258,
]
const LENGTH_EXTRA = [
  0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
]
/** Base distance of each distance symbol 0..29, and its extra bits. */
const DIST_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049,
  3073, 4097, 6145, 8193, 12289, 16385, 24577,
]
const DIST_EXTRA = [
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
]

/** Literal/length symbols (0..255 bytes, 256 end of block, 257..285 lengths) and distance symbols. */
export const LITLEN_SYMBOLS = 286
export const DIST_SYMBOLS = 30
export const END_OF_BLOCK = 256
/** Longest and farthest match DEFLATE allows. */
export const MAX_MATCH = 258
export const MAX_DISTANCE = 32768

/** The length symbol of each match length 3..258. */
export const LENGTH_SYMBOL = new Uint16Array(MAX_MATCH + 1)
/** The distance symbol of each distance 1..32768. */
export const DIST_SYMBOL = new Uint8Array(MAX_DISTANCE + 1)
for (let s = 0; s < 29; s++) {
  const end = s === 28 ? 259 : LENGTH_BASE[s + 1]
  for (let len = LENGTH_BASE[s]; len < end; len++) LENGTH_SYMBOL[len] = 257 + s
}
for (let s = 0; s < 30; s++) {
  const end = s === 29 ? MAX_DISTANCE + 1 : DIST_BASE[s + 1]
  for (let d = DIST_BASE[s]; d < end; d++) DIST_SYMBOL[d] = s
}

/**
 * Huffman code lengths for `freqs` (every symbol with a count gets a code), none longer than
 * `maxBits`: counts are halved (keeping them ≥ 1) until the tree is shallow enough.
 */
export function codeLengths(freqs: ArrayLike<number>, maxBits: number): Uint8Array {
  let counts = Array.from(freqs)
  for (;;) {
    const lengths = huffmanLengths(counts)
    if (Math.max(...lengths) <= maxBits) return lengths
    counts = counts.map((c) => (c > 0 ? Math.max(1, c >> 1) : 0))
  }
}

function huffmanLengths(counts: number[]): Uint8Array {
  const lengths = new Uint8Array(counts.length)
  const used = counts.flatMap((c, s) => (c > 0 ? [s] : []))
  if (used.length === 1) lengths[used[0]] = 1
  if (used.length < 2) return lengths
  // nodes: leaves are symbols, inner nodes get ids from counts.length; a sorted work list
  const parent: number[] = []
  let nodes = used.map((s) => ({ id: s, weight: counts[s] }))
  let next = counts.length
  while (nodes.length > 1) {
    nodes.sort((a, b) => a.weight - b.weight || a.id - b.id)
    const [a, b] = nodes
    parent[a.id] = next
    parent[b.id] = next
    nodes = [{ id: next++, weight: a.weight + b.weight }, ...nodes.slice(2)]
  }
  for (const s of used) {
    let depth = 0
    for (let n = s; parent[n] !== undefined; n = parent[n]) depth++
    lengths[s] = depth
  }
  return lengths
}

/** Canonical codes of code lengths (RFC 1951 3.2.2), bit-reversed for least-significant-first writing. */
export function canonicalCodes(lengths: Uint8Array): Int32Array {
  const count = new Uint16Array(16)
  for (const len of lengths) count[len]++
  count[0] = 0
  const next = new Uint16Array(16)
  let code = 0
  for (let bits = 1; bits < 16; bits++) {
    code = (code + count[bits - 1]) << 1
    next[bits] = code
  }
  const codes = new Int32Array(lengths.length)
  for (let s = 0; s < lengths.length; s++) {
    const len = lengths[s]
    if (len === 0) continue
    let c = next[len]++
    let reversed = 0
    for (let i = 0; i < len; i++) {
      reversed = (reversed << 1) | (c & 1)
      c >>= 1
    }
    codes[s] = reversed
  }
  return codes
}

/** Appends bits to 32-bit words, least significant first. */
export class BitWriter {
  out: Int32Array
  /** words written */
  w = 0
  /** bits pending in `acc` (0..31) */
  n = 0
  acc = 0

  constructor(words = 1024) {
    this.out = new Int32Array(words)
  }

  /** Starts over with room for at least `words` words. */
  reset(words: number): this {
    if (this.out.length < words) this.out = new Int32Array(Math.max(words, this.out.length * 2))
    this.w = 0
    this.n = 0
    this.acc = 0
    return this
  }

  /** Appends the low `count` bits of `bits` (count ≤ 31; higher bits must be zero). */
  put(bits: number, count: number): void {
    const n = this.n
    this.acc |= bits << n
    const total = n + count
    if (total >= 32) {
      this.out[this.w++] = this.acc
      this.n = total - 32
      // n > 0 here: count < 32
      this.acc = this.n === 0 ? 0 : bits >>> (32 - n)
    } else this.n = total
  }

  /** Appends `count` bits stored from word `at` of `words` (bits past `count` in the last word zero). */
  splice(words: Int32Array, at: number, count: number): void {
    const full = count >>> 5
    const n = this.n
    const out = this.out
    let w = this.w
    if (n === 0) {
      for (let t = 0; t < full; t++) out[w++] = words[at + t]
    } else {
      let acc = this.acc
      const back = 32 - n
      for (let t = 0; t < full; t++) {
        const x = words[at + t]
        out[w++] = acc | (x << n)
        acc = x >>> back
      }
      this.acc = acc
    }
    this.w = w
    const rest = count & 31
    if (rest > 0) this.put(words[at + full], rest)
  }

  /** Bits written so far. */
  get bits(): number {
    return this.w * 32 + this.n
  }

  /** Pads to a byte boundary with zero bits and stores the pending word; returns the byte length. */
  flushBytes(): number {
    const pad = (8 - (this.n & 7)) & 7
    if (pad) this.put(0, pad)
    if (this.n > 0) this.out[this.w] = this.acc
    return this.w * 4 + (this.n >>> 3)
  }
}

/**
 * A dynamic Huffman code for one DEFLATE block, ready to write: per literal byte, per match
 * length and per distance, the code and its extra bits as one bit string and its length.
 */
export class DeflateCode {
  readonly litBits = new Int32Array(256)
  readonly litCount = new Uint8Array(256)
  readonly lenBits = new Int32Array(MAX_MATCH + 1)
  readonly lenCount = new Uint8Array(MAX_MATCH + 1)
  readonly distBits = new Int32Array(MAX_DISTANCE + 1)
  readonly distCount = new Uint8Array(MAX_DISTANCE + 1)
  readonly eobBits: number
  readonly eobCount: number
  /** the block header (BFINAL=1, BTYPE=2, the code lengths) as a bit string */
  readonly header: Int32Array
  readonly headerBits: number

  /** `litlenFreqs` (286 counts) and `distFreqs` (30): every symbol gets a code (a count of 0 counts as 1). */
  constructor(litlenFreqs: ArrayLike<number>, distFreqs: ArrayLike<number>) {
    const ll = codeLengths(
      Array.from({ length: LITLEN_SYMBOLS }, (_, s) => Math.max(1, litlenFreqs[s] ?? 0)),
      15,
    )
    const dl = codeLengths(
      Array.from({ length: DIST_SYMBOLS }, (_, s) => Math.max(1, distFreqs[s] ?? 0)),
      15,
    )
    const llCodes = canonicalCodes(ll)
    const dCodes = canonicalCodes(dl)
    for (let b = 0; b < 256; b++) {
      this.litBits[b] = llCodes[b]
      this.litCount[b] = ll[b]
    }
    this.eobBits = llCodes[END_OF_BLOCK]
    this.eobCount = ll[END_OF_BLOCK]
    for (let len = 3; len <= MAX_MATCH; len++) {
      const s = LENGTH_SYMBOL[len]
      const extra = LENGTH_EXTRA[s - 257]
      this.lenBits[len] = llCodes[s] | ((len - LENGTH_BASE[s - 257]) << ll[s])
      this.lenCount[len] = ll[s] + extra
    }
    for (let d = 1; d <= MAX_DISTANCE; d++) {
      const s = DIST_SYMBOL[d]
      this.distBits[d] = dCodes[s] | ((d - DIST_BASE[s]) << dl[s])
      this.distCount[d] = dl[s] + DIST_EXTRA[s]
    }
    const header = new BitWriter(256)
    writeBlockHeader(header, ll, dl)
    this.headerBits = header.bits
    header.flushBytes()
    this.header = header.out.slice(0, header.w + 1)
  }
}

/** Order of the code length code's lengths in the header (RFC 1951 3.2.7). */
const CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

/** BFINAL=1, BTYPE=10, then the 286 + 30 code lengths, each written with the code length code. */
function writeBlockHeader(w: BitWriter, ll: Uint8Array, dl: Uint8Array): void {
  w.put(1, 1)
  w.put(2, 2)
  w.put(LITLEN_SYMBOLS - 257, 5)
  w.put(DIST_SYMBOLS - 1, 5)
  w.put(19 - 4, 4)
  const all = [...ll, ...dl]
  const freqs = new Array(19).fill(0)
  for (const len of all) freqs[len]++
  const cl = codeLengths(freqs, 7)
  const clCodes = canonicalCodes(cl)
  for (const s of CL_ORDER) w.put(cl[s], 3)
  for (const len of all) w.put(clCodes[len], cl[len])
}
