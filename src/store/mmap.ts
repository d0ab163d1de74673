/**
 * Read-only access to index files, two ways:
 *
 * - `mmap` (default): the file is opened O_RDONLY and mapped PROT_READ, MAP_PRIVATE through
 *   libc (`bun:ffi`), and the mapping is wrapped in an ArrayBuffer without copying. This
 *   works on read-only mounts and on 0444 files owned by another user, where `Bun.mmap`
 *   (which opens O_RDWR and maps PROT_READ|PROT_WRITE) fails with EROFS or EACCES. The
 *   ArrayBuffer owns the mapping: when the last view of it is garbage-collected, JSC calls
 *   libc `munmap(address, length)` as its deallocator, so an old index stays mapped exactly
 *   as long as something (an in-flight request, a closure) still references it. Cost: one
 *   open, one fstat, one mmap, one close per file (tens of µs; no byte is read).
 * - `memory`: the file is read into a fresh buffer. Costs its size in RSS and a read at open,
 *   but nothing that happens to the file afterwards (truncation, edits in place) can reach
 *   the server: for network filesystems (NFS, EFS) where files may change under a reader.
 *
 * Both return the bytes and the identity of the file (inode, size, mtime) as opened, so the
 * server can notice a file changed in place.
 */

import { dlopen, FFIType, type Pointer, ptr, toArrayBuffer } from 'bun:ffi'
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'

/** How index files are held: mapped from the file or read into memory. */
export type IndexMode = 'mmap' | 'memory'

/** What identifies a file's contents without reading them. */
export interface FileIdentity {
  ino: number
  size: number
  mtimeMs: number
}

/** One opened index file. */
export interface HeldFile {
  bytes: Uint8Array
  identity: FileIdentity
}

const PROT_READ = 1
const MAP_PRIVATE = 2
/** User-space addresses are below 2^48; MAP_FAILED is (void *)-1. */
const ADDRESS_LIMIT = 2 ** 48

/** libc names to try, most likely first (glibc, musl on x64 and arm64, macOS). */
const LIBC_NAMES = [
  'libc.so.6',
  'libc.musl-x86_64.so.1',
  'libc.musl-aarch64.so.1',
  'libc.so',
  '/usr/lib/libSystem.B.dylib',
]

type Libc = ReturnType<typeof openLibc>

function openLibc(name: string) {
  return dlopen(name, {
    mmap: {
      args: [FFIType.ptr, FFIType.u64, FFIType.i32, FFIType.i32, FFIType.i32, FFIType.i64],
      returns: FFIType.ptr,
    },
    munmap: { args: [FFIType.ptr, FFIType.u64], returns: FFIType.i32 },
    madvise: { args: [FFIType.ptr, FFIType.u64, FFIType.i32], returns: FFIType.i32 },
  })
}

/** madvise advice: the pages may be dropped (a clean file page is read again when touched). */
const MADV_DONTNEED = 4
const PAGE = 4096
/** the buffers that are mappings (only their pages may be given back) */
const mappings = new WeakSet<ArrayBufferLike>()

let libc: Libc | null | undefined

/** The libc bindings, or null when no libc could be loaded (then files are read instead). */
function loadLibc(): Libc | null {
  if (libc !== undefined) return libc
  libc = null
  for (const name of LIBC_NAMES) {
    try {
      libc = openLibc(name)
      break
    } catch {}
  }
  return libc
}

/** Whether read-only mapping is available here (libc found through bun:ffi). */
export function canMap(): boolean {
  return loadLibc() !== null
}

function identityOf(fd: number): FileIdentity {
  const st = fstatSync(fd)
  return { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs }
}

/**
 * Maps `path` read-only. The returned bytes must never be written (the pages are PROT_READ:
 * a write is a segmentation fault). An empty file gives an empty array (mmap refuses 0 bytes).
 */
function mapReadOnly(lib: Libc, fd: number, identity: FileIdentity): Uint8Array {
  if (identity.size === 0) return new Uint8Array(0)
  const address = lib.symbols.mmap(
    null,
    identity.size,
    PROT_READ,
    MAP_PRIVATE,
    fd,
    0,
  ) as Pointer | null
  if (!address || address >= ADDRESS_LIMIT) throw new Error(`mmap of ${identity.size} bytes failed`)
  // toArrayBuffer(ptr, offset, length, context, deallocator): JSC calls deallocator(ptr,
  // context) when the buffer is collected; with context = length that is munmap(ptr, length).
  const wrap = toArrayBuffer as unknown as (
    ptr: Pointer,
    offset: number,
    length: number,
    context: number,
    deallocator: Pointer | null,
  ) => ArrayBuffer
  const buffer = wrap(address, 0, identity.size, identity.size, munmapPointer(lib))
  mappings.add(buffer)
  return new Uint8Array(buffer)
}

/**
 * Lets the kernel drop the resident pages of a mapped file's bytes that `view` covers (whole
 * pages only): they stay in the page cache, and are mapped again when read. For a reader that
 * walks a large file once (the build's answers stage), so that what it has read stops counting
 * in its resident memory. Does nothing for bytes read into memory.
 */
export function releasePages(view: Uint8Array): void {
  if (!mappings.has(view.buffer)) return
  const lib = loadLibc()
  if (!lib) return
  const address = Number(ptr(view))
  const start = Math.ceil(address / PAGE) * PAGE
  const end = Math.floor((address + view.byteLength) / PAGE) * PAGE
  if (end > start) lib.symbols.madvise(start as unknown as Pointer, end - start, MADV_DONTNEED)
}

/** The address of libc munmap (bun:ffi puts it on the bound function as `ptr`). */
function munmapPointer(lib: Libc): Pointer {
  return (lib.symbols.munmap as unknown as { ptr: Pointer }).ptr
}

/** Reads the whole file into a fresh buffer (8-byte aligned, so any typed view fits). */
function readWhole(fd: number, identity: FileIdentity): Uint8Array {
  const bytes = new Uint8Array(identity.size)
  let done = 0
  while (done < bytes.length) {
    const n = readSync(fd, bytes, done, bytes.length - done, done)
    if (n === 0) throw new Error(`file shrank while read (${done} of ${bytes.length} bytes)`)
    done += n
  }
  return bytes
}

/**
 * Opens `path` read-only (O_RDONLY) and holds its bytes as `mode` says. `mmap` falls back to
 * reading when no libc can be loaded. Throws the system error (ENOENT, EACCES, ...) as is.
 */
export function holdFile(path: string, mode: IndexMode): HeldFile {
  const fd = openSync(path, 'r')
  try {
    const identity = identityOf(fd)
    const lib = mode === 'mmap' ? loadLibc() : null
    const bytes = lib ? mapReadOnly(lib, fd, identity) : readWhole(fd, identity)
    return { bytes, identity }
  } finally {
    // a mapping outlives its descriptor
    closeSync(fd)
  }
}
