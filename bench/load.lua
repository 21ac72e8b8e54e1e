-- wrk script for bench/load.sh: GET /api/search, rotating through the queries of a file (one per
-- line), each wrk thread starting at a different place. Prints latency percentiles at the end.
--
--   wrk -c16 -d60s --latency -s bench/load.lua http://127.0.0.1:PORT -- bench/queries.txt

local queries = {}
local next_query = 0

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

-- setup() runs in wrk's main Lua state; `thread_id` becomes a global of each thread's own state.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

function init(args)
  local path = args[1] or "bench/queries.txt"
  for line in io.lines(path) do
    if #line > 0 then queries[#queries + 1] = "/api/search?q=" .. urlencode(line) end
  end
  assert(#queries > 0, "no queries in " .. path)
  next_query = ((thread_id or 1) * 37) % #queries
end

function request()
  next_query = next_query % #queries + 1
  return wrk.format("GET", queries[next_query])
end

function done(summary, latency, requests)
  local function ms(p) return latency:percentile(p) / 1000 end
  io.write(string.format("requests %d\n", summary.requests))
  io.write(string.format("seconds %.2f\n", summary.duration / 1e6))
  io.write(string.format("rps %.1f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("p50_ms %.2f\np90_ms %.2f\np99_ms %.2f\nmax_ms %.2f\n",
                         ms(50), ms(90), ms(99), latency.max / 1000))
  local e = summary.errors
  io.write(string.format("socket_errors %d\nnon2xx %d\n",
                         e.connect + e.read + e.write + e.timeout, e.status))
end
