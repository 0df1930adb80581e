-- wrk script for the restart test: a mix of item, list and search requests, and one summary line.
--   wrk ... -s lua/mixed.lua URL
local paths = {
  "/v1/talks/astana-4", "/v1/talks?process=astana&limit=20", "/v1/search?q=ceasefire&limit=10",
  "/v1/actors/russia", "/v1/events?limit=20", "/v1/zones", "/v1/talks/geneva-4", "/v1/search?q=Aleppo&limit=10",
  "/healthz", "/v1/meta",
}
local index = 0

function request()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRKSTAT requests=%d rps=%.1f p99_us=%d non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(99), e.status, e.connect, e.read, e.write, e.timeout))
end
