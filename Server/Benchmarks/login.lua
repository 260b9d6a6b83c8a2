-- wrk script for POST /v1/login with pre-signed one-time bodies (Server/Benchmarks/login-load.sh).
--
--   wrk -t2 -c16 -d30s --latency -s login.lua http://127.0.0.1:PORT -- BODIES_FILE THREADS
--
-- BODIES_FILE holds one JSON body per line (jpki-platform test-pki login-bodies). Every wrk
-- thread has its own Lua state: setup() gives each its index, and init() keeps the lines whose
-- number modulo THREADS is that index, so no body is sent twice. When a thread's bodies run
-- out it sends its last one again (refused: the challenge is consumed), counted as "exhausted";
-- done() reports it, the non-2xx responses, and the 2xx rate while the bodies lasted.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } login_timespec;
  int clock_gettime(int clock, login_timespec *ts);
]]
local timespec = ffi.new("login_timespec")
local function now()
  ffi.C.clock_gettime(1, timespec) -- CLOCK_MONOTONIC
  return tonumber(timespec.tv_sec) + tonumber(timespec.tv_nsec) / 1e9
end

-- Main state: the threads, for done().
local threads = {}
local next_index = 0

function setup(thread)
  thread:set("thread_index", next_index)
  next_index = next_index + 1
  table.insert(threads, thread)
end

-- Per thread.
local bodies = {}
local position = 0
local headers = { ["Content-Type"] = "application/json" }

function init(args)
  local path, count = args[1], tonumber(args[2])
  if path == nil or count == nil then
    error("usage: wrk ... -s login.lua URL -- BODIES_FILE THREADS")
  end
  local line_number = 0
  for line in io.lines(path) do
    if line_number % count == thread_index and #line > 0 then
      bodies[#bodies + 1] = line
    end
    line_number = line_number + 1
  end
  if #bodies == 0 then
    error("no bodies for thread " .. thread_index .. " in " .. path)
  end
  bodies_count = #bodies
  ok, non2xx, exhausted, statuses = 0, 0, 0, ""
  status_counts = {}
  started, ran_out = 0, 0
end

function request()
  position = position + 1
  if position == 1 then started = now() end
  local body = bodies[position]
  if body == nil then
    if exhausted == 0 then ran_out = now() end
    exhausted = exhausted + 1
    body = bodies[bodies_count]
  end
  return wrk.format("POST", "/v1/login", headers, body)
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    ok = ok + 1
  else
    non2xx = non2xx + 1
    status_counts[status] = (status_counts[status] or 0) + 1
    local parts = {}
    for code, n in pairs(status_counts) do parts[#parts + 1] = code .. ":" .. n end
    statuses = table.concat(parts, ",")
  end
end

function done(summary, latency, requests)
  local total_ok, total_non2xx, total_exhausted, total_bodies = 0, 0, 0, 0
  local lasted = 0
  local by_status = {}
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    total_non2xx = total_non2xx + thread:get("non2xx")
    total_exhausted = total_exhausted + thread:get("exhausted")
    total_bodies = total_bodies + thread:get("bodies_count")
    for code, n in string.gmatch(thread:get("statuses"), "(%d+):(%d+)") do
      by_status[code] = (by_status[code] or 0) + tonumber(n)
    end
    local out, start = thread:get("ran_out"), thread:get("started")
    if out > 0 and out - start > lasted then lasted = out - start end
  end
  local status_text = {}
  for code, n in pairs(by_status) do status_text[#status_text + 1] = code .. ":" .. n end
  table.sort(status_text)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  -- One machine-readable line for login-load.sh (latencies in milliseconds).
  io.write(string.format(
    "LOGIN-RESULT duration_s=%.3f requests=%d ok=%d non2xx=%d exhausted=%d bodies=%d " ..
    "rps=%.1f ok_rps=%.1f ok_rps_while_bodies_lasted=%s p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f " ..
    "socket_errors=connect:%d,read:%d,write:%d,timeout:%d statuses=%s\n",
    seconds, summary.requests, total_ok, total_non2xx, total_exhausted, total_bodies,
    summary.requests / seconds, total_ok / seconds,
    lasted > 0 and string.format("%.1f", total_ok / lasted) or "-",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.connect, e.read, e.write, e.timeout,
    #status_text > 0 and table.concat(status_text, ",") or "-"))
end
