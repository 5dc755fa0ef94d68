-- Per-tenant rate limit by GCRA (generic cell rate algorithm), two dimensions in one call.
-- KEYS[1] = events TAT key, KEYS[2] = bytes TAT key (each: theoretical arrival time, µs since epoch).
-- ARGV[1] = events of this request, ARGV[2] = bytes of this request,
-- ARGV[3] = µs per event (1e6 / events per second), ARGV[4] = µs per byte, ARGV[5] = burst in µs.
-- Returns 0 when admitted (both TATs advanced), or wait µs * 10 + (1: events | 2: bytes) when
-- refused (nothing changed). The clock is Redis' own, so every ingest instance agrees.
if redis.replicate_commands then
  redis.replicate_commands()
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local burst = tonumber(ARGV[5])

local function check(key, cost, interval)
  local tat = tonumber(redis.call('GET', key) or '0') or 0
  if tat < now then
    tat = now
  end
  local charge = cost * interval
  local wait
  if charge > burst then
    -- A request larger than the whole burst passes only into an empty bucket, so it is never stuck.
    wait = tat - now
  else
    wait = tat + charge - now - burst
  end
  return tat + charge, wait
end

local events_tat, events_wait = check(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[3]))
local bytes_tat, bytes_wait = check(KEYS[2], tonumber(ARGV[2]), tonumber(ARGV[4]))
if events_wait > 0 or bytes_wait > 0 then
  if events_wait >= bytes_wait then
    return math.ceil(events_wait) * 10 + 1
  end
  return math.ceil(bytes_wait) * 10 + 2
end
redis.call('SET', KEYS[1], string.format('%.0f', math.ceil(events_tat)), 'PX', math.ceil((events_tat - now) / 1000) + 1000)
redis.call('SET', KEYS[2], string.format('%.0f', math.ceil(bytes_tat)), 'PX', math.ceil((bytes_tat - now) / 1000) + 1000)
return 0
