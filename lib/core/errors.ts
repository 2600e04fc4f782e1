/**
 * A value a writer refuses. The model layer catches it and rethrows with the construct path,
 * so the operator sees where the value came from, what is wrong with it and how to fix it.
 */
export class RenderError extends Error {
  constructor(
    readonly what: string,
    readonly value: string,
    readonly fix: string,
  ) {
    super(`${what}=${printable(value)}: ${fix}`);
    this.name = 'RenderError';
  }
}

/** A value as an operator can read it in an error message: control characters escaped. */
export function printable(value: string): string {
  return JSON.stringify(value.replace(/\u0000wsgiform-secret:[0-9]+\u0000/g, '<secret>'));
}

const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/** Rejects NUL, newlines and other control characters (tab allowed) that no config line can hold. */
export function rejectControl(what: string, value: string): void {
  const v = value.replace(/\u0000wsgiform-secret:[0-9]+\u0000/g, '');
  const m = CONTROL.exec(v);
  if (m) {
    const name = m[0] === '\n' ? 'a newline' : m[0] === '\u0000' ? 'a NUL byte' : 'a control character';
    throw new RenderError(what, value, `contains ${name}, which a config line cannot hold; remove it`);
  }
}

/**
 * The one error wsgiform throws for bad input. It names the construct path, the value and the
 * fix: `[stack/keystone] threads=4: nova only supports 1; raise processes instead`.
 */
export class WsgiformError extends Error {
  constructor(path: string, message: string) {
    super(`[${path}] ${message}`);
    this.name = 'WsgiformError';
  }
}

/**
 * Tells wsgiform's errors from others. jsii cannot describe a subclass of JavaScript's Error, so
 * the class itself is exported from `wsgiform/errors` (TypeScript, JavaScript) and this check
 * from the main entry (every jsii language).
 */
export class WsgiformErrors {
  /** True when `error` is a WsgiformError: bad input, named with its construct path. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- jsii's type for any value
  static isWsgiformError(error: any): boolean {
    return error instanceof WsgiformError;
  }

  private constructor() {}
}

/** Runs a renderer and turns a writer's refusal into an error that names the construct path. */
export function atPath<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RenderError) throw new WsgiformError(path, e.message);
    throw e;
  }
}
