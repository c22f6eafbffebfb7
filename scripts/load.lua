-- POSTs request bodies (files passed by load.sh) in turn to LOAD_ROUTE;
-- each body holds LOAD_PER_REQUEST documents. Read from the environment
-- because `done` runs in a state that `init` never saw.
local bodies = {}
local i = 0
local route = os.getenv("LOAD_ROUTE") or "/api/v1/check"
local per_request = tonumber(os.getenv("LOAD_PER_REQUEST") or "1")

function init(args)
  for _, path in ipairs(args) do
    local file = assert(io.open(path, "r"))
    bodies[#bodies + 1] = file:read("*a")
    file:close()
  end
end

request = function()
  i = i % #bodies + 1
  return wrk.format("POST", route, { ["Content-Type"] = "application/json" }, bodies[i])
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "requests/s %.0f, documents/s %.0f, p50 %.1f ms, p99 %.1f ms, non-2xx %d, socket errors %d\n",
    summary.requests / (summary.duration / 1e6),
    summary.requests * per_request / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
