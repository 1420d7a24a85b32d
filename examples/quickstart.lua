-- Quickstart: send an SMS, read it back, and look at the account's groups and rented numbers.
--
-- Run it from the repository (with nothing configured, kosmo-sinch starts its built-in Sinch emulator
-- with demo data, so nothing is really sent and nothing costs money):
--
--   npx kosmo-sinch lua examples/quickstart.lua
--
-- With a real account configured (~/.config/kosmo-sinch/config.json or SINCH_* variables: `kosmo-sinch
-- accounts` shows what is configured), the same script talks to Sinch; the send then needs approval
-- (permissions.write = "ask" is the default) or --force.

local sinch = app.integrations.sinch

-- Phone numbers, ids and timestamps are strings: Lua integers here are 32-bit, so never write a phone
-- number as a number literal.
local TO = "+12025550134"

-- The SMS API returns a batch's recipients as a list; an inbound message's `to` is one string.
local function recipients(to)
  if type(to) == "table" then return table.concat(to, ", ") end
  return to
end

------------------------------------------------------------------------------------------------------
-- 1. Send. A client_reference of our own makes this send easy to find again (and is what exactly-once
--    sending uses when an answer is lost). Leave out `from` to use the service plan's default sender.
------------------------------------------------------------------------------------------------------
local reference = "quickstart-" .. os.time()
local batch = sinch.send_sms({
  to = {TO},
  body = "Hello from kosmo-sinch! This is the quickstart example.",
  client_reference = reference,
})
print(("Sent batch %s from %s to %s at %s"):format(batch.id, batch.from, recipients(batch.to), batch.created_at))

------------------------------------------------------------------------------------------------------
-- 2. Read it back: once by its reference, then in the list of all recent messages (sent and received).
------------------------------------------------------------------------------------------------------
local found = sinch.list_batches({ client_reference = reference })
print(("list_batches finds %d batch(es) with client_reference %q"):format(found.count, reference))
for _, b in ipairs(found.batches) do
  print(("  %s  %q"):format(b.id, b.body))
end

local recent = sinch.list_messages({ page_size = 5 })
print(("\nThe %d most recent of %d messages (mt = sent, mo = received):"):format(#recent.messages, recent.count))
for _, m in ipairs(recent.messages) do
  print(("  %s  %s  %s -> %s  %q"):format(m.timestamp, m.direction, m.from or "(default sender)", recipients(m.to), m.body))
end

------------------------------------------------------------------------------------------------------
-- 3. Recipient groups of the service plan.
------------------------------------------------------------------------------------------------------
local groups = sinch.list_groups({ page_size = 100 })
print(("\n%d group(s):"):format(groups.count))
for _, g in ipairs(groups.groups) do
  print(("  %s  %-24s %d member(s)"):format(g.id, g.name or "(no name)", g.size))
end

------------------------------------------------------------------------------------------------------
-- 4. Rented phone numbers. These come from Sinch's Numbers API, which needs project_id, key_id and
--    key_secret on the account: without them the call raises not_configured, so catch that.
------------------------------------------------------------------------------------------------------
local ok, numbers = pcall(sinch.list_phone_numbers, { page_size = 100 })
if ok then
  print(("\n%d rented number(s):"):format(numbers.count))
  for _, n in ipairs(numbers.phone_numbers) do
    print(("  %-14s %-9s %-10s %s"):format(n.phoneNumber, n.type, table.concat(n.capability, "+"), n.displayName or ""))
  end
elseif numbers.code == "not_configured" then
  print("\nRented numbers: not available (" .. numbers.message .. ")")
else
  error(numbers) -- anything else is unexpected: let the run fail with Sinch's error
end
