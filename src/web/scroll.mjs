/**
 * Back and forward return to where each page was left (row 150 of a chart, say). The
 * browser's own restoration cannot: it scrolls before the view has been drawn. So each
 * history entry gets a key in `history.state`, the page's scroll position is kept under
 * that key as the reader scrolls (and in sessionStorage, so a reload keeps it too), and the
 * router asks for it back once the entry's view is on screen.
 */

const STORE = 'scroll-positions'
const KEPT = 200
/** key → [x, y] of the history entries of this tab (the latest KEPT). */
const positions = new Map(readStored())
/** While a view is being replaced its height is not the reader's doing: scrolls are not kept. */
let paused = false

function readStored() {
  try {
    const list = JSON.parse(sessionStorage.getItem(STORE) ?? '[]')
    return Array.isArray(list) ? list : []
  } catch {
    return []
  }
}

/** The key of the current history entry, given one if it has none yet. */
function entryKey() {
  let key = history.state?.scrollKey
  if (!key) {
    key = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`
    history.replaceState({ ...history.state, scrollKey: key }, '')
  }
  return key
}

function keep() {
  if (paused) return
  const key = entryKey()
  positions.delete(key)
  positions.set(key, [window.scrollX, window.scrollY])
  if (positions.size > KEPT) positions.delete(positions.keys().next().value)
}

/** Starts keeping scroll positions per history entry. */
export function keepScrollPositions() {
  history.scrollRestoration = 'manual'
  entryKey()
  window.addEventListener('scroll', keep, { passive: true })
  window.addEventListener('pagehide', () => {
    try {
      sessionStorage.setItem(STORE, JSON.stringify([...positions]))
    } catch {
      // storage full or refused: positions then last as long as the page
    }
  })
}

/** A new view is coming: stop keeping positions and start at the top. */
export function leaveView() {
  paused = true
  window.scrollTo(0, 0)
}

/** The view of the current entry is on screen: back to where it was left (a new entry: the top). */
export function restoreScroll() {
  const [x, y] = positions.get(entryKey()) ?? [0, 0]
  window.scrollTo(x, y)
  paused = false
}
