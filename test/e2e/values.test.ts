/**
 * Values crossing the bridge, from outside (issue #10, item 7): keys named like JavaScript's Object.prototype
 * members are ordinary keys, keys that would become one field are refused, and os.time's argument errors are
 * Lua errors that pcall catches.
 */
import { runLua } from './harness';

describe('values through kosmo-sinch lua', () => {
  it.concurrent('keeps __proto__ as a key, refuses [1] beside ["1"], and makes os.time argument errors catchable', async () => {
    const { envelope, cli } = await runLua(
      `local collided, collision = pcall(app.integrations.sinch.send_sms, { to = { "+12025550134" }, body = "x", [1] = "a", ["1"] = "b" })
       local unknown, param = pcall(app.integrations.sinch.list_groups, { ["__proto__"] = { page_size = 1 } })
       local timed, time_error = pcall(os.time, { year = 1e9, month = 1, day = 1 })
       return {
         encoded = json.encode({ ["__proto__"] = "x" }),
         collision = { collided, collision.code, collision.message },
         param = { unknown, param.code, param.field },
         time = { timed, time_error },
       }`,
    );
    expect(cli.code).toBe(0);
    expect(envelope.result).toEqual({
      encoded: '{"__proto__":"x"}',
      collision: [
        false,
        'invalid_argument',
        'sinch_send_sms: invalid argument \'argument 1\': it has both the key [1] and the key ["1"], which would be the same field ("1": integer keys become text); keep only one of them.',
      ],
      param: [false, 'invalid_argument', '__proto__'],
      time: [false, "bad argument #1 to 'os.time' (date out of range: dates from year -271821 to 275760 can be represented)"],
    });
    expect(envelope.integration_calls.map((c) => c.error?.code)).toEqual(['invalid_argument', 'invalid_argument']);
  });
});
