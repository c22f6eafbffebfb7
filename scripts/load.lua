-- POSTs typical profiles (from the corpus, passed by load.sh) in turn.
local bodies = {}
local i = 0

function init(args)
  for _, path in ipairs(args) do
    local file = assert(io.open(path, "r"))
    bodies[#bodies + 1] = file:read("*a")
    file:close()
  end
end

request = function()
  i = i % #bodies + 1
  return wrk.format("POST", "/api/v1/check", { ["Content-Type"] = "application/json" }, bodies[i])
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "requests/s %.0f, p50 %.1f ms, p99 %.1f ms, non-2xx %d, socket errors %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
