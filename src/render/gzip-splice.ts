/**
 * gzip answers spliced, not compressed per request. A body made of pre-rendered fragments (a
 * ranking: one track fragment per entry), constants (`Literal`s) and a few varying bytes
 * (digits) is written as one DEFLATE block (RFC 1951) with one Huffman code per fragment pool:
 *
 * - each fragment's bits are encoded once, on first use, and kept: literals and matches inside
 *   the fragment only, so they mean the same wherever the fragment lands; the bytes every
 *   fragment starts with (`"trackId":"`) are a match against the previous fragment;
 * - each Literal the writer put (json-writer.ts logs them while a gzip answer renders) is a
 *   match against its previous occurrence in the body;
 * - the bytes between (digits, punctuation) are literals, two at a time from a pair table;
 * - the gzip trailer's CRC-32 is the identity body's (`Bun.hash.crc32`, native).
 *
 * The code is chosen from the tokens of SAMPLE_BODIES bodies: in the server, rankings the
 * index picks when it loads (`chooseCode`, so every replica of a build sends the same bytes);
 * without that, the pool's first answers (compressed whole meanwhile). Every symbol keeps a
 * code, so any body encodes. A whole-body gzip level 1
 * finds more matches but reads every byte (~190 µs for a 61 KB ranking); this reads only the
 * varying bytes and copies each fragment's bits (bench/README.md, "Compression").
 */
import { lastLayout } from './fragments.ts'
import { GzipSplicer } from './gzip-splicer.ts'
import type { FragmentPool } from './gzip-tokens.ts'
import { literalLog } from './json-writer.ts'

const splicers = new WeakMap<FragmentPool, GzipSplicer>()

/** The splicer of a pool (one per index's pool; dropped with the index). */
export function splicerOf(pool: FragmentPool): GzipSplicer {
  let sp = splicers.get(pool)
  if (!sp) splicers.set(pool, (sp = new GzipSplicer(pool)))
  return sp
}

/**
 * Runs a render with its Literals logged (and, if it records them, its fragments): what
 * `splicedGzip` needs right after. Costs one branch per Literal written and a few stores per
 * Literal logged.
 */
export function renderForGzip(render: () => Uint8Array): Uint8Array {
  literalLog.on = true
  literalLog.n = 0
  lastLayout.pool = null
  lastLayout.body = null
  try {
    return render()
  } finally {
    literalLog.on = false
  }
}

/**
 * The body renderForGzip just made as spliced gzip, or null when that body recorded no
 * fragments (or is not the one the render recorded, e.g. CSV made from it) or its pool's code
 * is not chosen yet: the caller compresses it whole (the pool then learns from it; the server
 * chooses the code at load instead, see `chooseCode`).
 */
export function splicedGzip(body: Uint8Array): Uint8Array | null {
  const pool = lastLayout.pool
  if (!pool || lastLayout.body !== body) return null
  lastLayout.pool = null
  lastLayout.body = null
  const sp = splicerOf(pool)
  if (!sp.ready) {
    sp.observe(body, lastLayout, literalLog)
    if (sp.ready) encodeInBackground(sp)
    return null
  }
  return sp.gzip(body, lastLayout, literalLog)
}

/**
 * Chooses a pool's code from the bodies of `renders` (up to SAMPLE_BODIES of them), then keeps
 * encoding its fragments in the background. The server gives it bodies the index alone picks
 * (render/ranking.ts chooseRankingGzipCode), so every replica of a build chooses the same code
 * and sends the same gzip bytes for the same answer; left to the first requests, two replicas
 * would choose from different bodies.
 */
export function chooseCode(pool: FragmentPool, renders: Iterable<() => Uint8Array>): void {
  const sp = splicerOf(pool)
  if (sp.ready) return
  for (const render of renders) {
    const body = renderForGzip(render)
    if (lastLayout.pool === pool && lastLayout.body === body)
      sp.observe(body, lastLayout, literalLog)
    lastLayout.pool = null
    lastLayout.body = null
    if (sp.ready) break
  }
  sp.settle()
  encodeInBackground(sp)
}

/**
 * Encodes a pool's fragments in slices of ~4 ms between requests until all are kept (timers
 * unreferenced: they never keep a process alive).
 */
function encodeInBackground(sp: GzipSplicer): void {
  const slice = () => {
    if (sp.encodeAhead(4)) setTimeout(slice, 1).unref()
  }
  setTimeout(slice, 1).unref()
}
