/**
 * The async bridge, script side: a host function that converts its arguments, prepares the call
 * (validation, account, permission — synchronously, so errors point at the calling line) and yields. The
 * driver (src/lua/runtime.ts) then starts the handler — after the yield, so that the request goes out with
 * nothing of the yield left to unwind — waits for it, and resumes; `continueHostCall` returns the result or
 * raises the error, so `pcall` can catch it.
 */
import { lua, type LuaState } from 'fengari';
import { IntegrationError } from '../errors';
import { recordFor, toIntegrationError, type CallTarget, type PreparedCall } from '../integration/invoke';
import { parameterNames } from '../integration/validate';
import { ConversionError, luaToJs, pushJs } from './convert';
import { raiseError } from './lua-errors';
import { runStateOf, type PendingCall, type RunState } from './run-state';

/** A prepared host call, waiting for the driver to start it; then in flight; then settled into `outcome`. */
export class HostCall implements PendingCall {
  outcome: PendingCall['outcome'];
  /** Settles (never rejects) once `outcome` is set; what the driver waits for when a write must finish. */
  promise: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly run: RunState,
    private readonly prepared: PreparedCall,
    private readonly started: number,
  ) {}

  get operation(): 'read' | 'write' {
    return this.prepared.target.fn.operation;
  }

  /** Run the handler. `onSettled` is called once `outcome` is set (and the call is in the log). */
  start(onSettled: () => void): void {
    const { run, prepared, started } = this;
    const target = prepared.target;
    const account = prepared.account.name;
    this.promise = run.invoker.execute(prepared, run.abort.signal).then(
      (value) => {
        run.calls.push(recordFor(target, account, started));
        this.outcome = { ok: true, value };
        onSettled();
      },
      (error: unknown) => {
        const normalised = toIntegrationError(error, target.fn.name);
        run.calls.push(recordFor(target, account, started, normalised));
        this.outcome = { ok: false, error: normalised };
        onSettled();
      },
    );
  }

  /** The run ended before the call could start: it is logged as failed with the run's error, never sent. */
  skip(error: IntegrationError): void {
    this.run.calls.push(recordFor(this.prepared.target, this.prepared.account.name, this.started, error));
    this.outcome = { ok: false, error };
  }
}

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
  if (run.kill !== null) return raiseError(L, run.kill);
  const started = performance.now();

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

  let prepared;
  if (failure === undefined) {
    try {
      prepared = run.invoker.prepare(target, readArguments(L, target));
    } catch (error) {
      failure = toIntegrationError(error, target.fn.name);
    }
  }
  if (failure !== undefined || prepared === undefined) {
    const error = failure ?? toIntegrationError(undefined, target.fn.name);
    run.calls.push(recordFor(target, target.accountName ?? null, started, error));
    return raiseError(L, error);
  }

  run.pending = new HostCall(run, prepared, started);
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
