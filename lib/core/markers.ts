/**
 * Secrets cross the pure layers as opaque markers, never as values.
 *
 * A marker is `\u0000wsgiform-secret:<id>\u0000`. NUL can never appear in a value that reaches a
 * writer (every writer rejects it), so a marker is unambiguous. Writers copy markers verbatim;
 * the target layer swaps each marker for a reference to a sensitive Terraform variable whose
 * validation limits it to {@link SECRET_CHARSET}, which every syntax we write holds unquoted.
 */
export const SECRET_CHARSET = 'A-Za-z0-9._~-';
export const SECRET_PATTERN = `^[${SECRET_CHARSET}]{8,128}$`;

const MARKER = /\u0000wsgiform-secret:([0-9]+)\u0000/g;

export function secretMarker(id: number): string {
  return `\u0000wsgiform-secret:${id}\u0000`;
}

/** A piece of a value: literal text, or a secret by id. */
export type Segment = { readonly text: string } | { readonly secret: number };

export function segments(value: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const m of value.matchAll(MARKER)) {
    if (m.index! > last) out.push({ text: value.slice(last, m.index) });
    out.push({ secret: Number(m[1]) });
    last = m.index! + m[0].length;
  }
  if (last < value.length || out.length === 0) out.push({ text: value.slice(last) });
  return out;
}

export function hasSecret(value: string): boolean {
  return value.search(MARKER) >= 0;
}

/**
 * Applies `fn` to the literal parts of `value` and keeps secret markers as they are. A secret
 * stands in for `placeholder` while `fn` checks the literal parts, so rules such as "not empty"
 * still see that something is there.
 */
export function mapLiterals(value: string, fn: (literal: string) => string): string {
  return segments(value)
    .map((s) => ('secret' in s ? secretMarker(s.secret) : fn(s.text)))
    .join('');
}

/** The value with every secret replaced by a harmless stand-in, for checks that look at the whole. */
export function withoutSecrets(value: string): string {
  return value.replace(MARKER, 'secret');
}

/**
 * Values of the deployment that a service definition refers to before they exist (its database
 * URL, its URLs through the load balancer, its Keystone credentials). A definition writes
 * `Wiring.DATABASE_URL` into a config value or a bootstrap argument; the model layer swaps the
 * marker for the deployment's value. Like secret markers they carry NUL, which no user value
 * can hold, so a marker is never mistaken for text.
 */
export const WIRING_NAMES = [
  'database_url',
  'public_url',
  'internal_url',
  'region',
  'admin_password',
  'identity_public_url',
  'identity_internal_url',
  'service_user',
  'service_password',
  'workers',
  'transport_url',
  'memcached_servers',
] as const;
/**
 * A fixed wiring name; `database_url_<suffix>`, the URL of one of a service's additional
 * databases (Nova's `nova_api` and `nova_cell0`); `companion_host_<name>`, a companion's host
 * name; or `secret_<name>`, one of the service's own secrets (Swift's hash path suffix).
 */
export type WiringName =
  (typeof WIRING_NAMES)[number] | `database_url_${string}` | `companion_host_${string}` | `secret_${string}`;

const WIRING = /\u0000wsgiform-wiring:([a-z0-9_-]+)\u0000/g;

export function wiringMarker(name: WiringName): string {
  return `\u0000wsgiform-wiring:${name}\u0000`;
}

/** The value with its wiring markers removed (to check the literal text around them). */
export function withoutWiring(value: string): string {
  return value.replace(WIRING, '');
}

/** The wiring names a value refers to. */
export function wiringIn(value: string): string[] {
  return [...value.matchAll(WIRING)].map((m) => m[1]);
}

/**
 * Replaces every wiring marker with its value; `missing(name)` decides what an unknown or
 * unavailable name does (it throws with the construct path).
 */
export function substituteWiring(
  value: string,
  values: Partial<Record<WiringName, string>>,
  missing: (name: string) => never,
): string {
  return value.replace(WIRING, (_m, name: string) => {
    const v = values[name as WiringName];
    return v === undefined ? missing(name) : v;
  });
}
