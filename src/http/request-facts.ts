/**
 * Facts shared by the server wrapper and the responder without touching headers objects
 * (materialising `response.headers` and setting on it costs more than building a response:
 * see bench/README.md).
 */

/** Request id of each request the server forwarded to the app. */
export const requestIds = new WeakMap<Request, string>()

/**
 * Responses that already carry every common header (CORS, X-Request-Id), with their body
 * size; the wrapper leaves their headers alone.
 */
export const completeResponses = new WeakMap<Response, number>()
