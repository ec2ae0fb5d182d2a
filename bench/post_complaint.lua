-- wrk script: POST a complaint with a random point near the demo locality's centre, then
-- print throughput and latency percentiles as one JSON line (like p95.lua).
local texts = {"ถนนเป็นหลุมใหญ่หน้าตลาด", "ไฟถนนดับทั้งซอย", "ขยะล้นถังหน้าชุมชน", "ท่อระบายน้ำอุดตัน"}
local codes = {"road", "lighting", "cleanliness", "drain"}
local counter = 0

request = function()
  counter = counter + 1
  local i = (counter % 4) + 1
  local lat = 8.43 + (math.random() - 0.5) * 0.08
  local lon = 99.96 + (math.random() - 0.5) * 0.08
  local body = string.format(
    '{"description": "%s %d", "category": "%s", "lat": %.6f, "lon": %.6f, "channel": "api"}',
    texts[i], counter, codes[i], lat, lon)
  local headers = {["Content-Type"] = "application/json"}
  for name, value in pairs(wrk.headers) do headers[name] = value end  -- keep -H X-API-Key
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
