/**
 * One fragment pool's splicer (render/gzip-splice.ts says how a spliced gzip is made): the
 * chosen code, every fragment's kept bits, and the writer that assembles a body's gzip from
 * them, the Literals' matches and the bytes between.
 */
import { BitWriter, DeflateCode, END_OF_BLOCK, MAX_DISTANCE, MAX_MATCH } from './deflate-code.ts'
import {
  type BodyLayout,
  CodeWriter,
  commonPrefix,
  type FragmentPool,
  fragmentTokens,
  type LiteralTokens,
  SymbolCounter,
  type TokenContext,
  walkTokens,
} from './gzip-tokens.ts'
import { literalIdCount } from './json-writer.ts'

/** Numbers per fragment in GzipSplicer's `meta`, and where each is. */
const META = 4
const BITS = 1
const PREFIX = 2
const LENGTH = 3

/** Answers compressed whole while a pool's code is chosen from their tokens. */
export const SAMPLE_BODIES = 16
/** Most bytes of fragment bits kept per pool (past it, answers are compressed whole). */
const MAX_KEPT_BYTES = 256 * 1024 * 1024

/** The 10-byte gzip header: deflate, no name, no time, OS unknown. */
const GZIP_HEADER = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]

/**
 * A pool's chosen code and the bits of its fragments. `gzip` answers null until the code is
 * chosen (after SAMPLE_BODIES observed bodies) and when the kept bits would pass their bound.
 */
export class GzipSplicer implements TokenContext {
  private code: DeflateCode | null = null
  private readonly counter = new SymbolCounter()
  private samples = 0
  /** gzip header and block header as one bit string */
  private prologue = new Int32Array(0)
  private prologueBits = 0
  /** two literals at once: code bits of (a | b << 8), 0 bits when longer than 31 */
  private pairBits = new Int32Array(0)
  private pairCount = new Uint8Array(0)
  /**
   * Per fragment, four numbers side by side (one cache line holds them, so a random ranking
   * costs one miss per fragment here, not three): the word offset of its bits in `words` (-1:
   * not yet encoded), their bit count, whether it starts with the shared prefix (0 not yet
   * known, 1 yes, 2 no) and its length in bytes (once encoded).
   */
  private readonly meta: Int32Array
  private words = new Int32Array(1 << 16)
  private used = 0
  private readonly scratch = new BitWriter(1024)
  private readonly out = new BitWriter(16 * 1024)
  /** per literal id: body offset of its last occurrence, valid when its stamp is this body's */
  private lastAt = new Int32Array(256)
  private lastStamp = new Int32Array(256)
  private stamp = 0
  private readonly prefix: Uint8Array

  constructor(readonly pool: FragmentPool) {
    const count = pool.offsets.length - 1
    this.meta = new Int32Array(count * META)
    for (let id = 0; id < count; id++) this.meta[id * META] = -1
    this.prefix = commonPrefix(pool)
  }

  /** Whether the code is chosen (before, `gzip` answers null and `observe` wants bodies). */
  get ready(): boolean {
    return this.code !== null
  }

  /** Bytes of fragment bits kept so far. */
  get keptBytes(): number {
    return this.used * 4
  }

  /** next fragment id `encodeAhead` looks at */
  private ahead = 0

  /**
   * Encodes fragments not encoded yet, in id order (tracks are numbered by popularity, so the
   * most asked first), for about `ms` milliseconds; returns whether any remain. Run in the
   * background once the code is chosen, so that answers find their fragments' bits kept
   * rather than encoding them on first use (at full scale ~500 k fragments, a few seconds of
   * CPU in slices).
   */
  encodeAhead(ms: number): boolean {
    if (!this.code) return true
    const until = performance.now() + ms
    const count = this.meta.length / META
    while (this.ahead < count) {
      for (let k = 0; k < 256 && this.ahead < count; k++, this.ahead++) {
        if (this.meta[this.ahead * META] < 0 && !this.encodeFragment(this.ahead)) {
          this.ahead = count
          return false
        }
      }
      if (performance.now() >= until) break
    }
    return this.ahead < count
  }

  /** Counts the tokens of a body towards the code; chooses it after SAMPLE_BODIES bodies. */
  observe(body: Uint8Array, layout: BodyLayout, literals: LiteralTokens): void {
    if (this.code) return
    if (!walkTokens(this, body, layout, literals, this.counter)) return
    if (++this.samples < SAMPLE_BODIES) return
    this.settle()
  }

  /** Chooses the code from the bodies observed so far (any body encodes: every symbol has a code). */
  settle(): void {
    if (this.code) return
    this.counter.litlen[END_OF_BLOCK]++
    this.useCode(new DeflateCode(this.counter.litlen, this.counter.dist))
  }

