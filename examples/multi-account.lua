-- Several Sinch accounts in one script. Every function is reachable per account as
-- app.integrations.sinch.<account>.<function>; the plain app.integrations.sinch.<function> uses the
-- default account (the one named "default", else the only one).
--
-- Run it from the repository:
--
--   npx kosmo-sinch lua examples/multi-account.lua
--       Nothing configured: the built-in emulator provides only the "default" account, so the script
--       shows that one and says how to add "work".
--
--   npx kosmo-sinch emulator --port 8080      (in another terminal)
--   npx kosmo-sinch lua --config examples/two-accounts.emulator.json examples/multi-account.lua
--       "default" and "work" on the emulator's two service plans: the script also sends through "work"
--       and checks that the message landed in that account only.
--
-- `kosmo-sinch accounts` lists the configured accounts (never their secrets).

local sinch = app.integrations.sinch

-- The accounts this script knows about, in the order to show them.
local ACCOUNTS = { "default", "work" }

-- The account's table, or nil when it is not configured. (Looking up an unknown name gives a placeholder
-- that raises unknown_function when called; rawget gives nil instead.)
local function account(name)
  return rawget(sinch, name)
end

-- 1. An overview of every configured account: groups, sent batches and received messages.
local available, configured = {}, 0
for _, name in ipairs(ACCOUNTS) do
  local acc = account(name)
  if acc == nil then
    print(("%-8s not configured"):format(name))
  else
    available[name] = acc
    configured = configured + 1
    local groups = acc.list_groups({ page_size = 1 })
    local batches = acc.list_batches({ page_size = 1 })
    local inbound = acc.list_messages({ direction = "mo", page_size = 1 })
    -- The phone-number functions need project credentials, which an account may not have.
    local ok, numbers = pcall(acc.list_phone_numbers, { page_size = 1 })
    local rented = ok and tostring(numbers.count) or ("n/a (" .. numbers.code .. ")")
    print(("%-8s %d group(s), %d batch(es) sent and %d message(s) received in 14 days, %s rented number(s)")
      :format(name, groups.count, batches.count, inbound.count, rented))
  end
end

-- 2. Send through "work" and check where the message went: each account has its own service plan, so
--    a batch sent by one is listed by that one only.
local work = available.work
if work == nil then
  print('\nNo "work" account: add one to your config file next to "default" to see a send through it,')
  print("e.g. examples/two-accounts.emulator.json (run `kosmo-sinch emulator --port 8080` first).")
  return { accounts = configured, sent = false }
end

local reference = "multi-account-" .. os.time()
local batch = work.send_sms({
  to = { "+12025550134" },
  body = "Sent through the work account.",
  client_reference = reference,
})
print(("\nwork sent batch %s from %s"):format(batch.id, batch.from))

for _, name in ipairs(ACCOUNTS) do
  local seen = available[name].list_batches({ client_reference = reference }).count
  print(("%-8s lists %d batch(es) with client_reference %s"):format(name, seen, reference))
end
return { accounts = configured, sent = true, batch_id = batch.id }
