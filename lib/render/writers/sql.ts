import { RenderError, rejectControl } from '../../core/errors';
import { mapLiterals } from '../../core/markers';

/** A MariaDB string literal: `'…'` with `\` and `'` escaped. */
export function sqlString(what: string, value: string): string {
  rejectControl(what, value);
  return `'${mapLiterals(value, (s) => s.replace(/\\/g, '\\\\').replace(/'/g, "''"))}'`;
}

/** A database or user name. Kept to letters, digits and _ so it needs no quoting anywhere else either. */
export function sqlName(what: string, value: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,31}$/.test(value)) {
    throw new RenderError(what, value, 'use 1-32 letters, digits or _ (not starting with a digit)');
  }
  return '`' + value + '`';
}
