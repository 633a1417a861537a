-- The resident query mix for wrk: `wrk ... -s bench/mix.lua -- <file>` sends the request
-- paths of <file> (written by bench/mix.py), one after another, each thread from its own
-- starting point, so thousands of distinct queries reach the server rather than one URL.
local paths = {}
local next_index = 1

local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("offset", threads)
end

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  next_index = 1 + ((offset or 0) * 7919) % #paths
end

request = function()
  local path = paths[next_index]
  next_index = next_index % #paths + 1
  return wrk.format("GET", path)
end
