-- c) Chargebee: a one-time charge (form body) for a random bench customer with a card on file
-- (the invoice is created and paid; 200). Also d): the same form on another mount.
-- args: basic auth header value, customer id format, customers, path
function scenario_init(args)
  wrk.method = "POST"
  wrk.headers["Authorization"] = args[1]
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  customer_format, customers = args[2], tonumber(args[3])
  path = args[4]
end

function request()
  local customer = string.format(customer_format, math.random(0, customers - 1))
  local body = "customer_id=" .. customer .. "&amount=1000&description=Bench+charge"
  return wrk.format(nil, path, nil, body)
end
