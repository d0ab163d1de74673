/** Text files imported `with { type: 'text' }` are their contents (embedded in compiled binaries). */
declare module '*.txt' {
  const text: string
  export default text
}
