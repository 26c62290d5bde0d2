-- g) A generic create on a dropped-in document: a form with a first and last name and no id
-- (the sandbox mints one), a new record each time (200).
-- args: authorization header value, path (the sandbox's mount and the document's path, or
-- the document's path alone for Prism)
function scenario_init(args)
  wrk.method = "POST"
  wrk.headers["Authorization"] = args[1]
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  path = args[2]
  created = 0
end

function request()
  created = created + 1
  local body = "first_name=Bench&last_name=" .. thread_number .. "-" .. created
  return wrk.format(nil, path, nil, body)
end
