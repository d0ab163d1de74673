-- wrk script: each request takes a random path from the file named by URLS_FILE; extra
-- request headers come from HEADERS ("Name: value|Name: value"). done() prints one JSON line.
local paths = {}

function init(args)
  for line in io.lines(os.getenv("URLS_FILE")) do
    paths[#paths + 1] = line
  end
  local headers = os.getenv("HEADERS") or ""
  for pair in string.gmatch(headers, "[^|]+") do
    local name, value = string.match(pair, "^%s*(.-):%s*(.-)%s*$")
    if name then wrk.headers[name] = value end
  end
  math.randomseed(os.time() + tonumber(tostring(paths):sub(8), 16) % 100000)
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"bytes":%d,"errors":%d,"non2xx":%d,"p50_us":%d,"p99_us":%d}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99)))
end
