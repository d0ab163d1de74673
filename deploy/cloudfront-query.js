// CloudFront Function (runtime cloudfront-js-2.0, viewer request): one cache entry per question.
// The cache key is the query string and Accept (deploy/cdn.yaml); this makes equal questions
// spell them the same way before the key is taken:
//  - parameters sorted by name (`?limit=5&region=us` = `?region=us&limit=5`);
//  - a region given as a code in any case lower-cased (`US`, `Us` -> `us`; `GLOBAL` ->
//    `global`), `uk` made `gb` (the API reads both as the United Kingdom); names are left as
//    typed (the origin folds them; the answer is the same, only the cache entry differs);
//  - Accept reduced to what chooses the body: FlatBuffers, CSV, or nothing (JSON);
// Empty, unknown and repeated parameters are kept as they came: the origin answers them 400
// and says which, as it does without the CDN (test/ship/cloudfront-function.test.ts checks
// that every rewrite leaves the answer as it was). Values stay percent-encoded as received.
// Kept to what cloudfront-js-2.0 runs (ES5.1 plus const/let, template literals; no modules,
// no for...of): test/ship/cloudfront-function.test.ts runs this file against the origin and
// checks that deploy/cdn.yaml inlines it unchanged.
// biome-ignore lint/correctness/noUnusedVariables: CloudFront calls `handler` by its name
function handler(event) {
  const request = event.request
  const query = request.querystring
  const names = Object.keys(query).sort()
  const parts = []
  for (let i = 0; i < names.length; i++) {
    const name = names[i]
    const entry = query[name]
    const values = entry.multiValue ? entry.multiValue : [entry]
    for (let j = 0; j < values.length; j++) {
      let value = values[j].value
      if (value === undefined) value = ''
      if (name === 'region') value = regionCode(value)
      parts.push(`${name}=${value}`)
    }
  }
  request.querystring = parts.join('&')
  const accept = request.headers.accept
  if (accept) {
    const wanted = accept.value.toLowerCase()
    if (wanted.indexOf('application/x-flatbuffers') >= 0)
      request.headers.accept = { value: 'application/x-flatbuffers' }
    else if (wanted.indexOf('text/csv') >= 0) request.headers.accept = { value: 'text/csv' }
    else delete request.headers.accept
  }
  return request
}

// A two-letter code or `global`, in any case, lower-cased; `uk` as `gb`; anything else as is.
function regionCode(value) {
  const lower = value.toLowerCase()
  if (lower === 'uk') return 'gb'
  if (lower === 'global' || /^[a-z]{2}$/.test(lower)) return lower
  return value
}
