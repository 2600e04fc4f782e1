import { RenderError } from '../render/errors';

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

/** Runs a renderer and turns a writer's refusal into an error that names the construct path. */
export function atPath<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RenderError) throw new WsgiformError(path, e.message);
    throw e;
  }
}
