-- wrk script of bench/http_latency.sh: rotates through a file of requests and reports
-- latency percentiles, requests/s and every non-200 status in one machine-readable line.
--
--   wrk -s rotate.lua URL -- FILE [post PATH]
--
-- FILE holds one request per line: a URL path with its query string (GET), or with
-- `post PATH` a JSON body to POST to PATH. Each wrk thread starts at a different offset and
-- walks the list in order, wrapping around. The last line printed is
--   RESULT requests=N duration_s=S rps=R p50_ms=A p90_ms=B p99_ms=C max_ms=D status200=N
--          non200=N statuses=CODE:N,... errors_connect=N errors_read=N errors_write=N
--          errors_timeout=N errors_status=N

local threads = {}
local counter = 0

function setup(thread)
   thread:set("id", counter)
   counter = counter + 1
   table.insert(threads, thread)
end

function init(args)
   local file, mode, path = args[1], args[2], args[3]
   lines = {}
   for line in io.lines(file) do
      if line ~= "" then lines[#lines + 1] = line end
   end
   if #lines == 0 then error("no requests in " .. file) end
   requests = {}
   for i, line in ipairs(lines) do
      if mode == "post" then
         requests[i] = wrk.format("POST", path, {["Content-Type"] = "application/json"}, line)
      else
         requests[i] = wrk.format("GET", line)
      end
   end
   -- Threads start spread over the list (id is set by setup before init runs).
   idx = math.floor(#requests * ((id * 0.6180339887) % 1))
   statuses = {}
end

function request()
   idx = idx % #requests + 1
   return requests[idx]
end

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
   local total, ok, other, parts = 0, 0, 0, {}
   local merged = {}
   for _, t in ipairs(threads) do
      local s = t:get("statuses")
      for code, n in pairs(s) do
         merged[code] = (merged[code] or 0) + n
      end
   end
   local codes = {}
   for code, _ in pairs(merged) do codes[#codes + 1] = code end
   table.sort(codes)
   for _, code in ipairs(codes) do
      local n = merged[code]
      total = total + n
      if code == 200 then ok = ok + n else other = other + n end
      parts[#parts + 1] = code .. ":" .. n
   end
   local secs = summary.duration / 1e6
   local e = summary.errors
   io.write(string.format(
      "RESULT requests=%d duration_s=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f "
         .. "status200=%d non200=%d statuses=%s errors_connect=%d errors_read=%d errors_write=%d "
         .. "errors_timeout=%d errors_status=%d\n",
      summary.requests, secs, summary.requests / secs,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000,
      latency:percentile(99) / 1000, latency.max / 1000,
      ok, other, (#parts > 0) and table.concat(parts, ",") or "none",
      e.connect, e.read, e.write, e.timeout, e.status))
end
