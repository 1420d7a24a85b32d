-- Reply to inbound SMS: read the messages people sent to our numbers (direction "mo") and answer each
-- sender from the number they wrote to.
--
-- Run it from the repository (nothing configured: the built-in Sinch emulator, whose demo data has
-- inbound replies to +12025550142; nothing is really sent):
--
--   npx kosmo-sinch lua examples/reply-to-inbound.lua
--
-- Safe to run again: each reply carries client_reference "reply-<inbound id>", and an inbound message
-- that already has a batch with that reference is skipped. (The same reference is what makes a single
-- send exactly-once when Sinch's answer is lost.)

local sinch = app.integrations.sinch

-- Print what would be sent instead of sending it.
local DRY_RUN = false
-- Replying to these first words would annoy people (or break carrier rules): skip them.
local OPT_OUT = { STOP = true, STOPALL = true, UNSUBSCRIBE = true, CANCEL = true, END = true, QUIT = true }

-- The SMS API returns numbers without "+"; send_sms takes either form, and "+" reads better in the output.
local function e164(number)
  if number:sub(1, 1) == "+" then return number end
  return "+" .. number
end

local function first_word(text)
  return (text:match("^%s*(%S+)") or ""):upper()
end

-- 1. Collect the inbound messages of the last 14 days (the default window), page by page.
local inbound = {}
local page = 0
repeat
  local result = sinch.list_messages({ direction = "mo", page = page, page_size = 100 })
  for _, m in ipairs(result.messages) do inbound[#inbound + 1] = m end
  page = page + 1
until #result.messages < 100
print(("%d inbound message(s)"):format(#inbound))

-- 2. Answer each one, oldest first, unless it was answered before or is an opt-out.
local replied, skipped = 0, 0
for i = #inbound, 1, -1 do
  local m = inbound[i]
  local body = m.body or "" -- binary messages (mo_binary) carry no text
  local reference = "reply-" .. m.id
  local label = ("%s -> %s %q"):format(e164(m.from), e164(m.to), body)
  if OPT_OUT[first_word(body)] then
    print("skipped, opt-out:   " .. label)
    skipped = skipped + 1
  elseif sinch.list_batches({ client_reference = reference }).count > 0 then
    print("skipped, answered:  " .. label)
    skipped = skipped + 1
  else
    local reply = {
      from = e164(m.to), -- answer from the number they wrote to
      to = { e164(m.from) },
      body = "Thanks for your message! We have received it and will get back to you soon.",
      client_reference = reference,
    }
    if DRY_RUN then
      print("would reply to:     " .. label)
    else
      local ok, res = pcall(sinch.send_sms, reply)
      if ok then
        print(("replied to:         %s (batch %s)"):format(label, res.id))
        replied = replied + 1
      elseif res.sent == "unknown" then
        -- Sinch's answer was lost and the lookup failed: stop here; the next run's list_batches check
        -- finds the reply if it was sent.
        error(res)
      else
        -- Not sent (refused, rate limited, not a valid number...): the next run tries this one again.
        print(("not sent [%s]:     %s: %s"):format(res.code, label, res.message))
      end
    end
  end
end

print(("%d replied, %d skipped"):format(replied, skipped))
return { replied = replied, skipped = skipped }
