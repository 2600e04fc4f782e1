import { RenderError, rejectControl } from '../../core/errors';
import { hasSecret } from '../../core/markers';

/** A Python str literal. JSON string syntax is a subset of Python's, escapes included. */
export function pythonString(what: string, value: string): string {
  rejectControl(what, value);
  if (hasSecret(value))
    throw new RenderError(
      what,
      value,
      'secrets are not written into Python files; pass them in a config file',
    );
  return JSON.stringify(value);
}