  /** Chooses the code (tests may give one directly). */
  useCode(code: DeflateCode): void {
    const p = new BitWriter(512)
    for (const b of GZIP_HEADER) p.put(b, 8)
    p.splice(code.header, 0, code.headerBits)
    this.prologueBits = p.bits
    p.flushBytes()
    this.prologue = p.out.slice(0, p.w + 1)
    this.pairBits = new Int32Array(65536)
    this.pairCount = new Uint8Array(65536)
    for (let a = 0; a < 256; a++) {
      for (let b = 0; b < 256; b++) {
        const count = code.litCount[a] + code.litCount[b]
        if (count > 31) continue
        this.pairBits[a | (b << 8)] = code.litBits[a] | (code.litBits[b] << code.litCount[a])
        this.pairCount[a | (b << 8)] = count
      }
    }
    this.code = code
  }

  /**
   * The gzip bytes of `body` (fragments and Literals where `layout` and `literals` say): a
   * view of a buffer the next call reuses, or null (no code yet, the kept bits at their
   * bound, or tokens that overlap: a writer that went back over its output).
   */
  gzip(body: Uint8Array, layout: BodyLayout, literals: LiteralTokens): Uint8Array | null {
    const code = this.code
    if (!code || !this.prepare(layout)) return null
    const bits = this.out.reset((body.length >> 1) + 1024)
    bits.splice(this.prologue, 0, this.prologueBits)
    if (!this.writeBody(body, layout, literals)) return null
    bits.put(code.eobBits, code.eobCount)
    const length = bits.flushBytes()
    const view = new DataView(bits.out.buffer)
    view.setUint32(length, Bun.hash.crc32(body) >>> 0, true)
    view.setUint32(length + 4, body.length >>> 0, true)
    return new Uint8Array(bits.out.buffer, 0, length + 8)
  }

  /** Whether fragment `id` starts with the shared prefix (its kept bits then leave it out). */
  hasPrefix(id: number): boolean {
    let known = this.meta[id * META + PREFIX]
    if (known === 0) {
      const { bytes, offsets } = this.pool
      const start = offsets[id]
      const p = this.prefix
      let ok = p.length >= 3 && offsets[id + 1] - start >= p.length
      for (let i = 0; ok && i < p.length; i++) ok = bytes[start + i] === p[i]
      known = ok ? 1 : 2
      this.meta[id * META + PREFIX] = known
    }
    return known === 1
  }

  /** The shared prefix's length (0: fragments share none worth a match). */
  get prefixLength(): number {
    return this.prefix.length >= 3 ? this.prefix.length : 0
  }

  /**
   * Encodes the body's fragments not encoded yet, then touches the bits of all of them in a
   * pass of independent loads (their cache misses overlap, as in render/fragments.ts).
   * False when the kept bits would pass their bound.
   */
  private prepare(layout: BodyLayout): boolean {
    const { n, ids } = layout
    const meta = this.meta
    for (let i = 0; i < n; i++) {
      if (meta[ids[i] * META] < 0 && !this.encodeFragment(ids[i])) return false
    }
    const words = this.words
    let touch = 0
    for (let i = 0; i < n; i++) {
      const m = ids[i] * META
      const a = meta[m]
      const last = a + ((meta[m + BITS] - 1) >> 5)
      touch ^= words[a] ^ words[(a + last) >> 1] ^ words[last]
    }
    return touch !== 0.5
  }

  private encodeFragment(id: number): boolean {
    const { bytes, offsets } = this.pool
    const start = offsets[id]
    const end = offsets[id + 1]
    const s = this.scratch.reset(((end - start) >> 1) + 64)
    const from = start + (this.hasPrefix(id) ? this.prefix.length : 0)
    fragmentTokens(bytes, start, from, end, new CodeWriter(this.code!, s))
    const count = s.bits
    const words = (count + 31) >> 5
    s.flushBytes()
    if (this.used + words > this.words.length) {
      const size = Math.max(this.words.length * 2, this.used + words)
      if (size * 4 > MAX_KEPT_BYTES) return false
      const grown = new Int32Array(size)
      grown.set(this.words.subarray(0, this.used))
      this.words = grown
    }
    this.words.set(s.out.subarray(0, words), this.used)
    this.meta[id * META] = this.used
    this.meta[id * META + BITS] = count
    this.meta[id * META + LENGTH] = end - start
    this.used += words
    return true
  }

  /** A new body for the Literals' last occurrences; returns its stamp. */
  private nextStamp(): number {
    const ids = literalIdCount()
    if (ids > this.lastAt.length) {
      this.lastAt = new Int32Array(ids * 2)
      this.lastStamp = new Int32Array(ids * 2)
    }
    return ++this.stamp
  }

