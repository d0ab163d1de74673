/** The one bounded best-first list of the store (search hits, filtered rows). */

/**
 * Keeps the `limit` best items offered, best first, under `better` (a strict total order).
 * Sorted insertion into an array: O(limit) per kept item, which beats a heap for the small
 * limits the API allows (≤ 200) and gives the answer already in order. Items are shifted by
 * hand: `splice` cost ~150 ns per offer even at the end of the list, most of the
 * filtered rows' time (/tracks; bench/RESULTS.md, "by hand", item 12).
 */
export class TopK<T> {
  readonly items: T[] = []
  constructor(
    private readonly limit: number,
    private readonly better: (a: T, b: T) => boolean,
  ) {}

  /** The item a newcomer must beat once the list is full; undefined while it is not. */
  get worst(): T | undefined {
    return this.items.length === this.limit ? this.items[this.limit - 1] : undefined
  }

  /** Offers an item; kept when the list is not full or it beats the worst. */
  offer(item: T): void {
    const items = this.items
    if (this.limit <= 0) return
    let i = items.length
    if (i === this.limit) {
      if (!this.better(item, items[i - 1])) return
      i--
    } else {
      items.push(item)
    }
    while (i > 0 && this.better(item, items[i - 1])) {
      items[i] = items[i - 1]
      i--
    }
    items[i] = item
  }
}
