-- wrk script for the serving benchmark: POSTs the JSON in $BODY_FILE to the URL's path with the Accept header
-- in $ACCEPT (default application/json) and $AUTH as Authorization when set, and prints one JSON line of results at the end for run.sh to read.
local file = assert(io.open(os.getenv("BODY_FILE"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = os.getenv("ACCEPT") or "application/json"
-- $AUTH, when set, is sent as the Authorization header (the platform gateway's key).
if os.getenv("AUTH") then wrk.headers["Authorization"] = os.getenv("AUTH") end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "connect_errors": %d, '
      .. '"read_errors": %d, "write_errors": %d, "status_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout))
end
