-- GCRA with reservations, one atomic decision per call (slack-api's RedisPacer).
-- KEYS[1]: the key's theoretical arrival time (tat), in microseconds of the server's clock.
-- ARGV[1]: "take" (a turn), "hold" (a 429: nothing before now + ARGV[4]) or "give"
--          (a dropped call gives its turn back if it was the last one: ARGV[4] is the tat
--          its turn set).
-- ARGV[2]: the interval between calls, ARGV[3]: the tolerance (burst - 1 intervals), in µs.
-- Returns {wait before the turn in µs, the tat after}. The server's clock decides, so the
-- processes of a fleet need not agree on the time.
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000000 + tonumber(now_parts[2])
local op = ARGV[1]
local interval = tonumber(ARGV[2])
local tolerance = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then
  tat = now
end
local wait = 0
if op == 'take' then
  wait = tat - tolerance - now
  if wait < 0 then
    wait = 0
  end
  tat = tat + interval
elseif op == 'hold' then
  local held = now + tonumber(ARGV[4]) + tolerance
  if held > tat then
    tat = held
  end
elseif op == 'give' then
  if tat == tonumber(ARGV[4]) then
    tat = tat - interval
  end
end
if tat > now then
  redis.call('SET', KEYS[1], string.format('%.0f', tat), 'PX', math.ceil((tat - now) / 1000) + 1)
else
  redis.call('DEL', KEYS[1])
end
return {string.format('%.0f', wait), string.format('%.0f', tat)}
