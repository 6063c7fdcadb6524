-- wrk script: POST /v1/events with one event per request, each with a unique idempotency key.
local counter = 0
local threads = 0
local key = os.getenv("ENCORE_KEY")
local nonce = os.getenv("NONCE") or tostring(os.time())

function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function request()
  counter = counter + 1
  local body = '{"events":[{"type":"page.viewed","customer_id":"c' .. (counter % 1000) ..
    '","payload":{"path":"/p/' .. counter .. '"},"idempotency_key":"' .. nonce .. '-' .. tid .. '-' .. counter .. '"}]}'
  return wrk.format("POST", "/v1/events",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key }, body)
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. ": " .. body .. "\n")
  end
end
