/** Content encodings: what the client accepts, and compressing a body at fast settings. */
import { brotliCompressSync, constants } from 'node:zlib'

/** Bodies at or below this size go uncompressed (the COMPRESS setting and the OpenAPI document say so). */
export const COMPRESS_MIN_BYTES = 1024

/** COMPRESS_MIN_BYTES for people: `1 KB`. */
export const COMPRESS_MIN_TEXT = `${COMPRESS_MIN_BYTES / 1024} KB`

export type Encoding = 'br' | 'gzip' | 'identity'

/**
 * The best encoding the client accepts, honouring q=0: br, then gzip; gzip first with
 * `preferGzip` (routes whose default answers are stored as gzip in the index, sent as bytes
 * where br would be compressed per answer: src/http/stored.ts).
 */
export function negotiateEncoding(acceptEncoding: string | null, preferGzip = false): Encoding {
  if (!acceptEncoding) return 'identity'
  const memo = preferGzip ? gzipFirstChoices : choices
  let choice = memo.get(acceptEncoding)
  if (choice === undefined) {
    choice = chooseEncoding(acceptEncoding, preferGzip)
    if (acceptEncoding.length <= MEMO_VALUE_LENGTH) {
      if (memo.size >= MEMO_VALUES) memo.clear()
      memo.set(acceptEncoding, choice)
    }
  }
  return choice
}

// Clients send few distinct Accept-Encoding values (a browser's, Locust's, curl's): each is
// parsed once. Bounded: at most MEMO_VALUES values of at most MEMO_VALUE_LENGTH characters.
const MEMO_VALUES = 256
const MEMO_VALUE_LENGTH = 256
const choices = new Map<string, Encoding>()
const gzipFirstChoices = new Map<string, Encoding>()

function chooseEncoding(acceptEncoding: string, preferGzip: boolean): Encoding {
  let br = false
  let gzip = false
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';')
    const q = params.find((p) => p.trim().startsWith('q='))
    if (q && Number(q.trim().slice(2)) === 0) continue
    if (name === 'br') br = true
    else if (name === 'gzip') gzip = true
    else if (name === '*') br = gzip = true
  }
  if (preferGzip && gzip) return 'gzip'
  return br ? 'br' : gzip ? 'gzip' : 'identity'
}

/**
 * Compresses a body at fast settings (brotli quality 1, gzip level 1): on a 58 KB ranking
 * 0.27 ms → 13.9 KB and 0.11 ms → 17.7 KB, where brotli 5 took 1.5 ms for 12.2 KB and gzip 6
 * 0.6 ms for 13.1 KB. Random keys at full scale are compressed once per answer, so the
 * fast settings are what keep compression affordable (bench/README.md).
 */
export function compress(body: Uint8Array, encoding: Encoding): Uint8Array {
  if (encoding === 'gzip') return Bun.gzipSync(body as Uint8Array<ArrayBuffer>, { level: 1 })
  return brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } })
}
