-- Many distinct activity searches for wrk: `wrk ... -s bench/queries.lua -- <path>` sends
-- GET <path>?<query> with a query drawn from ~80 000 combinations of district, age,
-- weekday, category and text, the same sequence for every path (the seed is fixed per
-- thread), so the API and the results page answer the same searches and a cache cannot
-- turn the run into one repeated URL.
local districts = {"mjondalen", "krokstadelva", "solbergelva", "rodskog-gulskogen", "konnerud",
  "stromso-ovre", "stromso-nedre", "bragernes", "skoger-askollen", "svelvik"}
local categories = {"idrett", "fotball", "handball", "svomming", "ski", "friidrett", "kampsport",
  "friluftsliv", "speider", "musikk", "korps", "kor", "dans", "teater", "kunst", "spill"}
local words = {"trening", "barn", "kurs", "lag", "ungdom", "voksne", "musikk", "tur"}
local weekdays = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
local path = "/api/v1/activities"
local extra = ""
local counter = 0

function init(args)
  path = args[1] or path
  extra = args[2] or ""
  math.randomseed(4242)
end

local function pick(list)
  return list[math.random(#list)]
end

request = function()
  counter = counter + 1
  local query = "district=" .. pick(districts) .. "&age=" .. math.random(3, 70)
  if counter % 2 == 0 then query = query .. "&weekday=" .. pick(weekdays) end
  if counter % 3 == 0 then query = query .. "&category=" .. pick(categories) end
  if counter % 4 == 0 then query = query .. "&q=" .. pick(words) end
  return wrk.format("GET", path .. "?" .. query .. extra)
end
