-- a) DayZero: pay 1 cent of a random bench invoice from a random bank transaction (201).
-- args: business id, api key, invoice id format, invoices, transaction id format, transactions,
-- amount (default 1), path prefix (default "/dayzero", the sandbox's mount; "" for Prism)
function scenario_init(args)
  business, key = args[1], args[2]
  invoice_format, invoices = args[3], tonumber(args[4])
  transaction_format, transactions = args[5], tonumber(args[6])
  amount = tonumber(args[7] or "1")
  prefix = args[8] or "/dayzero"
  wrk.method = "POST"
  wrk.headers["Authorization"] = "Bearer " .. key
  wrk.headers["x-business-id"] = business
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  local invoice = string.format(invoice_format, math.random(0, invoices - 1))
  local transaction = string.format(transaction_format, math.random(0, transactions - 1))
  local body = string.format('{"transaction_id":"%s","amount":%d}', transaction, amount)
  return wrk.format(nil, prefix .. "/api/v1/invoices/" .. invoice .. "/payments", nil, body)
end
