/** Files imported `with { type: 'file' }` resolve to a path (embedded in compiled binaries). */
declare module 'swagger-ui-dist/swagger-ui-bundle.js' {
  const path: string
  export default path
}
declare module 'swagger-ui-dist/swagger-ui.css' {
  const path: string
  export default path
}
// the web app's browser modules and stylesheets (src/web/) and uPlot's (imported as files)
declare module '*.mjs' {
  const path: string
  export default path
}
declare module '*.css' {
  const path: string
  export default path
}
declare module 'uplot/dist/uPlot.iife.min.js' {
  const path: string
  export default path
}
