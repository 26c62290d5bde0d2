-- Appended to every scenario script by bench/wrk.py. Counts the answers of each thread by
-- status and prints one line, "BENCH {json}", that bench/wrk.py reads. With BENCH_STOP_AFTER
-- set, a thread stops once it has had that many answers.
local threads = {}

function setup(thread)
  thread:set("thread_number", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  answered = 0
  stop_after = tonumber(os.getenv("BENCH_STOP_AFTER") or "")  -- a fixed number of answers
  math.randomseed(os.time() * 100 + thread_number)
  scenario_init(args)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  answered = answered + 1
  if stop_after and answered == stop_after then
    io.write("BENCH_STOPPED\n")  -- bench/wrk.py then ends the run (wrk would wait out -d)
    io.flush()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      counts[status] = (counts[status] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(counts) do
    parts[#parts + 1] = string.format('"%d":%d', status, n)
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"mean_us":%.1f,' ..
    '"max_us":%d,"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},' ..
    '"statuses":{%s}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.mean, latency.max, e.connect, e.read, e.write, e.timeout, table.concat(parts, ",")))
end
