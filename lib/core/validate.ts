import { printable, rejectControl } from './errors';
import { WsgiformError, atPath } from './errors';

/** cdktf's marker for a value only Terraform knows; we need literals to check and quote them. */
const UNRESOLVED = /\$\{TfToken\[|\$\{Token\[/;

/** A string that will reach a config file: known at synth time, no control characters. */
export function literal(path: string, what: string, value: string): string {
  if (UNRESOLVED.test(value)) {
    throw new WsgiformError(
      path,
      `${what}=${printable(value)} is a Terraform token; wsgiform needs the literal value to check and quote it (pass secrets as Secret)`,
    );
  }
  atPath(path, () => rejectControl(what, value));
  return value;
}

export function integer(
  path: string,
  what: string,
  value: number,
  min: number,
  max: number,
  fix: string,
): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new WsgiformError(path, `${what}=${value}: must be an integer from ${min} to ${max}; ${fix}`);
  }
  return value;
}

/** A number of seconds, `fallback` when not given. */
export function seconds(
  path: string,
  what: string,
  value: number | undefined,
  fallback: number,
  max = 3600,
): number {
  return integer(path, what, given(value, fallback), 0, max, `use 0 to ${max} seconds`);
}

export function port(path: string, what: string, value: number): number {
  return integer(path, what, value, 1, 65535, 'choose a TCP port from 1 to 65535');
}

/**
 * A name that becomes a Docker object name and a DNS name on the deployment's network
 * (HAProxy resolves backends by it), so it must be a DNS label Docker accepts.
 */
export function dnsName(path: string, what: string, value: string): string {
  literal(path, what, value);
  if (!/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(value)) {
    throw new WsgiformError(
      path,
      `${what}=${printable(value)}: Docker and DNS need 1-63 lower-case letters, digits or '-', not starting or ending with '-'`,
    );
  }
  return value;
}

/** An absolute path inside a container. */
export function absolutePath(path: string, what: string, value: string): string {
  literal(path, what, value);
  if (!/^\/[A-Za-z0-9_.@+/-]*$/.test(value) || value.includes('/../') || value.endsWith('/..')) {
    throw new WsgiformError(
      path,
      `${what}=${printable(value)}: use an absolute path of letters, digits and _ . @ + - /`,
    );
  }
  return value;
}

/** A URL path served by the API: starts with '/', no spaces, quotes or control characters. */
export function urlPath(path: string, what: string, value: string): string {
  literal(path, what, value);
  if (!/^\/[A-Za-z0-9_.~!$&()*+,;=:@%/-]*$/.test(value)) {
    throw new WsgiformError(
      path,
      `${what}=${printable(value)}: use a URL path starting with '/' (RFC 3986 characters only)`,
    );
  }
  return value;
}

/** The value when given, else the default; `undefined` and `null` both mean "not given". */
export function given<T>(value: T | undefined, fallback: T): T {
  return value === undefined || value === null ? fallback : value;
}

/** Checks every key and value of a string map. */
export function stringMap(
  path: string,
  what: string,
  map: Record<string, string> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(map ?? {})) {
    literal(path, `${what} key`, k);
    if (typeof v !== 'string') throw new WsgiformError(path, `${what}[${k}]=${String(v)}: must be a string`);
    out[k] = literal(path, `${what}[${k}]`, v);
  }
  return out;
}
