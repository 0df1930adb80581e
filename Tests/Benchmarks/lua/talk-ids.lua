-- wrk script: a different talk of a synthetic store on every request.
--   wrk ... -s lua/talk-ids.lua URL -- COUNT
-- Ids are talk-00001 … with as many digits as COUNT has (at least five), as `parley build
-- --synthetic` names them; they cycle with a stride coprime to COUNT, so every id is visited.
local count, width, counter = 10000, 5, 0

function init(args)
  count = tonumber(args[1] or "10000")
  width = math.max(5, #tostring(count))
end

function request()
  counter = counter + 1
  local n = (counter * 7919) % count + 1
  return wrk.format("GET", string.format("/v1/talks/talk-%0" .. width .. "d", n))
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRKSTAT rps=%.1f p50_us=%d p99_us=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
