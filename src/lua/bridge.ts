/**
 * The Lua adapter over the call pipeline (src/integration/pipeline.ts; docs/pipeline.md, "Adapters"): a
 * host function converts its arguments, has the pipeline prepare the call (account, validation —
 * synchronously, so errors point at the calling line) and yields. The driver (src/lua/runtime.ts) then starts
 * the call — after the yield, so that the request goes out with nothing of the yield left to unwind — waits
 * for it, and resumes; `continueHostCall` returns the result or raises the error, so `pcall` can catch it.
 * Everything else (checks, execution, errors, the record) is the pipeline's.
 */
import { lua, type LuaState } from 'fengari';
import { IntegrationError } from '../errors';
import { prepare, refuse } from '../integration/pipeline';
import type { CallTarget } from '../integration/target';
import { parameterNames } from '../integration/validate';
import { ConversionError, luaToJs, pushJs } from './convert';
import { raiseError } from './lua-errors';
import { runStateOf } from './run-state';

function readArguments(L: LuaState, target: CallTarget): unknown[] {
  const n = lua.lua_gettop(L);
  const fn = target.fn;
  const args: unknown[] = new Array(n);
  const names = parameterNames(fn);
  for (let i = 1; i <= n; i++) {
    const named = n === 1 && lua.lua_type(L, 1) === lua.LUA_TTABLE;
    const path = named ? '' : (names[i - 1] ?? `argument ${i}`);
    try {
      args[i - 1] = luaToJs(L, i, 'strict', path);
    } catch (error) {
      if (!(error instanceof ConversionError)) throw error;
      const field = error.path === '' ? `argument ${i}` : error.path;
      throw new IntegrationError('invalid_argument', `${fn.name}: invalid argument '${field}': it ${error.message}.`, {
        function: fn.name,
        field,
      });
    }
  }
  return args;
}

const NOT_HERE =
  'cannot be called from here: host functions yield, and Lua cannot yield inside table.sort comparators, ' +
  'string.gsub callbacks, __tostring/__pairs/__gc metamethods, xpcall message handlers or load readers. ' +
  'Call it from the script body (or a function called from it) and pass the result in.';

/** The Lua-callable function behind every `app.integrations.<ns>[.<account>].<fn>`. Upvalue 1: its CallTarget. */
export function hostCall(L: LuaState): number {
  const target = lua.lua_touserdata(L, lua.lua_upvalueindex(1)) as CallTarget;
  const run = runStateOf(L);
  const started = performance.now();
  // The run has ended (a cancellation that came before the script's first call): recorded, never started.
  if (run.kill !== null) return raiseError(L, refuse(target, run.context, run.kill, started));

  let failure: IntegrationError | undefined;
  if (L !== run.thread) {
    failure = new IntegrationError(
      'runtime_error',
      `${target.path} cannot be called from inside a coroutine: host functions yield to the host, not to ` +
        'your coroutine.resume. Call it from the main script body.',
      { function: target.fn.name },
    );
  } else if (!lua.lua_isyieldable(L)) {
    failure = new IntegrationError('runtime_error', `${target.path} ${NOT_HERE}`, { function: target.fn.name });
  }
  if (failure !== undefined) return raiseError(L, refuse(target, run.context, failure, started));

  let args: unknown[];
  try {
    args = readArguments(L, target);
  } catch (error) {
    return raiseError(L, refuse(target, run.context, error, started));
  }
  try {
    run.pending = prepare(target, args, run.context, started);
  } catch (error) {
    return raiseError(L, error as IntegrationError); // already recorded by the pipeline
  }
  lua.lua_settop(L, 0);
  return lua.lua_yieldk(L, 0, 0, continueHostCall);
}

/** Runs when the driver resumes the script: return the result, or raise the error at the calling line. */
function continueHostCall(L: LuaState): number {
  const run = runStateOf(L);
  const pending = run.pending;
  run.pending = null;
  if (run.kill !== null) return raiseError(L, run.kill);
  const outcome = pending?.outcome;
  if (outcome === undefined) {
    return raiseError(L, new IntegrationError('internal_error', 'A host call was resumed without a result.'));
  }
  if (!outcome.ok) return raiseError(L, outcome.error);
  try {
    pushJs(L, outcome.value);
  } catch (error) {
    if (!(error instanceof ConversionError)) throw error; // e.g. a memory-limit error raised by fengari
    return raiseError(L, new IntegrationError('internal_error', 'A host call returned a value that cannot be converted to Lua.'));
  }
  return 1;
}
