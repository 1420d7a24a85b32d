/**
 * `sleep(seconds)`: a script waits (for a `retry_after`, for a delivery report) without spinning (issue #9,
 * "Time and waiting, for agents"). It yields to the driver (src/lua/runtime.ts), which waits on a timer — no
 * CPU, no instructions counted — and resumes the script when the time is up. The wait counts against the
 * run's deadline and is cut short by it: a sleep past the deadline ends the run with `timeout` at the
 * deadline, not after the sleep; a cancellation ends it at once too. Knows nothing of any integration.
 */
import { lua, type LuaState } from 'fengari';
import { IntegrationError } from '../errors';
import { raiseError } from './lua-errors';
import { runStateOf } from './run-state';

const TYPE_NAMES: Readonly<Record<number, string>> = { 1: 'a boolean', 2: 'a userdata', 4: 'a string', 5: 'a table', 6: 'a function', 7: 'a userdata', 8: 'a coroutine' };

/** setTimeout's longest delay; any real deadline comes first. */
const MAX_TIMER_MS = 2_147_483_647;

function refuse(L: LuaState, message: string, code: 'invalid_argument' | 'runtime_error' = 'invalid_argument'): never {
  return raiseError(L, new IntegrationError(code, `sleep: ${message}`, { function: 'sleep', ...(code === 'invalid_argument' ? { field: 'seconds' } : {}) }));
}

/** Runs when the driver resumes the script after the wait: nothing to return, unless the run ended meanwhile. */
function continueSleep(L: LuaState): number {
  const run = runStateOf(L);
  run.sleepMs = null;
  if (run.kill !== null) return raiseError(L, run.kill);
  return 0;
}

export function sleep(L: LuaState): number {
  const run = runStateOf(L);
  if (run.kill !== null) return raiseError(L, run.kill);
  if (lua.lua_type(L, 1) !== lua.LUA_TNUMBER) {
    const got = lua.lua_isnoneornil(L, 1) ? 'nothing' : (TYPE_NAMES[lua.lua_type(L, 1)] ?? 'a value');
    return refuse(L, `invalid argument 'seconds': got ${got}; expected a number of seconds, 0 or more (e.g. sleep(2) or sleep(0.5))`);
  }
  const seconds = lua.lua_tonumber(L, 1);
  if (!(seconds >= 0) || !Number.isFinite(seconds)) {
    return refuse(L, `invalid argument 'seconds': got ${seconds}; expected a number of seconds, 0 or more`);
  }
  if (L !== run.thread || !lua.lua_isyieldable(L)) {
    return refuse(
      L,
      'cannot wait here: call it from the script body (not from inside a coroutine, table.sort comparator, string.gsub callback or metamethod)',
      'runtime_error',
    );
  }
  run.sleepMs = Math.min(seconds * 1000, MAX_TIMER_MS);
  lua.lua_settop(L, 0);
  return lua.lua_yieldk(L, 0, 0, continueSleep);
}
