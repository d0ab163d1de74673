/**
 * Prometheus metrics: requests by route and status, a latency histogram, index facts.
 * Hand-written (a few counters and one histogram) so that recording a request is a couple
 * of array increments with no allocation; rendered in the text exposition format.
 */

/** Upper bounds of the latency buckets, in seconds. */
const BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1]

interface RouteStats {
  byStatus: Map<number, number>
  buckets: Float64Array
  sum: number
  count: number
}

/** The registry of the process. */
export class Metrics {
  private readonly routes = new Map<string, RouteStats>()
  /**
   * values rendered as `name value` (index facts, counters kept elsewhere); set by the
   * server. A function value (or labels) is read at each render; `type` defaults to gauge.
   */
  readonly gauges = new Map<
    string,
    {
      help: string
      value: number | (() => number)
      labels?: string | (() => string)
      type?: 'gauge' | 'counter'
    }
  >()

  /** Records one request. */
  observe(route: string, status: number, seconds: number): void {
    let stats = this.routes.get(route)
    if (!stats)
      this.routes.set(
        route,
        (stats = {
          byStatus: new Map(),
          buckets: new Float64Array(BUCKETS.length),
          sum: 0,
          count: 0,
        }),
      )
    stats.byStatus.set(status, (stats.byStatus.get(status) ?? 0) + 1)
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]) stats.buckets[i]++
    stats.sum += seconds
    stats.count++
  }

  /** The text exposition format. */
  render(): string {
    const lines: string[] = []
    const label = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
    lines.push(
      '# HELP http_requests_total Requests answered, by route and status.',
      '# TYPE http_requests_total counter',
    )
    for (const [route, s] of this.routes) {
      for (const [status, n] of s.byStatus)
        lines.push(`http_requests_total{route="${label(route)}",status="${status}"} ${n}`)
    }
    lines.push(
      '# HELP http_request_duration_seconds Time to answer, by route.',
      '# TYPE http_request_duration_seconds histogram',
    )
    for (const [route, s] of this.routes) {
      const r = label(route)
      for (let i = 0; i < BUCKETS.length; i++) {
        lines.push(
          `http_request_duration_seconds_bucket{route="${r}",le="${BUCKETS[i]}"} ${s.buckets[i]}`,
        )
      }
      lines.push(`http_request_duration_seconds_bucket{route="${r}",le="+Inf"} ${s.count}`)
      lines.push(
        `http_request_duration_seconds_sum{route="${r}"} ${s.sum}`,
        `http_request_duration_seconds_count{route="${r}"} ${s.count}`,
      )
    }
    for (const [name, g] of this.gauges) {
      const labels = typeof g.labels === 'function' ? g.labels() : g.labels
      lines.push(
        `# HELP ${name} ${g.help}`,
        `# TYPE ${name} ${g.type ?? 'gauge'}`,
        `${name}${labels ? `{${labels}}` : ''} ${typeof g.value === 'function' ? g.value() : g.value}`,
      )
    }
    const mem = process.memoryUsage()
    lines.push(
      '# HELP process_resident_memory_bytes Resident memory.',
      '# TYPE process_resident_memory_bytes gauge',
      `process_resident_memory_bytes ${mem.rss}`,
    )
    lines.push(
      '# HELP process_heap_bytes JavaScript heap in use.',
      '# TYPE process_heap_bytes gauge',
      `process_heap_bytes ${mem.heapUsed}`,
    )
    return `${lines.join('\n')}\n`
  }
}
