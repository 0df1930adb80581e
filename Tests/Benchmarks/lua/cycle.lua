-- wrk script: GET the paths listed in a file, one per line, in turn (ids or search terms vary
-- per request). With a second argument N > 1, each write carries N pipelined requests.
--   wrk ... -s lua/cycle.lua URL -- PATHS_FILE [N]
--   wrk ... -s lua/cycle.lua URL -- talk-ids:COUNT [N]
-- The second form generates /v1/talks/talk-00001 … for a synthetic store of COUNT talks (as many
-- digits as COUNT has, at least five), visiting every id with a stride coprime to COUNT, so a
-- million-talk run needs no million-line file.
local paths = {}
local index = 0
local depth = 1
local talks, width = nil, 5

function init(args)
  local count = string.match(args[1], "^talk%-ids:(%d+)$")
  if count then
    talks = tonumber(count)
    width = math.max(5, #count)
  else
    for line in io.lines(args[1]) do
      if line ~= "" then paths[#paths + 1] = line end
    end
  end
  depth = tonumber(args[2] or "1") or 1
end

local function nextPath()
  index = index + 1
  if talks then return string.format("/v1/talks/talk-%0" .. width .. "d", (index * 7919) % talks + 1) end
  return paths[(index - 1) % #paths + 1]
end

function request()
  local batch = {}
  for _ = 1, depth do batch[#batch + 1] = wrk.format("GET", nextPath()) end
  return table.concat(batch)
end

-- One machine-readable line for the scripts.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRKSTAT rps=%.1f p50_us=%d p99_us=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