  /**
   * The tokens of the body as bits (walkTokens' order and choices, written with the bit
   * writer's state in locals: the hot path of a gzip answer). False on overlapping tokens.
   */
  private writeBody(body: Uint8Array, layout: BodyLayout, literals: LiteralTokens): boolean {
    const stamp = this.nextStamp()
    const code = this.code!
    const { litBits, litCount, lenBits, lenCount, distBits, distCount } = code
    const { pairBits, pairCount, meta, words } = this
    const { lastAt, lastStamp } = this
    const plen = this.prefixLength
    const { n: fragments, ids, at } = layout
    const log = literals.entries
    const logN = literals.n
    const size = body.length
    const bw = this.out
    const out = bw.out
    let acc = bw.acc
    let nb = bw.n
    let w = bw.w
    let p = 0
    let li = 0
    let fi = 0
    let prevFragment = -1
    for (;;) {
      const nextLit = li < logN ? log[li * 3 + 1] : size
      const nextFrag = fi < fragments ? at[fi] : size
      // a fragment first when both start here (an empty one may share its place)
      const isFragment = nextFrag <= nextLit
      const next = isFragment ? nextFrag : nextLit
      if (next < p) return false
      // the bytes before the next token: literals, two at a time
      while (p + 1 < next) {
        const pair = body[p] | (body[p + 1] << 8)
        let bits = pairBits[pair]
        let c = pairCount[pair]
        if (c === 0) {
          bits = litBits[body[p]]
          c = litCount[body[p]]
          p++
        } else p += 2
        acc |= bits << nb
        nb += c
        if (nb >= 32) {
          out[w++] = acc
          nb -= 32
          acc = nb === 0 ? 0 : bits >>> (c - nb)
        }
      }
      if (p < next) {
        const bits = litBits[body[p]]
        const c = litCount[body[p]]
        p++
        acc |= bits << nb
        nb += c
        if (nb >= 32) {
          out[w++] = acc
          nb -= 32
          acc = nb === 0 ? 0 : bits >>> (c - nb)
        }
      }
      if (next === size) break
      let matchLength = 0
      let distance = 0
      let token = 0
      if (!isFragment) {
        // a Literal: a match against its last occurrence, or its bytes
        const id = log[li * 3]
        token = log[li * 3 + 2]
        li++
        if (lastStamp[id] === stamp && token >= 3 && token <= MAX_MATCH) {
          distance = next - lastAt[id]
          if (distance <= MAX_DISTANCE) matchLength = token
        }
        lastStamp[id] = stamp
        lastAt[id] = next
      } else {
        // a fragment: its shared prefix against the previous fragment's, then its kept bits
        const id = ids[fi++]
        const known = meta[id * META + PREFIX]
        const prefixed = plen > 0 && (known === 0 ? this.hasPrefix(id) : known === 1)
        token = prefixed ? plen : 0
        if (prefixed && prevFragment >= 0 && next - prevFragment <= MAX_DISTANCE) {
          matchLength = plen
          distance = next - prevFragment
        }
        prevFragment = prefixed ? next : -1
      }
      if (matchLength > 0) {
        let bits = lenBits[matchLength]
        let c = lenCount[matchLength]
        acc |= bits << nb
        nb += c
        if (nb >= 32) {
          out[w++] = acc
          nb -= 32
          acc = nb === 0 ? 0 : bits >>> (c - nb)
        }
        bits = distBits[distance]
        c = distCount[distance]
        acc |= bits << nb
        nb += c
        if (nb >= 32) {
          out[w++] = acc
          nb -= 32
          acc = nb === 0 ? 0 : bits >>> (c - nb)
        }
      } else {
        for (let t = next; t < next + token; t++) {
          const bits = litBits[body[t]]
          const c = litCount[body[t]]
          acc |= bits << nb
          nb += c
          if (nb >= 32) {
            out[w++] = acc
            nb -= 32
            acc = nb === 0 ? 0 : bits >>> (c - nb)
          }
        }
      }
      p = next + token
      if (!isFragment) continue
      // the fragment's kept bits, shifted into place (BitWriter.splice)
      const id = ids[fi - 1]
      const fa = meta[id * META]
      const fb = meta[id * META + BITS]
      const full = fb >>> 5
      if (nb === 0) for (let t = 0; t < full; t++) out[w++] = words[fa + t]
      else {
        const back = 32 - nb
        for (let t = 0; t < full; t++) {
          const x = words[fa + t]
          out[w++] = acc | (x << nb)
          acc = x >>> back
        }
      }
      const rest = fb & 31
      if (rest > 0) {
        const bits = words[fa + full]
        acc |= bits << nb
        nb += rest
        if (nb >= 32) {
          out[w++] = acc
          nb -= 32
          acc = nb === 0 ? 0 : bits >>> (rest - nb)
        }
      }
      p = next + meta[id * META + LENGTH]
    }
    bw.acc = acc
    bw.n = nb
    bw.w = w
    return true
  }

  /** For walkTokens: the previous occurrence of a Literal in the body being counted. */
  lastOccurrence(id: number, at: number, stamp: number): number {
    const before = this.lastStamp[id] === stamp ? this.lastAt[id] : -1
    this.lastStamp[id] = stamp
    this.lastAt[id] = at
    return before
  }

  /** For walkTokens: a stamp for a new body. */
  beginBody(): number {
    return this.nextStamp()
  }
}
