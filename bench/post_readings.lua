-- wrk script: POST batches of readings (BATCH readings over 100 stations, new times each
-- request) to /api/v1/warroom/readings with the device key given by -H, then print the
-- throughput, the readings per second and latency percentiles as one JSON line.
local counter = 0
local batch = tonumber(os.getenv("BATCH") or "500")
local thread_id = 0
local threads = {}

setup = function(thread)
  thread:set("tid", thread_id)
  thread_id = thread_id + 1
  table.insert(threads, thread)
end

request = function()
  counter = counter + 1
  local parts = {}
  -- A distinct second for every (thread, request, reading): nothing is a duplicate.
  local base = os.time() - 300 * 86400 + (tid or 0) * 10000000 + counter * batch
  for i = 1, batch do
    local t = base + i
    parts[i] = string.format('{"station":"s%03d","observed_at":"%s","value":%.2f}',
      i % 100, os.date("!%Y-%m-%dT%H:%M:%S+00:00", t), 104 + (i % 50) / 10)
  end
  local body = '{"readings":[' .. table.concat(parts, ",") .. ']}'
  local headers = {["Content-Type"] = "application/json"}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  return wrk.format("POST", nil, headers, body)
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
    '{"requests": %d, "rps": %.1f, "readings_per_second": %.0f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "errors": %d, "non_2xx": %d}\n',
    summary.requests, summary.requests / seconds, summary.requests * batch / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
