-- wrk script: optional random paths (PATHS_FILE, one per line), and a JSON summary
-- with the percentiles wrk's own report leaves out.
local paths = {}
local file = os.getenv("PATHS_FILE")
if file then
  for line in io.lines(file) do
    if #line > 0 then table.insert(paths, line) end
  end
end

request = function()
  if #paths > 0 then
    return wrk.format("GET", paths[math.random(#paths)])
  end
  return wrk.format("GET")
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "errors": %d, "status_errors": %d, ' ..
    '"p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
