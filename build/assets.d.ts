/** Text files imported `with { type: 'text' }` are their contents (embedded in compiled binaries). */
declare module '*.txt' {
  const text: string
  export default text
}

/** CSV tables imported `with { type: 'text' }` (data/region-codes.csv). */
declare module '*.csv' {
  const text: string
  export default text
}
