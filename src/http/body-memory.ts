/**
 * Keeps the memory of sent bodies from piling up. Every Response copies its body into
 * native memory that is freed only when a full garbage collection finds the Response dead;
 * nothing else prompts one, and at full scale random rankings (58 KB each, thousands a
 * second) grew the process's anonymous memory past 1.5 GB. Counting the bytes handed to
 * Responses and asking for a full collection after every BODY_BYTES_PER_GC of them keeps it
 * near 100 MB at a cost measured in bench/README.md (the collection runs between requests).
 */

/** Body bytes between two full collections. */
export const BODY_BYTES_PER_GC = 32 * 1024 * 1024

let since = 0
let scheduled = false

/** Notes `bytes` handed to a Response; schedules a full collection past the threshold. */
export function noteBodyBytes(bytes: number): void {
  since += bytes
  if (since < BODY_BYTES_PER_GC || scheduled) return
  scheduled = true
  setImmediate(() => {
    scheduled = false
    since = 0
    Bun.gc(true)
  })
}
