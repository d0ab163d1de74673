// CloudFront Function (runtime cloudfront-js-2.0, viewer request): one cache entry per question.
// The cache key is the query string and Accept (deploy/cdn.yaml); this makes equal questions
// spell them the same way before the key is taken:
//  - parameters sorted by name (`?limit=5&region=us` = `?region=us&limit=5`);
//  - a region given as a code in any case lower-cased (`US`, `Us` -> `us`; `GLOBAL` ->
//    `global`), `uk` made `gb` (the API reads both as the United Kingdom); names are left as
//    typed (the origin folds them; the answer is the same, only the cache entry differs);
//  - Accept reduced to what chooses the body, by the origin's rule (src/http/accept.ts: the
//    highest q-value wins, `text/csv;q=0` is no CSV): FlatBuffers (on /rankings; CSV kept
//    beside it when CSV wins on the other routes), CSV, or nothing (JSON);
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
    const choice = acceptChoice(accept.value)
    if (choice.flatBuffers && choice.csv)
      request.headers.accept = { value: 'application/x-flatbuffers, text/csv;q=0.5' }
    else if (choice.flatBuffers) request.headers.accept = { value: 'application/x-flatbuffers' }
    else if (choice.csv) request.headers.accept = { value: 'text/csv' }
    else delete request.headers.accept
  }
  return request
}

// The origin's rule (src/http/accept.ts), written again for this runtime: each form's q is
// that of the most specific range naming it (CSV and FlatBuffers by their own types only, JSON
// by application/json, application/* or */*); the highest q above 0 wins, ties FlatBuffers,
// then CSV, then JSON. `flatBuffers`: FlatBuffers wins among the three; `csv`: CSV wins
// against JSON (the routes that offer no FlatBuffers).
function acceptChoice(accept) {
  let fb = -1
  let csv = -1
  let json = -1
  let jsonSpecific = 0
  const parts = accept.split(',')
  for (let i = 0; i < parts.length; i++) {
    const pieces = parts[i].split(';')
    const type = pieces[0].trim().toLowerCase()
    let q = 1
    for (let k = 1; k < pieces.length; k++) {
      const eq = pieces[k].indexOf('=')
      const name = (eq < 0 ? pieces[k] : pieces[k].slice(0, eq)).trim().toLowerCase()
      const value = eq < 0 ? '' : pieces[k].slice(eq + 1).trim()
      if (name === 'q') q = /^(0(\.[0-9]{0,3})?|1(\.0{0,3})?)$/.test(value) ? Number(value) : -1
    }
    if (q < 0) continue
    if (type === 'application/x-flatbuffers') fb = Math.max(fb, q)
    else if (type === 'text/csv') csv = Math.max(csv, q)
    else {
      let specific = 0
      if (type === 'application/json') specific = 3
      else if (type === 'application/*') specific = 2
      else if (type === '*/*') specific = 1
      if (specific > jsonSpecific) {
        jsonSpecific = specific
        json = q
      } else if (specific > 0 && specific === jsonSpecific) json = Math.max(json, q)
    }
  }
  return { flatBuffers: fb > 0 && fb >= csv && fb >= json, csv: csv > 0 && csv >= json }
}

// A two-letter code or `global`, in any case, lower-cased; `uk` as `gb` (the aliases of the
// region table, data/region-codes.csv: test/schema/region-table.test.ts holds this to them);
// anything else as is.
function regionCode(value) {
  const lower = value.toLowerCase()
  if (lower === 'uk') return 'gb'
  if (lower === 'global' || /^[a-z]{2}$/.test(lower)) return lower
  return value
}
