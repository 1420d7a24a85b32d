/**
 * The instruction hook: instruction budget, wall-clock deadline, and fairness.
 *
 * docs/fengari.md measured a count hook every 1000 instructions at ~4% on a tight loop (every 100: 12%).
 * Every HOOK_INTERVAL instructions the hook:
 * - ends the run when the budget or the deadline is exceeded, by raising the kill error (which the guarded
 *   pcall/xpcall/resume/load re-raise, so it cannot be swallowed);
 * - yields to the driver when the script has run for FAIRNESS_SLICE_MS without a break, so one busy script
 *   cannot starve other scripts (or the HTTP calls of other scripts) on the same event loop.
 * Coroutines inherit the hook from the thread that creates them (lstate.c's lua_newthread), so limits hold
 * inside user coroutines too; fairness yields happen only on the run's own thread (a yield elsewhere would
 * go to the script's coroutine.resume).
 */
import { lua, type LuaDebug, type LuaState } from 'fengari';
import { raiseError } from './lua-errors';
import { runStateOf } from './run-state';

/** Instructions between hook calls. */
export const HOOK_INTERVAL = 1000;
/** Longest stretch a script runs before letting the event loop turn. */
export const FAIRNESS_SLICE_MS = 20;

interface HookableState {
  allowhook: number;
}

function hook(L: LuaState, _ar: LuaDebug): void {
  const run = runStateOf(L);
  run.instructions += HOOK_INTERVAL;
  const now = performance.now();
  // luaD_hook disables hooks while one runs and re-enables them only on a normal return. We may leave by
  // raising, so re-enable them first: an error handler that loops must still be interrupted.
  (L as unknown as HookableState).allowhook = 1;
  const kill = run.checkBudgets(now);
  if (kill !== null) raiseError(L, kill);
  run.checkMemory(L); // may raise limit_exceeded
  (L as unknown as HookableState).allowhook = 0;
  if (now - run.lastYieldAt >= FAIRNESS_SLICE_MS && L === run.thread && lua.lua_isyieldable(L)) {
    run.hookYield = true;
    lua.lua_yield(L, 0);
  }
}

export function installHook(thread: LuaState): void {
  lua.lua_sethook(thread, hook, lua.LUA_MASKCOUNT, HOOK_INTERVAL);
}
