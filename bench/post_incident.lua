-- wrk script: a dispatcher takes a call (POST /api/v1/ems/incidents with the session cookie and
-- CSRF header given with -H), then prints throughput and latency percentiles as one JSON line.
local counter = 0

request = function()
  counter = counter + 1
  local groups = {25, 17, 1, 24, 5, 6}
  local colours = {"red", "yellow", "green"}
  local body = string.format(
    '{"symptom_group": %d, "colour": "%s", "criterion": 1, "lat": %.6f, "lon": %.6f, "caller_phone": "0812345678"}',
    groups[(counter % 6) + 1], colours[(counter % 3) + 1],
    8.43 + (math.random() - 0.5) * 0.1, 99.96 + (math.random() - 0.5) * 0.1)
  local headers = {["Content-Type"] = "application/json"}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  return wrk.format("POST", nil, headers, body)
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
    '{"requests": %d, "rps": %.1f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "errors": %d, "non_2xx": %d}\n',
    summary.requests, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
