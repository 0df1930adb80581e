-- wrk script: GET the paths listed in a file, one per line, in turn (ids or search terms vary
-- per request). With a second argument N > 1, each write carries N pipelined requests.
--   wrk ... -s lua/cycle.lua URL -- PATHS_FILE [N]
local paths = {}
local index = 0
local depth = 1

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  depth = tonumber(args[2] or "1") or 1
end

function request()
  local batch = {}
  for _ = 1, depth do
    index = index % #paths + 1
    batch[#batch + 1] = wrk.format("GET", paths[index])
  end
  return table.concat(batch)
end

-- One machine-readable line for run.sh.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRKSTAT rps=%.1f p50_us=%d p99_us=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
