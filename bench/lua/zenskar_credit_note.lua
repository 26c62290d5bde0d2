-- b) Zenskar: a 0.01 credit note on a random bench invoice (each invoice totals 1e9; 200).
-- args: organisation, api key, invoice id format, invoices
function scenario_init(args)
  organisation, key = args[1], args[2]
  invoice_format, invoices = args[3], tonumber(args[4])
  wrk.method = "POST"
  wrk.headers["x-api-key"] = key
  wrk.headers["organisation"] = organisation
  wrk.headers["Content-Type"] = "application/json"
  wrk.body = '{"credit_note_amount":0.01,"reason":"Bench adjustment"}'
end

function request()
  local invoice = string.format(invoice_format, math.random(0, invoices - 1))
  return wrk.format(nil, "/zenskar/invoices/" .. invoice .. "/credit_note")
end
