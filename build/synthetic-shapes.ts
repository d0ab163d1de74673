/**
 * Catalog shapes of the synthetic dataset. `default` is the catalog the sample and the
 * recorded benchmarks were made with (international hits that chart in many regions for
 * long stretches). `wide` is shaped like a second, independently made dataset measured from
 * outside (26 M rows at full scale, ~460 k tracks, 30 k artists): more tracks, most of them
 * local hits charting in their own region only, each holding a run of days and then leaving,
 * so consecutive days share fewer tracks and a ranking's fragments spread over more of the
 * catalog.
 */

/** How the catalog and the charts are drawn (the Scale says how much). */
export interface Shape {
  /** share of artists and releases that are international (home 0) */
  international: number
  /** share of a country's chart newcomers that are its own tracks, by market size (1..100) */
  localShare: (size: number) => number
  /** of a country's newcomers that are not its own, the share from other countries (not international) */
  foreignShare: number
  /** newcomers per day on top200 and on viral50 */
  churn: readonly [number, number]
  /** releases per day, as a share of the scale's (fewer: tracks come back for more runs) */
  releaseShare: number
  /** artists drawn, as a share of the scale's */
  artistShare: number
  /** range of a track's daily score decay (how long it holds on a chart without a set run) */
  hold: readonly [number, number]
  /** mean length in days of a track's run on a chart (0: no set run, its score decides) */
  runDays: number
}

/** The named shapes (`gen-data --shape`). */
export const SHAPES: Record<string, Shape> = {
  default: {
    international: 0.16,
    localShare: (size) => 0.25 + 0.2 * Math.sqrt(size),
    foreignShare: 0.15,
    churn: [8, 6],
    releaseShare: 1,
    artistShare: 1,
    hold: [0.8, 0.995],
    runDays: 0,
  },
  wide: {
    international: 0.05,
    localShare: (size) => Math.min(0.92, 0.7 + 0.03 * Math.sqrt(size)),
    foreignShare: 0.05,
    churn: [10, 6],
    releaseShare: 0.7,
    artistShare: 0.67,
    hold: [0.95, 0.995],
    runDays: 20,
  },
}
