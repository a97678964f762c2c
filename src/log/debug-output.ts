import { formatWithOptions, type InspectOptions } from 'node:util';
import createDebug from 'debug';
import { redact } from './redact.js';

let installed = false;

/**
 * Makes the `debug` package's output (what `DEBUG=simple-git*` and other libraries print) safe.
 * simple-git's debug output dumps each git child's spawn options, environment included: the
 * `Authorization` header we hand git, every secret the operator passed in variables, and variables
 * imagebump never reads (a credential helper's AWS keys). Any other way of handing git a credential
 * (a helper reading a variable, an askpass program) shows up there too, so the fix belongs where that
 * output is made: environments are printed as a count, and every line goes through the secret
 * redactor. DEBUG stays usable for support, for every library that logs through `debug`. Idempotent.
 */
export function redactDebugOutput(): void {
  if (installed) return;
  installed = true;
  for (const name of ['o', 'O'] as const) {
    const format = createDebug.formatters[name];
    if (format === undefined) continue;
    createDebug.formatters[name] = function (this: createDebug.Debugger, value: unknown) {
      return format.call(this, withoutEnv(value));
    };
  }
  createDebug.log = (...args: unknown[]): void => {
    process.stderr.write(`${redact(formatWithOptions((createDebug.inspectOpts ?? {}) as InspectOptions, ...args))}\n`);
  };
}

function withoutEnv(value: unknown): unknown {
  if (!isRecord(value) || !isRecord(value.env)) return value;
  return { ...value, env: `[${Object.keys(value.env).length} variables, not shown]` };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
