/**
 * The app's icon (three rising bars on Spotify green), drawn from one table of shapes in
 * two forms: SVG for the page's `<link rel="icon">` and a 32×32 ICO for `/favicon.ico`,
 * which browsers and crawlers ask for whatever the page says. Both are made once, at import.
 */

/** A rounded rectangle on the 32×32 canvas; `r` is its corner radius. */
interface Shape {
  x: number
  y: number
  w: number
  h: number
  r: number
  fill: readonly [number, number, number]
}

const SIZE = 32
const GREEN = [0x1d, 0xb9, 0x54] as const
const WHITE = [0xff, 0xff, 0xff] as const

/** Drawn in order, later shapes over earlier ones. */
const SHAPES: readonly Shape[] = [
  { x: 0, y: 0, w: 32, h: 32, r: 7, fill: GREEN },
  { x: 6, y: 17, w: 5, h: 9, r: 1, fill: WHITE },
  { x: 13.5, y: 11, w: 5, h: 15, r: 1, fill: WHITE },
  { x: 21, y: 6, w: 5, h: 20, r: 1, fill: WHITE },
]

const hex = (c: readonly number[]) => `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`

/** The icon as an SVG document. */
export const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${SIZE} ${SIZE}">${SHAPES.map(
  (s) =>
    `<rect x="${s.x}" y="${s.y}" width="${s.w}" height="${s.h}" rx="${s.r}" fill="${hex(s.fill)}"/>`,
).join('')}</svg>\n`

/** True when the point lies inside the rounded rectangle. */
function inside(s: Shape, px: number, py: number): boolean {
  if (px < s.x || py < s.y || px > s.x + s.w || py > s.y + s.h) return false
  const cx = Math.min(Math.max(px, s.x + s.r), s.x + s.w - s.r)
  const cy = Math.min(Math.max(py, s.y + s.r), s.y + s.h - s.r)
  return (px - cx) ** 2 + (py - cy) ** 2 <= s.r ** 2
}

/** The 32×32 pixels, RGBA, top row first; edges anti-aliased by 4×4 samples per pixel. */
function iconPixels(): Uint8Array {
  const out = new Uint8Array(SIZE * SIZE * 4)
  const n = 4
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      let r = 0
      let g = 0
      let b = 0
      let a = 0
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const px = x + (sx + 0.5) / n
          const py = y + (sy + 0.5) / n
          let top: Shape | undefined
          for (const s of SHAPES) if (inside(s, px, py)) top = s
          if (!top) continue
          r += top.fill[0]
          g += top.fill[1]
          b += top.fill[2]
          a++
        }
      }
      const i = (y * SIZE + x) * 4
      // colour averaged over the covered samples (not premultiplied), alpha = coverage
      if (a) out.set([r / a, g / a, b / a, (255 * a) / (n * n)], i)
    }
  }
  return out
}

/**
 * An ICO file holding one 32×32 32-bit image (ICONDIR, one ICONDIRENTRY, a BITMAPINFOHEADER
 * of double height, BGRA rows bottom-up, then the 1-bit AND mask, all zero: alpha decides).
 */
function icoFromPixels(rgba: Uint8Array): Uint8Array<ArrayBuffer> {
  const maskRow = Math.ceil(SIZE / 32) * 4
  const image = 40 + SIZE * SIZE * 4 + maskRow * SIZE
  const file = new Uint8Array(6 + 16 + image)
  const v = new DataView(file.buffer)
  v.setUint16(2, 1, true) // type: icon
  v.setUint16(4, 1, true) // one image
  file[6] = SIZE
  file[7] = SIZE
  v.setUint16(10, 1, true) // colour planes
  v.setUint16(12, 32, true) // bits per pixel
  v.setUint32(14, image, true)
  v.setUint32(18, 22, true) // offset of the image
  const bmp = 22
  v.setUint32(bmp, 40, true)
  v.setInt32(bmp + 4, SIZE, true)
  v.setInt32(bmp + 8, SIZE * 2, true) // XOR image and AND mask
  v.setUint16(bmp + 12, 1, true)
  v.setUint16(bmp + 14, 32, true)
  v.setUint32(bmp + 20, SIZE * SIZE * 4 + maskRow * SIZE, true)
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const from = (y * SIZE + x) * 4
      const to = bmp + 40 + ((SIZE - 1 - y) * SIZE + x) * 4
      file.set([rgba[from + 2], rgba[from + 1], rgba[from], rgba[from + 3]], to)
    }
  }
  return file
}

/** The icon as an ICO file (32×32, 32-bit with alpha), 4.3 KB. */
export const ICON_ICO: Uint8Array<ArrayBuffer> = icoFromPixels(iconPixels())
