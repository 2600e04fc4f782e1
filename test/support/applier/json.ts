// Shape checks for parsed JSON: each names the place it looked at, so a refusal points at
// the exact block of cdk.tf.json.
import { ApplierError } from './types';

export function asObject(v: unknown, where: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new ApplierError(`${where}: expected an object`);
  return v as Record<string, unknown>;
}
export function asArray(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) throw new ApplierError(`${where}: expected a list`);
  return v;
}

export function hasOwn(o: object, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}
