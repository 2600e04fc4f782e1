// A strict, test-only applier for cdktf's cdk.tf.json against the local Docker engine.
//
// The Terraform docker provider cannot be downloaded on these machines, so the e2e lane
// applies the synthesized JSON with this file instead. It does what kreuzwerker/docker
// 3.6.2 does for the attributes wsgiform emits (file:line references are to tag v3.6.2 of
// kreuzwerker/terraform-provider-docker) and throws on every resource type, attribute,
// expression or meta-argument it does not implement, so a test can never pass because
// something was silently ignored. `container_funcs.go:600` is short for
// internal/provider/resource_docker_container_funcs.go:600, and so on.
//
// Known, deliberate differences (timing or plumbing only, never what ends up running):
// - no 2 s Delay / 5 s MinTimeout in the network Read and Delete retries (1 s polls instead);
//   the container Read's 100 ms Delay before the must_run check is kept, it decides outcomes;
// - BuildKit builds go through POST /build?version=2 without a session (no build secrets);
// - before destroy only existence is refreshed (a vanished container just leaves state);
// - on a failed apply everything recorded is destroyed (Terraform would keep it, tainted);
// - a failed provider-faithful delete is followed by a forced removal, then reported.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DockerApiError, DockerClient } from './docker-api';

export interface ApplyOptions {
  /** Values for `variable` blocks (like -var). Undeclared names throw. */
  readonly variables?: Record<string, string>;
  /** Progress messages; never receives variable values. */
  readonly log?: (msg: string) => void;
  /** Used when the provider block has no `host`. @default DOCKER_HOST (unix://) or /var/run/docker.sock */
  readonly dockerSocket?: string;
  /** Concurrent resource operations, like terraform's -parallelism. @default 10 */
  readonly parallelism?: number;
  /** On a failed apply, destroy what was created before rethrowing. @default true */
  readonly destroyOnFailure?: boolean;
  /**
   * Directory Terraform would run in (cdktf.out/stacks/<stack>); defaults to the directory of
   * the cdk.tf.json path. Only used to refuse a relative build.dockerfile that the provider
   * would resolve against it (see applyImage).
   */
  readonly workingDir?: string;
  /** Deadline for `attach` (SDKv2's default create timeout). @default 20 min */
  readonly attachTimeoutMs?: number;
}

export interface ResourceState {
  readonly type: string;
  readonly name: string;
  id: string;
  attrs: Record<string, unknown>;
}

/** Every error the applier raises for something it refuses or that fails. */
export class ApplierError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApplierError';
  }
}

// ---------------------------------------------------------------------------------------
// Templates: `${var.x}`, `${docker_T.n.attr}`, `$${` and `%%{` escapes; nothing else.
// ---------------------------------------------------------------------------------------

export type Ref =
  | { readonly kind: 'var'; readonly name: string }
  | { readonly kind: 'res'; readonly type: string; readonly name: string; readonly attr: string };

export interface Template {
  readonly kind: 'tpl';
  readonly parts: ReadonlyArray<string | Ref>;
}

/** Attributes other resources may reference, per type. */
const REFERENCEABLE: Record<string, readonly string[]> = {
  docker_image: ['image_id', 'name', 'id'],
  docker_network: ['name', 'id'],
  docker_volume: ['name', 'id'],
  docker_container: ['name', 'id'],
};

const IDENT = '[A-Za-z_][A-Za-z0-9_-]*';
const VAR_RE = new RegExp(`^var\\.(${IDENT})$`);
const RES_RE = new RegExp(`^(docker_[a-z_]+)\\.(${IDENT})\\.([a-z_]+)$`);

/** Parses one Terraform string template. `where` names the place for error messages. */
export function parseTemplate(src: string, where: string): Template {
  const parts: Array<string | Ref> = [];
  let lit = '';
  let i = 0;
  while (i < src.length) {
    if (src.startsWith('$${', i)) {
      lit += '${';
      i += 3;
    } else if (src.startsWith('%%{', i)) {
      lit += '%{';
      i += 3;
    } else if (src.startsWith('%{', i)) {
      throw new ApplierError(
        `${where}: template directive '%{' is not supported (write '%%{' for a literal): ${clip(src, i)}`,
      );
    } else if (src.startsWith('${', i)) {
      const end = src.indexOf('}', i + 2);
      if (end < 0) throw new ApplierError(`${where}: unterminated '\${' in ${JSON.stringify(src)}`);
      const expr = src.slice(i + 2, end).trim();
      const v = VAR_RE.exec(expr);
      const r = RES_RE.exec(expr);
      if (!v && !r) {
        throw new ApplierError(
          `${where}: unsupported expression \${${src.slice(i + 2, end)}} (only \${var.NAME} and \${docker_TYPE.NAME.ATTR}; write '$\${' for a literal)`,
        );
      }
      if (lit) parts.push(lit);
      lit = '';
      parts.push(
        v
          ? { kind: 'var', name: v[1] }
          : {
              kind: 'res',
              type: (r as RegExpExecArray)[1],
              name: (r as RegExpExecArray)[2],
              attr: (r as RegExpExecArray)[3],
            },
      );
      i = end + 1;
    } else {
      lit += src[i];
      i += 1;
    }
  }
  if (lit) parts.push(lit);
  return { kind: 'tpl', parts };
}

function clip(s: string, i: number): string {
  return JSON.stringify(s.slice(Math.max(0, i - 10), i + 30));
}

function isTemplate(v: unknown): v is Template {
  return (
    typeof v === 'object' &&
    v !== null &&
    (v as Template).kind === 'tpl' &&
    Array.isArray((v as Template).parts)
  );
}

/** Unescapes a string that must not contain interpolations (object keys, error messages). */
function literalOnly(src: string, where: string): string {
  const t = parseTemplate(src, where);
  if (t.parts.some((p) => typeof p !== 'string'))
    throw new ApplierError(`${where}: interpolation is not supported here: ${JSON.stringify(src)}`);
  return t.parts.join('');
}

// ---------------------------------------------------------------------------------------
// Variables and their validation: exactly `${can(regex("<re>", var.<name>))}`.
// ---------------------------------------------------------------------------------------

interface VariableDecl {
  readonly name: string;
  readonly default?: string;
  readonly sensitive: boolean;
  readonly validations: ReadonlyArray<{
    readonly re: RegExp;
    readonly source: string;
    readonly message: string;
  }>;
}

const VARIABLE_KEYS = new Set(['type', 'sensitive', 'description', 'default', 'validation']);

function parseVariable(name: string, raw: unknown): VariableDecl {
  const where = `variable.${name}`;
  const obj = asObject(raw, where);
  for (const k of Object.keys(obj))
    if (!VARIABLE_KEYS.has(k)) throw new ApplierError(`${where}: unsupported argument '${k}'`);
  if (obj.type !== undefined && obj.type !== 'string')
    throw new ApplierError(`${where}: only type "string" is supported, got ${JSON.stringify(obj.type)}`);
  let def: string | undefined;
  // A variable default is a literal value in Terraform JSON (no template evaluation).
  if (obj.default !== undefined && obj.default !== null) {
    if (typeof obj.default === 'string') def = obj.default;
    else if (typeof obj.default === 'number' || typeof obj.default === 'boolean') def = String(obj.default);
    else throw new ApplierError(`${where}: default must be a string`);
  }
  const validations = (
    obj.validation === undefined ? [] : asArray(obj.validation, `${where}.validation`)
  ).map((v, i) => {
    const vw = `${where}.validation[${i}]`;
    const vo = asObject(v, vw);
    for (const k of Object.keys(vo))
      if (k !== 'condition' && k !== 'error_message')
        throw new ApplierError(`${vw}: unsupported argument '${k}'`);
    if (typeof vo.condition !== 'string') throw new ApplierError(`${vw}: condition must be a string`);
    const source = parseCanRegexCondition(vo.condition, name, vw);
    return {
      re: re2ToJs(source, vw),
      source,
      message:
        typeof vo.error_message === 'string'
          ? literalOnly(vo.error_message, `${vw}.error_message`)
          : 'validation failed',
    };
  });
  return { name, default: def, sensitive: obj.sensitive === true, validations };
}

/** Returns the regex source of `${can(regex("<re>", var.<name>))}`; throws on any other form. */
export function parseCanRegexCondition(cond: string, varName: string, where: string): string {
  const fail = (): never => {
    throw new ApplierError(
      `${where}: unsupported validation condition ${JSON.stringify(cond)}; only \${can(regex("<re>", var.${varName}))} is implemented`,
    );
  };
  const head = /^\$\{\s*can\s*\(\s*regex\s*\(\s*"/.exec(cond);
  if (!head) return fail();
  let i = head[0].length;
  let out = '';
  for (;;) {
    if (i >= cond.length) return fail();
    const c = cond[i];
    if (c === '"') {
      i += 1;
      break;
    }
    if (c === '\\') {
      const n = cond[i + 1];
      const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
      if (n !== undefined && simple[n] !== undefined) {
        out += simple[n];
        i += 2;
      } else if (n === 'u' && /^[0-9A-Fa-f]{4}$/.test(cond.slice(i + 2, i + 6))) {
        out += String.fromCodePoint(parseInt(cond.slice(i + 2, i + 6), 16));
        i += 6;
      } else if (n === 'U' && /^[0-9A-Fa-f]{8}$/.test(cond.slice(i + 2, i + 10))) {
        out += String.fromCodePoint(parseInt(cond.slice(i + 2, i + 10), 16));
        i += 10;
      } else {
        throw new ApplierError(`${where}: invalid escape '\\${n ?? ''}' in the regex string literal`);
      }
    } else if (cond.startsWith('$${', i)) {
      out += '${';
      i += 3;
    } else if (cond.startsWith('%%{', i)) {
      out += '%{';
      i += 3;
    } else if (cond.startsWith('${', i) || cond.startsWith('%{', i)) {
      throw new ApplierError(`${where}: interpolation inside the regex literal is not supported`);
    } else {
      out += c;
      i += 1;
    }
  }
  const tail = new RegExp(`^\\s*,\\s*var\\.(${IDENT})\\s*\\)\\s*\\)\\s*\\}$`).exec(cond.slice(i));
  if (!tail) return fail();
  if (tail[1] !== varName)
    throw new ApplierError(`${where}: condition must refer to var.${varName}, not var.${tail[1]}`);
  return out;
}

/**
 * Translates the subset of RE2 (Go regexp, what Terraform's regex() uses) whose meaning
 * is the same in JavaScript; anything whose meaning differs or is unsupported throws.
 */
export function re2ToJs(src: string, where: string): RegExp {
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      const n = src[i + 1];
      if (n === undefined) throw new ApplierError(`${where}: regex ends with a backslash`);
      if ('AzQEpPCGKk'.includes(n) || /[0-9]/.test(n))
        throw new ApplierError(`${where}: regex escape '\\${n}' is not supported by the applier`);
      if (n === 's') out += inClass ? '\\t\\n\\f\\r ' : '[\\t\\n\\f\\r ]';
      else if (n === 'S') {
        if (inClass) throw new ApplierError(`${where}: '\\S' inside a character class is not supported`);
        out += '[^\\t\\n\\f\\r ]';
      } else out += c + n;
      i += 1;
      continue;
    }
    if (!inClass && c === '(' && src[i + 1] === '?' && src[i + 2] !== ':') {
      throw new ApplierError(
        `${where}: regex group '(?${src[i + 2] ?? ''}' (flags, named groups) is not supported by the applier`,
      );
    }
    if (c === '[') {
      if (inClass && src[i + 1] === ':')
        throw new ApplierError(`${where}: POSIX classes '[[:...:]]' are not supported by the applier`);
      inClass = true;
    } else if (c === ']' && inClass && !(src[i - 1] === '[' || (src[i - 1] === '^' && src[i - 2] === '['))) {
      inClass = false;
    }
    out += c;
  }
  try {
    return new RegExp(out, 'u');
  } catch (e) {
    throw new ApplierError(`${where}: regex ${JSON.stringify(src)} cannot be used: ${(e as Error).message}`);
  }
}

// ---------------------------------------------------------------------------------------
// Attribute schemas: what is implemented, with the provider's defaults and validators.
// ---------------------------------------------------------------------------------------

type Check = (v: string) => string | undefined;
type Spec =
  | { readonly t: 'string'; readonly required?: boolean; readonly default?: string; readonly check?: Check }
  | { readonly t: 'bool'; readonly default?: boolean }
  | { readonly t: 'int'; readonly required?: boolean; readonly default?: number; readonly min?: number }
  | { readonly t: 'strlist'; readonly set?: boolean; readonly required?: boolean }
  | { readonly t: 'strmap' }
  | {
      readonly t: 'block';
      readonly fields: Record<string, Spec>;
      readonly many: boolean;
      readonly required?: boolean;
    }
  | { readonly t: 'reject'; readonly why: string };

const str = (o: { required?: boolean; default?: string; check?: Check } = {}): Spec => ({
  t: 'string',
  ...o,
});
const bool = (d?: boolean): Spec => ({ t: 'bool', default: d });
const int = (o: { required?: boolean; default?: number; min?: number } = {}): Spec => ({ t: 'int', ...o });
const strlist = (o: { set?: boolean; required?: boolean } = {}): Spec => ({ t: 'strlist', ...o });
const strmap: Spec = { t: 'strmap' };
const block = (fields: Record<string, Spec>, many: boolean, required = false): Spec => ({
  t: 'block',
  fields,
  many,
  required,
});

const pattern =
  (re: RegExp): Check =>
  (v) =>
    re.test(v) ? undefined : `'${v}' doesn't match the pattern '${re.source}'`;

/** Go time.ParseDuration, in nanoseconds. Throws on what Go rejects. */
export function parseGoDuration(s: string): number {
  if (s === '0') return 0;
  const units: Record<string, number> = {
    ns: 1,
    us: 1e3,
    µs: 1e3,
    μs: 1e3,
    ms: 1e6,
    s: 1e9,
    m: 60e9,
    h: 3600e9,
  };
  let rest = s;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    if (rest[0] === '-') sign = -1;
    rest = rest.slice(1);
  }
  if (!rest) throw new Error(`invalid duration ${JSON.stringify(s)}`);
  let total = 0;
  const re = /^([0-9]*(?:\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)/;
  while (rest) {
    const m = re.exec(rest);
    if (!m || m[1] === '' || m[1] === '.') throw new Error(`invalid duration ${JSON.stringify(s)}`);
    total += parseFloat(m[1]) * units[m[2]];
    rest = rest.slice(m[0].length);
  }
  return Math.round(sign * total);
}

const durationCheck: Check = (v) => {
  try {
    return parseGoDuration(v) < 0 ? `'${v}' duration must not be negative` : undefined;
  } catch {
    return `'${v}' is not a valid duration`;
  }
};

const base64Check: Check = (v) =>
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(v)
    ? undefined
    : `'${v.slice(0, 40)}' is not base64 decodeable`;

const labelBlock = block({ label: str({ required: true }), value: str({ required: true }) }, true);

const SCHEMAS: Record<string, Record<string, Spec>> = {
  // resource_docker_image.go
  docker_image: {
    name: str({ required: true }),
    keep_locally: bool(false),
    triggers: strmap,
    build: block(
      {
        context: str({
          required: true,
          check: (v) =>
            path.isAbsolute(v)
              ? undefined
              : `context must be an absolute path (Terraform would resolve '${v}' against cdktf.out/stacks/<stack>)`,
        }),
        dockerfile: str({ default: 'Dockerfile' }),
        build_args: strmap,
        tag: strlist(),
        network_mode: str(),
        labels: strmap,
        label: {
          t: 'reject',
          why: 'build.label is in the 3.6.2 schema but the legacy build path never reads it (createImageBuildOptions reads only build.labels); use labels',
        },
      },
      false,
    ),
  },
  // resource_docker_network.go
  docker_network: {
    name: str({ required: true }),
    driver: str(),
    internal: bool(),
    attachable: bool(),
    labels: labelBlock,
    options: strmap,
  },
  // resource_docker_volume.go
  docker_volume: {
    name: str(),
    driver: str(),
    labels: labelBlock,
  },
  // resource_docker_container.go
  docker_container: {
    name: str({ required: true }),
    image: str({ required: true }),
    hostname: str(),
    command: strlist(),
    entrypoint: strlist(),
    env: strlist({ set: true }),
    user: str(),
    working_dir: str(),
    labels: labelBlock,
    restart: str({ default: 'no', check: pattern(/^(no|on-failure|always|unless-stopped)$/) }),
    max_retry_count: int(),
    must_run: bool(true),
    start: bool(true),
    wait: bool(false),
    wait_timeout: int({ default: 60 }),
    destroy_grace_seconds: int(),
    stop_signal: str(),
    stop_timeout: int(),
    init: bool(),
    networks_advanced: block({ name: str({ required: true }), aliases: strlist({ set: true }) }, true),
    ports: block(
      {
        internal: int({ required: true }),
        external: int(),
        ip: str({ default: '0.0.0.0' }),
        protocol: str({ default: 'tcp' }),
      },
      true,
    ),
    upload: block(
      {
        file: str({ required: true }),
        content: str(),
        content_base64: str({ check: base64Check }),
        permissions: str({ check: pattern(/^0[0-7]{3}$/) }),
        executable: bool(false),
      },
      true,
    ),
    healthcheck: block(
      {
        test: strlist({ required: true }),
        interval: str({ default: '0s', check: durationCheck }),
        timeout: str({ default: '0s', check: durationCheck }),
        start_period: str({ default: '0s', check: durationCheck }),
        retries: int({ default: 0, min: 0 }),
        start_interval: {
          t: 'reject',
          why: 'start_interval is dropped by this engine (API 1.41) and gives a permanent diff; do not emit it',
        },
      },
      false,
    ),
    volumes: block(
      {
        volume_name: str(),
        host_path: str({
          check: (v) => (/^[a-zA-Z]:[\\/]|^\//.test(v) ? undefined : `'${v}' must be an absolute path`),
        }),
        container_path: str(),
        read_only: bool(),
      },
      true,
    ),
    log_driver: str(),
    log_opts: strmap,
    attach: bool(false),
    logs: bool(false),
    rm: bool(false),
    tmpfs: strmap,
    group_add: strlist({ set: true }),
  },
};

/** Placeholder for a value only known at apply time. */
const UNKNOWN: unique symbol = Symbol('unknown');
type Scalar = string | typeof UNKNOWN;

type RawNode = string | number | boolean | null | Template | RawNode[] | { [k: string]: RawNode };

/** Converts parsed JSON into a tree whose strings are parsed templates. */
function toRawNode(v: unknown, where: string): RawNode {
  if (typeof v === 'string') return parseTemplate(v, where);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return v;
  if (Array.isArray(v)) return v.map((e, i) => toRawNode(e, `${where}[${i}]`));
  if (typeof v === 'object') {
    const out: { [k: string]: RawNode } = {};
    for (const [k, e] of Object.entries(v as Record<string, unknown>)) {
      const key = literalOnly(k, `${where} key ${JSON.stringify(k)}`);
      out[key] = toRawNode(e, `${where}.${key}`);
    }
    return out;
  }
  throw new ApplierError(`${where}: unsupported JSON value`);
}

type Resolve = (ref: Ref) => Scalar;

function renderScalar(node: RawNode, where: string, resolve: Resolve): Scalar | number | boolean | null {
  if (isTemplate(node)) {
    let out = '';
    for (const p of node.parts) {
      if (typeof p === 'string') out += p;
      else {
        const v = resolve(p);
        if (v === UNKNOWN) return UNKNOWN;
        out += v;
      }
    }
    return out;
  }
  if (typeof node === 'number' || typeof node === 'boolean' || node === null) return node;
  throw new ApplierError(
    `${where}: expected a single value, got ${Array.isArray(node) ? 'a list' : 'an object'}`,
  );
}

/**
 * Walks a resource body against its schema: refuses unknown attributes, converts types as
 * Terraform does (numbers/bools from strings), applies the provider's defaults and runs its
 * validators. With unresolved references (plan time) the values are UNKNOWN and only the
 * shape is checked.
 */
function normalize(node: RawNode | undefined, spec: Spec, where: string, resolve: Resolve): unknown {
  if (spec.t === 'reject') {
    if (node === undefined || node === null) return undefined;
    throw new ApplierError(`${where}: not implemented by the applier: ${spec.why}`);
  }
  if (node === undefined || node === null) {
    if ('required' in spec && spec.required)
      throw new ApplierError(`${where}: required attribute is missing`);
    if (spec.t === 'string' || spec.t === 'bool' || spec.t === 'int') return spec.default;
    return undefined;
  }
  switch (spec.t) {
    case 'string': {
      const v = renderScalar(node, where, resolve);
      if (v === UNKNOWN) return UNKNOWN;
      if (v === null) return normalize(undefined, spec, where, resolve);
      const s = String(v);
      const err = spec.check?.(s);
      if (err) throw new ApplierError(`${where}: ${err}`);
      return s;
    }
    case 'bool': {
      const v = renderScalar(node, where, resolve);
      if (v === UNKNOWN || typeof v === 'boolean') return v;
      if (v === 'true' || v === 'false') return v === 'true';
      throw new ApplierError(`${where}: expected a bool, got ${JSON.stringify(v)}`);
    }
    case 'int': {
      const v = renderScalar(node, where, resolve);
      if (v === UNKNOWN) return UNKNOWN;
      const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?[0-9]+$/.test(v) ? Number(v) : NaN;
      if (!Number.isInteger(n))
        throw new ApplierError(`${where}: expected a whole number, got ${JSON.stringify(v)}`);
      if (spec.min !== undefined && n < spec.min)
        throw new ApplierError(`${where}: '${n}' cannot be lower than ${spec.min}`);
      return n;
    }
    case 'strlist': {
      if (!Array.isArray(node)) throw new ApplierError(`${where}: expected a list of strings`);
      const items = node.map((e, i) => {
        const v = renderScalar(e, `${where}[${i}]`, resolve);
        if (v === null) throw new ApplierError(`${where}[${i}]: null list element`);
        return v === UNKNOWN ? UNKNOWN : String(v);
      });
      if (spec.set) {
        const seen = new Set<Scalar>();
        return items.filter((v) => (v === UNKNOWN || !seen.has(v) ? (seen.add(v), true) : false));
      }
      return items;
    }
    case 'strmap': {
      if (typeof node !== 'object' || Array.isArray(node) || isTemplate(node))
        throw new ApplierError(`${where}: expected a map of strings`);
      const out: Record<string, Scalar> = {};
      for (const [k, e] of Object.entries(node)) {
        const v = renderScalar(e, `${where}.${k}`, resolve);
        if (v === null) throw new ApplierError(`${where}.${k}: null map value`);
        out[k] = v === UNKNOWN ? UNKNOWN : String(v);
      }
      return out;
    }
    case 'block': {
      // Terraform JSON accepts a block as one object or as a list of objects.
      const list = Array.isArray(node) ? node : [node];
      if (!spec.many && list.length > 1) throw new ApplierError(`${where}: at most one block allowed`);
      const out = list.map((b, i) => {
        const bw = spec.many ? `${where}[${i}]` : where;
        if (typeof b !== 'object' || b === null || Array.isArray(b) || isTemplate(b))
          throw new ApplierError(`${bw}: expected a block (object)`);
        for (const k of Object.keys(b)) {
          if (!hasOwn(spec.fields, k))
            throw new ApplierError(`${bw}: unsupported attribute '${k}' (not implemented by the applier)`);
        }
        const o: Record<string, unknown> = {};
        for (const [k, fs] of Object.entries(spec.fields)) {
          const v = normalize(b[k], fs, `${bw}.${k}`, resolve);
          if (v !== undefined) o[k] = v;
        }
        return o;
      });
      if (spec.required && out.length === 0) throw new ApplierError(`${where}: required block is missing`);
      return spec.many ? out : out[0];
    }
  }
}

// ---------------------------------------------------------------------------------------
// The plan: everything checked without touching the engine.
// ---------------------------------------------------------------------------------------

interface PlannedResource {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly body: { [k: string]: RawNode };
  readonly deps: ReadonlySet<string>;
  readonly postconditions: ReadonlyArray<{ readonly message: string }>;
}

export interface Plan {
  /** Resource addresses in a valid creation order. */
  readonly order: readonly string[];
  readonly resources: ReadonlyMap<string, PlannedResource>;
  readonly variables: ReadonlyMap<string, string>;
  readonly sensitive: ReadonlySet<string>;
  readonly socketPath: string;
}

const TOP_LEVEL = new Set([
  '//',
  'terraform',
  'provider',
  'variable',
  'output',
  'resource',
  'locals',
  'data',
]);
const POSTCONDITION_RE = /^\$\{\s*self\.exit_code\s*==\s*0\s*\}$/;

function asObject(v: unknown, where: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new ApplierError(`${where}: expected an object`);
  return v as Record<string, unknown>;
}
function asArray(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) throw new ApplierError(`${where}: expected a list`);
  return v;
}

/** Parses, validates and orders a cdk.tf.json without touching the engine. */
export function plan(tfJson: object | string, opts: ApplyOptions = {}): Plan {
  let doc: unknown = tfJson;
  if (typeof tfJson === 'string') doc = JSON.parse(fs.readFileSync(tfJson, 'utf8'));
  const top = asObject(doc, 'cdk.tf.json');
  for (const k of Object.keys(top)) {
    if (!TOP_LEVEL.has(k)) throw new ApplierError(`top-level block '${k}' is not implemented by the applier`);
  }
  if (top.locals !== undefined) throw new ApplierError(`'locals' are not implemented by the applier`);
  if (top.data !== undefined)
    throw new ApplierError(
      `data sources are not implemented by the applier: ${Object.keys(asObject(top.data, 'data')).join(', ')}`,
    );

  // terraform {}: required_providers/backend are ignored, but the semantics here are 3.6.2's.
  if (top.terraform !== undefined) {
    const rp = asObject(top.terraform, 'terraform').required_providers as
      Record<string, { version?: string; source?: string }> | undefined;
    const dockerReq = rp?.docker;
    if (dockerReq && dockerReq.version !== undefined && dockerReq.version !== '3.6.2') {
      throw new ApplierError(
        `terraform.required_providers.docker.version is ${JSON.stringify(dockerReq.version)}; the applier implements exactly 3.6.2`,
      );
    }
    for (const name of Object.keys(rp ?? {}))
      if (name !== 'docker') throw new ApplierError(`provider '${name}' is not implemented by the applier`);
  }

  // Variables.
  const decls = new Map<string, VariableDecl>();
  for (const [name, raw] of Object.entries(
    top.variable === undefined ? {} : asObject(top.variable, 'variable'),
  ))
    decls.set(name, parseVariable(name, raw));
  for (const name of Object.keys(opts.variables ?? {})) {
    if (!decls.has(name)) throw new ApplierError(`value given for undeclared variable '${name}'`);
  }
  const variables = new Map<string, string>();
  const sensitive = new Set<string>();
  for (const d of decls.values()) {
    const given = opts.variables?.[d.name];
    const value = given !== undefined ? given : d.default;
    if (value === undefined)
      throw new ApplierError(
        `no value for required variable '${d.name}' (pass it in ApplyOptions.variables)`,
      );
    for (const v of d.validations) {
      if (!v.re.test(value))
        throw new ApplierError(
          `invalid value for variable '${d.name}': ${v.message} (regex ${JSON.stringify(v.source)})`,
        );
    }
    variables.set(d.name, value);
    if (d.sensitive) sensitive.add(d.name);
  }
  const resolveVar = (name: string, where: string): string => {
    const v = variables.get(name);
    if (v === undefined) throw new ApplierError(`${where}: reference to undeclared variable var.${name}`);
    return v;
  };

  // Provider.
  let socketPath = opts.dockerSocket ?? socketFromEnv() ?? '/var/run/docker.sock';
  if (top.provider !== undefined) {
    const prov = asObject(top.provider, 'provider');
    for (const name of Object.keys(prov))
      if (name !== 'docker') throw new ApplierError(`provider '${name}' is not implemented by the applier`);
    if (prov.docker !== undefined) {
      const list = Array.isArray(prov.docker) ? prov.docker : [prov.docker];
      if (list.length !== 1)
        throw new ApplierError(
          `provider.docker: exactly one configuration is supported (no aliases), got ${list.length}`,
        );
      const cfg = asObject(list[0], 'provider.docker');
      for (const k of Object.keys(cfg))
        if (k !== 'host')
          throw new ApplierError(`provider.docker: argument '${k}' is not implemented by the applier`);
      if (cfg.host !== undefined) {
        const t = parseTemplate(String(cfg.host), 'provider.docker.host');
        const host = t.parts
          .map((p) =>
            typeof p === 'string'
              ? p
              : p.kind === 'var'
                ? resolveVar(p.name, 'provider.docker.host')
                : fail(`provider.docker.host: resource references are not supported`),
          )
          .join('');
        if (!host.startsWith('unix://'))
          throw new ApplierError(
            `provider.docker.host ${JSON.stringify(host)}: only unix:// sockets are supported`,
          );
        socketPath = host.slice('unix://'.length);
      }
    }
  }

  // Resources.
  const resources = new Map<string, PlannedResource>();
  const rawResources = top.resource === undefined ? {} : asObject(top.resource, 'resource');
  for (const [type, byName] of Object.entries(rawResources)) {
    if (!hasOwn(SCHEMAS, type))
      throw new ApplierError(
        `resource type '${type}' is not implemented by the applier (resources: ${Object.keys(asObject(byName, type)).join(', ')})`,
      );
    for (const [name, rawBody] of Object.entries(asObject(byName, `resource.${type}`))) {
      const address = `${type}.${name}`;
      const body = asObject(rawBody, address);
      const attrs: { [k: string]: RawNode } = {};
      const deps = new Set<string>();
      const postconditions: Array<{ message: string }> = [];
      for (const [k, v] of Object.entries(body)) {
        if (k === '//') continue;
        if (k === 'depends_on') {
          for (const d of asArray(v, `${address}.depends_on`)) {
            if (typeof d !== 'string' || !/^docker_[a-z_]+\.[A-Za-z_][A-Za-z0-9_-]*$/.test(d))
              throw new ApplierError(`${address}.depends_on: unsupported entry ${JSON.stringify(d)}`);
            deps.add(d);
          }
        } else if (k === 'lifecycle') {
          const lc = asObject(v, `${address}.lifecycle`);
          for (const [lk, lv] of Object.entries(lc)) {
            if (lk !== 'postcondition' || type !== 'docker_container')
              throw new ApplierError(`${address}.lifecycle.${lk}: not implemented by the applier`);
            for (const [i, pc] of asArray(lv, `${address}.lifecycle.postcondition`).entries()) {
              const pw = `${address}.lifecycle.postcondition[${i}]`;
              const po = asObject(pc, pw);
              for (const pk of Object.keys(po))
                if (pk !== 'condition' && pk !== 'error_message')
                  throw new ApplierError(`${pw}: unsupported argument '${pk}'`);
              if (typeof po.condition !== 'string' || !POSTCONDITION_RE.test(po.condition)) {
                throw new ApplierError(
                  `${pw}: unsupported condition ${JSON.stringify(po.condition)}; only \${self.exit_code == 0} is implemented`,
                );
              }
              postconditions.push({
                message:
                  typeof po.error_message === 'string'
                    ? literalOnly(po.error_message, `${pw}.error_message`)
                    : 'postcondition failed',
              });
            }
          }
        } else if (k === 'provider' && v === 'docker') {
          // `provider = docker` names the default configuration, the only one plan() accepts.
        } else if (
          k === 'count' ||
          k === 'for_each' ||
          k === 'provider' ||
          k === 'provisioner' ||
          k === 'connection'
        ) {
          throw new ApplierError(`${address}: meta-argument '${k}' is not implemented by the applier`);
        } else {
          attrs[k] = toRawNode(v, `${address}.${k}`);
        }
      }
      collectRefs(attrs, (r) => {
        if (r.kind === 'res') deps.add(`${r.type}.${r.name}`);
      });
      resources.set(address, { address, type, name, body: attrs, deps, postconditions });
    }
  }

  // References must point at declared things and referenceable attributes.
  for (const r of resources.values()) {
    for (const d of r.deps)
      if (!resources.has(d)) throw new ApplierError(`${r.address}: reference to undeclared resource ${d}`);
    collectRefs(r.body, (ref) => {
      if (ref.kind === 'var') resolveVar(ref.name, r.address);
      else if (!(REFERENCEABLE[ref.type] ?? []).includes(ref.attr)) {
        throw new ApplierError(
          `${r.address}: reference to ${ref.type}.${ref.name}.${ref.attr} is not implemented (referenceable: ${(REFERENCEABLE[ref.type] ?? []).join(', ')})`,
        );
      }
    });
    // Shape check with every resource reference unknown.
    normalize(r.body, block(SCHEMAS[r.type], false), r.address, (ref) =>
      ref.kind === 'var' ? resolveVar(ref.name, r.address) : UNKNOWN,
    );
  }

  return { order: topoOrder(resources), resources, variables, sensitive, socketPath };
}

function hasOwn(o: object, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

function fail(msg: string): never {
  throw new ApplierError(msg);
}

function socketFromEnv(): string | undefined {
  const h = process.env.DOCKER_HOST;
  return h && h.startsWith('unix://') ? h.slice('unix://'.length) : undefined;
}

function collectRefs(node: RawNode | undefined, fn: (r: Ref) => void): void {
  if (node === undefined || node === null || typeof node !== 'object') return;
  if (isTemplate(node)) {
    for (const p of node.parts) if (typeof p !== 'string') fn(p);
  } else if (Array.isArray(node)) node.forEach((n) => collectRefs(n, fn));
  else Object.values(node).forEach((n) => collectRefs(n, fn));
}

function topoOrder(resources: ReadonlyMap<string, PlannedResource>): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (a: string, stack: string[]): void => {
    const s = state.get(a);
    if (s === 'done') return;
    if (s === 'visiting') throw new ApplierError(`dependency cycle: ${[...stack, a].join(' -> ')}`);
    state.set(a, 'visiting');
    for (const d of [...(resources.get(a)?.deps ?? [])].sort()) visit(d, [...stack, a]);
    state.set(a, 'done');
    order.push(a);
  };
  for (const a of [...resources.keys()].sort()) visit(a, []);
  return order;
}

// ---------------------------------------------------------------------------------------
// Upload tar: one ustar entry, as archive/tar writes the provider's header (container_funcs.go:510).
// ---------------------------------------------------------------------------------------

/** A one-file ustar archive (header name = `file` as given, uid/gid 0, two zero blocks at the end). */
export function ustarSingleFile(
  file: string,
  content: Buffer,
  mode: number,
  mtime: Date = new Date(),
): Buffer {
  if (!/^[\x20-\x7e]+$/.test(file))
    throw new ApplierError(
      `upload file ${JSON.stringify(file)}: only printable ASCII paths are supported by the applier's tar writer`,
    );
  let name = file;
  let prefix = '';
  if (name.length > 100) {
    // Split at a '/' so that prefix <= 155 and name <= 100 (what Go's USTAR writer does).
    let split = -1;
    for (let i = file.length - 1; i > 0; i--) {
      if (file[i] === '/' && i <= 155 && file.length - i - 1 <= 100 && file.length - i - 1 > 0) {
        split = i;
        break;
      }
    }
    if (split < 0)
      throw new ApplierError(`upload file path is too long for a ustar header (${file.length} chars)`);
    prefix = file.slice(0, split);
    name = file.slice(split + 1);
  }
  const h = Buffer.alloc(512, 0);
  const put = (s: string, off: number, len: number): void => {
    h.write(s.slice(0, len), off, 'ascii');
  };
  const octal = (n: number, len: number): string => n.toString(8).padStart(len - 1, '0') + '\0';
  put(name, 0, 100);
  put(octal(mode & 0o7777, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(content.length, 12), 124, 12);
  put(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 12);
  put('        ', 148, 8);
  put('0', 156, 1);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  put(prefix, 345, 155);
  let sum = 0;
  for (const b of h) sum += b;
  put(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8);
  const pad = (512 - (content.length % 512)) % 512;
  return Buffer.concat([h, content, Buffer.alloc(pad, 0), Buffer.alloc(1024, 0)]);
}

// ---------------------------------------------------------------------------------------
// The applier.
// ---------------------------------------------------------------------------------------

interface ImageCfg {
  name: string;
  keep_locally: boolean;
  triggers?: Record<string, string>;
  build?: {
    context: string;
    dockerfile: string;
    build_args?: Record<string, string>;
    tag?: string[];
    network_mode?: string;
    labels?: Record<string, string>;
  };
}
interface LabelCfg {
  label: string;
  value: string;
}
interface NetworkCfg {
  name: string;
  driver?: string;
  internal?: boolean;
  attachable?: boolean;
  labels?: LabelCfg[];
  options?: Record<string, string>;
}
interface VolumeCfg {
  name?: string;
  driver?: string;
  labels?: LabelCfg[];
}
interface ContainerCfg {
  name: string;
  image: string;
  hostname?: string;
  command?: string[];
  entrypoint?: string[];
  env?: string[];
  user?: string;
  working_dir?: string;
  labels?: LabelCfg[];
  restart: string;
  max_retry_count?: number;
  must_run: boolean;
  start: boolean;
  wait: boolean;
  wait_timeout: number;
  destroy_grace_seconds?: number;
  stop_signal?: string;
  stop_timeout?: number;
  init?: boolean;
  networks_advanced?: Array<{ name: string; aliases?: string[] }>;
  ports?: Array<{ internal: number; external?: number; ip: string; protocol: string }>;
  upload?: Array<{
    file: string;
    content?: string;
    content_base64?: string;
    permissions?: string;
    executable: boolean;
  }>;
  healthcheck?: { test: string[]; interval: string; timeout: string; start_period: string; retries: number };
  volumes?: Array<{ volume_name?: string; host_path?: string; container_path?: string; read_only?: boolean }>;
  log_driver?: string;
  log_opts?: Record<string, string>;
  attach: boolean;
  logs: boolean;
  rm: boolean;
  tmpfs?: Record<string, string>;
  group_add?: string[];
}

interface ContainerInspect {
  Id: string;
  Name: string;
  State: {
    Running: boolean;
    Restarting: boolean;
    ExitCode: number;
    FinishedAt: string;
    Health?: { Status: string } | null;
  };
  NetworkSettings?: {
    Ports?: Record<string, Array<{ HostIp: string; HostPort: string }> | null> | null;
    Networks?: Record<
      string,
      { IPAddress: string; Gateway: string; Aliases: string[] | null; NetworkID: string }
    >;
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Errors the provider swallows (containsIgnorableErrorMessage: case-insensitive substring). */
function ignorable(e: unknown, ...messages: string[]): boolean {
  const msg = e instanceof Error ? e.message.toLowerCase() : String(e).toLowerCase();
  return messages.some((m) => msg.includes(m.toLowerCase()));
}

function labelMap(labels: LabelCfg[] | undefined, where: string): Record<string, string> | undefined {
  if (!labels || labels.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const l of labels) {
    // labels is a set keyed by hash: two values for one key would be applied in hash order.
    if (l.label in out && out[l.label] !== l.value)
      throw new ApplierError(`${where}.labels: label '${l.label}' given twice with different values`);
    out[l.label] = l.value;
  }
  return out;
}

function nonEmptyMap(m: Record<string, string> | undefined): Record<string, string> | undefined {
  return m && Object.keys(m).length ? m : undefined;
}

export class Applier {
  readonly state = new Map<string, ResourceState>();
  private readonly docker: DockerClient;
  private readonly log: (msg: string) => void;
  /** The provider's package-level `creationTime` (container_funcs.go:47): the last start of ANY container. */
  private creationTime: number | undefined;
  private readonly createdImages = new Set<string>();

  private constructor(
    readonly plan: Plan,
    private readonly opts: ApplyOptions,
  ) {
    this.docker = new DockerClient(plan.socketPath);
    this.log = opts.log ?? ((): void => undefined);
  }

  /** Plans (no engine access), then creates everything in dependency order. */
  static async apply(tfJson: object | string, opts: ApplyOptions = {}): Promise<Applier> {
    const workingDir =
      opts.workingDir ?? (typeof tfJson === 'string' ? path.dirname(path.resolve(tfJson)) : undefined);
    const p = plan(tfJson, opts);
    const applier = new Applier(p, { ...opts, workingDir });
    try {
      await applier.runDag(
        p.order,
        (a) => [...(p.resources.get(a)?.deps ?? [])],
        (a) => applier.create(a),
      );
    } catch (e) {
      if (opts.destroyOnFailure === false) throw e;
      try {
        await applier.destroy();
      } catch (cleanup) {
        throw new ApplierError(
          `${(e as Error).message}\n(cleanup after the failed apply also failed: ${(cleanup as Error).message})`,
        );
      }
      throw e;
    }
    return applier;
  }

  /** Destroys in reverse dependency order; idempotent; removes everything it recorded. */
  async destroy(): Promise<void> {
    const addresses = [...this.state.keys()];
    const dependents = (a: string): string[] =>
      addresses.filter((b) => this.plan.resources.get(b)?.deps.has(a));
    const errors: string[] = [];
    await this.runDag(
      [...addresses].reverse(),
      dependents,
      async (a) => {
        try {
          await this.delete(a);
        } catch (e) {
          errors.push(`${a}: ${(e as Error).message}`);
          await this.forceRemove(a).catch((fe: Error) => errors.push(`${a} (forced cleanup): ${fe.message}`));
        }
        this.state.delete(a);
      },
      true,
    );
    if (errors.length)
      throw new ApplierError(`destroy: the provider's delete would have failed:\n${errors.join('\n')}`);
  }

  /** Runs fn over a DAG with bounded parallelism; stops launching after the first failure. */
  private async runDag(
    order: readonly string[],
    depsOf: (a: string) => string[],
    fn: (a: string) => Promise<void>,
    keepGoing = false,
  ): Promise<void> {
    const limit = Math.max(1, this.opts.parallelism ?? 10);
    const done = new Set<string>();
    const failed = new Set<string>();
    const running = new Map<string, Promise<void>>();
    const pending = [...order];
    const inScope = new Set(order);
    let firstError: unknown;
    while (pending.length || running.size) {
      if (firstError === undefined || keepGoing) {
        for (let i = 0; i < pending.length && running.size < limit;) {
          const a = pending[i];
          const deps = depsOf(a).filter((d) => inScope.has(d));
          if (deps.some((d) => failed.has(d))) {
            failed.add(a);
            pending.splice(i, 1);
            continue;
          }
          if (deps.every((d) => done.has(d))) {
            pending.splice(i, 1);
            running.set(
              a,
              fn(a).then(
                () => {
                  done.add(a);
                },
                (e: unknown) => {
                  failed.add(a);
                  if (firstError === undefined) firstError = e;
                },
              ),
            );
          } else i++;
        }
      }
      if (!running.size) break;
      await Promise.race(running.values());
      for (const a of [...running.keys()]) if (done.has(a) || failed.has(a)) running.delete(a);
    }
    if (firstError !== undefined) throw firstError;
  }

  private config(address: string): Record<string, unknown> {
    const r = this.plan.resources.get(address);
    if (!r) throw new ApplierError(`unknown resource ${address}`);
    const resolve: Resolve = (ref) => {
      if (ref.kind === 'var')
        return this.plan.variables.get(ref.name) ?? fail(`${address}: undeclared var.${ref.name}`);
      const target = this.state.get(`${ref.type}.${ref.name}`);
      const v = target?.attrs[ref.attr];
      if (typeof v !== 'string')
        throw new ApplierError(
          `${address}: ${ref.type}.${ref.name}.${ref.attr} is not known (was it created?)`,
        );
      return v;
    };
    return normalize(r.body, block(SCHEMAS[r.type], false), address, resolve) as Record<string, unknown>;
  }

  private record(address: string, id: string, attrs: Record<string, unknown>): ResourceState {
    const r = this.plan.resources.get(address) as PlannedResource;
    const s: ResourceState = { type: r.type, name: r.name, id, attrs };
    this.state.set(address, s);
    return s;
  }

  private async create(address: string): Promise<void> {
    const r = this.plan.resources.get(address) as PlannedResource;
    const cfg = this.config(address);
    this.log(`creating ${address}`);
    const t0 = Date.now();
    switch (r.type) {
      case 'docker_image':
        await this.createImage(address, cfg as unknown as ImageCfg);
        break;
      case 'docker_network':
        await this.createNetwork(address, cfg as unknown as NetworkCfg);
        break;
      case 'docker_volume':
        await this.createVolume(address, cfg as unknown as VolumeCfg);
        break;
      case 'docker_container':
        await this.createContainer(address, cfg as unknown as ContainerCfg);
        break;
      default:
        throw new ApplierError(`resource type '${r.type}' is not implemented`);
    }
    // Postconditions run after the resource is applied and recorded (Terraform keeps it in state).
    for (const pc of r.postconditions) {
      const exit = this.state.get(address)?.attrs.exit_code;
      // exit_code is only set when the container is not running at Read (container_funcs.go:691); null == 0 is false.
      if (exit !== 0)
        throw new ApplierError(
          `${address}: resource postcondition failed: ${pc.message} (self.exit_code = ${exit === undefined ? 'null' : String(exit)})`,
        );
    }
    this.log(`created ${address} in ${Date.now() - t0} ms`);
  }

  private async delete(address: string): Promise<void> {
    const s = this.state.get(address);
    if (!s) return;
    this.log(`destroying ${address}`);
    switch (s.type) {
      case 'docker_image':
        return this.deleteImage(s);
      case 'docker_network':
        return this.deleteNetwork(s);
      case 'docker_volume':
        return this.deleteVolume(s);
      case 'docker_container':
        return this.deleteContainer(s);
    }
  }

  /** Last resort when the provider-faithful delete failed: make sure nothing is left. */
  private async forceRemove(address: string): Promise<void> {
    const s = this.state.get(address);
    if (!s) return;
    const d = this.docker;
    const enc = encodeURIComponent(s.id);
    if (s.type === 'docker_container')
      await d.callOrUndefined('DELETE', `/containers/${enc}`, { query: { force: 1, v: 1 } });
    else if (s.type === 'docker_network') await d.callOrUndefined('DELETE', `/networks/${enc}`);
    else if (s.type === 'docker_volume')
      await d.callOrUndefined('DELETE', `/volumes/${enc}`, { query: { force: 1 } });
    else if (s.type === 'docker_image' && this.createdImages.has(address)) {
      const name = String(s.attrs.name);
      await d.callOrUndefined('DELETE', `/images/${encodeURIComponent(name)}`, { query: { noprune: 1 } });
    }
  }

  // ----- docker_image (resource_docker_image_funcs.go) -----

  private async findImage(name: string): Promise<string> {
    if (!name) throw new ApplierError('empty image name is not allowed');
    const img = await this.docker.callOrUndefined<{ Id: string }>(
      'GET',
      `/images/${encodeURIComponent(name)}/json`,
    );
    if (!img) {
      throw new ApplierError(
        `image ${JSON.stringify(name)} is not present locally; provider 3.6.2 would now pull it (findImage, image_funcs.go:319), which is not possible on this machine`,
      );
    }
    return img.Id;
  }

  private async createImage(address: string, cfg: ImageCfg): Promise<void> {
    if (cfg.build) {
      await this.buildImage(address, cfg.name, cfg.build);
      this.createdImages.add(address);
    }
    const id = await this.findImage(cfg.name);
    // The resource ID is imageID + name (image_funcs.go:84).
    this.record(address, id + cfg.name, { ...cfg, image_id: id, id: id + cfg.name, repo_digest: '' });
  }

  private async buildImage(address: string, name: string, b: NonNullable<ImageCfg['build']>): Promise<void> {
    if (!fs.existsSync(b.context) || !fs.statSync(b.context).isDirectory())
      throw new ApplierError(`${address}.build.context: ${b.context} is not a directory`);
    if (fs.existsSync(path.join(b.context, '.dockerignore'))) {
      throw new ApplierError(
        `${address}.build.context: .dockerignore is honoured by the provider but not implemented by the applier`,
      );
    }
    // docker/cli GetContextFromLocalDir resolves a relative -f against the process CWD, i.e.
    // Terraform's working directory; if nothing is there the error is swallowed
    // (prepareBuildContext, image_funcs.go:468-480) and the name is used inside the context.
    let dockerfile = b.dockerfile;
    if (path.isAbsolute(dockerfile)) {
      const rel = path.relative(b.context, dockerfile);
      if (rel.startsWith('..') || path.isAbsolute(rel))
        throw new ApplierError(
          `${address}.build.dockerfile: a Dockerfile outside the context is not implemented by the applier`,
        );
      dockerfile = rel;
    } else if (this.opts.workingDir && fs.existsSync(path.join(this.opts.workingDir, dockerfile))) {
      throw new ApplierError(
        `${address}.build.dockerfile: ${path.join(this.opts.workingDir, dockerfile)} exists in Terraform's working directory; the provider would build with that file, not the one in the context; use an absolute path`,
      );
    }
    if (!fs.existsSync(path.join(b.context, dockerfile)))
      throw new ApplierError(
        `${address}.build.dockerfile: ${path.join(b.context, dockerfile)} does not exist`,
      );
    const tar = await runCapture('tar', [
      '--numeric-owner',
      '--owner=0',
      '--group=0',
      '-c',
      '-C',
      b.context,
      '.',
    ]);
    const tags = [name, ...(b.tag ?? [])];
    const query: Record<string, string | string[] | undefined> = {
      t: tags,
      dockerfile,
      rm: '1', // build.remove defaults to true
      // enableBuildKitIfSupported (image_funcs.go:432): API >= 1.39 always builds with BuildKit.
      version: '2',
      buildargs: b.build_args && Object.keys(b.build_args).length ? JSON.stringify(b.build_args) : undefined,
      labels: b.labels && Object.keys(b.labels).length ? JSON.stringify(b.labels) : undefined,
      networkmode: b.network_mode || undefined,
    };
    let buf = '';
    const errors: string[] = [];
    const res = await this.docker.request('POST', '/build', {
      query,
      body: tar,
      contentType: 'application/x-tar',
      onData: (chunk) => {
        buf += chunk.toString('utf8');
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl).trim();
          buf = buf.slice(nl + 1);
          if (!line) continue;
          try {
            const m = JSON.parse(line) as { error?: string; errorDetail?: { message?: string } };
            if (m.error || m.errorDetail) errors.push(m.error ?? m.errorDetail?.message ?? line);
          } catch {
            // partial or non-JSON line: ignore, as jsonmessage decoding would fail loudly below
          }
        }
      },
    });
    if (res.status >= 400)
      throw new ApplierError(`${address}: Error running legacy build: ${res.body.toString('utf8').trim()}`);
    if (errors.length)
      throw new ApplierError(
        `${address}: Error running legacy build: unable to build image\n${errors.join('\n')}`,
      );
    this.log(`built ${tags.join(', ')}`);
  }

  private async deleteImage(s: ResourceState): Promise<void> {
    // removeImage (image_funcs.go:163): nothing if keep_locally; else ImageRemove(name) only —
    // extra build.tag tags are left behind. Go's client sends noprune=1 (PruneChildren=false).
    if (s.attrs.keep_locally === true) return;
    const name = String(s.attrs.name);
    const found = await this.docker.callOrUndefined('GET', `/images/${encodeURIComponent(name)}/json`);
    if (!found) return;
    await this.docker.call('DELETE', `/images/${encodeURIComponent(name)}`, { query: { noprune: 1 } });
  }

  // ----- docker_network (resource_docker_network_funcs.go) -----

  private async createNetwork(address: string, cfg: NetworkCfg): Promise<void> {
    const body = {
      Name: cfg.name,
      Driver: cfg.driver || undefined,
      Options: nonEmptyMap(cfg.options),
      Internal: cfg.internal || undefined,
      Attachable: cfg.attachable || undefined,
      Labels: labelMap(cfg.labels, address),
      // ipam_driver defaults to "default", and GetOk sees the default (network_funcs.go:53).
      IPAM: { Driver: 'default' },
    };
    const res = await this.docker
      .call<{ Id: string }>('POST', '/networks/create', { body })
      .catch((e: Error) => {
        throw new ApplierError(`${address}: Unable to create network: ${e.message}`);
      });
    this.record(address, res.Id, { ...cfg, id: res.Id });
    const inspected = await this.docker.call<{ Name: string }>('GET', `/networks/${res.Id}`);
    this.record(address, res.Id, { ...cfg, id: res.Id, name: inspected.Name });
  }

  private async deleteNetwork(s: ResourceState): Promise<void> {
    // Retries while "has active endpoints", 30 s (network_funcs.go:101).
    const deadline = Date.now() + 30_000;
    for (;;) {
      const found = await this.docker.callOrUndefined('GET', `/networks/${encodeURIComponent(s.id)}`);
      if (!found) return;
      try {
        await this.docker.call('DELETE', `/networks/${encodeURIComponent(s.id)}`);
        return;
      } catch (e) {
        if (!ignorable(e, 'has active endpoints') || Date.now() > deadline) throw e;
        await sleep(1000);
      }
    }
  }

  // ----- docker_volume (resource_docker_volume.go) -----

  private async createVolume(address: string, cfg: VolumeCfg): Promise<void> {
    const res = await this.docker.call<{ Name: string; Mountpoint: string; Driver: string }>(
      'POST',
      '/volumes/create',
      {
        body: {
          Name: cfg.name || undefined,
          Driver: cfg.driver || undefined,
          Labels: labelMap(cfg.labels, address),
        },
      },
    );
    this.record(address, res.Name, {
      ...cfg,
      id: res.Name,
      name: res.Name,
      driver: res.Driver,
      mountpoint: res.Mountpoint,
    });
  }

  private async deleteVolume(s: ResourceState): Promise<void> {
    // Force remove, retrying while "volume is in use", 30 s (resource_docker_volume.go:136).
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await this.docker.call('DELETE', `/volumes/${encodeURIComponent(s.id)}`, { query: { force: 1 } });
        return;
      } catch (e) {
        if (!ignorable(e, 'volume is in use') || Date.now() > deadline) throw e;
        await sleep(1000);
      }
    }
  }

  // ----- docker_container (resource_docker_container_funcs.go) -----

  private async createContainer(address: string, c: ContainerCfg): Promise<void> {
    await this.findImage(c.image).catch((e: Error) => {
      throw new ApplierError(`${address}: Unable to create container with image ${c.image}: ${e.message}`);
    });
    if (c.command?.some((v) => v === ''))
      throw new ApplierError(`${address}: values for command may not be empty`);
    const env = c.env?.length ? c.env : undefined;
    if (env) {
      const seen = new Map<string, string>();
      for (const e of env) {
        const k = e.split('=')[0];
        if (seen.has(k) && seen.get(k) !== e)
          throw new ApplierError(
            `${address}.env: ${k} given twice with different values (env is a set; the order would be the set's hash order)`,
          );
        seen.set(k, e);
      }
    }
    const exposed: Record<string, object> = {};
    const bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
    for (const p of c.ports ?? []) {
      // portSetToDockerPorts (container_structures.go:138): an unset external reads as 0 -> HostPort "0" (random).
      const key = `${p.internal}/${p.protocol}`;
      exposed[key] = {};
      (bindings[key] ??= []).push({ HostIp: p.ip, HostPort: String(p.external ?? 0) });
    }
    const volumes: Record<string, object> = {};
    const binds: string[] = [];
    for (const v of c.volumes ?? []) {
      // volumeSetToDockerVolumes (container_structures.go:199).
      const containerPath = v.container_path ?? '';
      const volumeName = v.volume_name || v.host_path || '';
      if (!containerPath)
        throw new ApplierError(
          `${address}: Unable to parse volumes: volume entry without container path or source container`,
        );
      volumes[containerPath] = {};
      if (volumeName) binds.push(`${volumeName}:${containerPath}:${v.read_only ? 'ro' : 'rw'}`);
    }
    let healthcheck: object | undefined;
    if (c.healthcheck) {
      healthcheck = {
        Test: c.healthcheck.test,
        Interval: parseGoDuration(c.healthcheck.interval),
        Timeout: parseGoDuration(c.healthcheck.timeout),
        StartPeriod: parseGoDuration(c.healthcheck.start_period),
        Retries: c.healthcheck.retries,
      };
    }
    const config = {
      Image: c.image,
      Hostname: c.hostname || undefined,
      Tty: false,
      OpenStdin: false,
      StopSignal: c.stop_signal || undefined,
      // d.GetOk: 0 counts as unset.
      StopTimeout: c.stop_timeout ? c.stop_timeout : undefined,
      Env: env,
      Cmd: c.command?.length ? c.command : undefined,
      Entrypoint: c.entrypoint?.length ? c.entrypoint : undefined,
      User: c.user || undefined,
      ExposedPorts: Object.keys(exposed).length ? exposed : undefined,
      WorkingDir: c.working_dir || undefined,
      Volumes: Object.keys(volumes).length ? volumes : undefined,
      Labels: labelMap(c.labels, address),
      Healthcheck: healthcheck,
      HostConfig: {
        Privileged: false,
        PublishAllPorts: false,
        RestartPolicy: { Name: c.restart, MaximumRetryCount: c.max_retry_count ?? 0 },
        Mounts: [],
        AutoRemove: c.rm,
        ReadonlyRootfs: false,
        LogConfig: { Type: c.log_driver ?? '', Config: nonEmptyMap(c.log_opts) },
        Tmpfs: nonEmptyMap(c.tmpfs),
        PortBindings: Object.keys(bindings).length ? bindings : undefined,
        Binds: binds.length ? binds : undefined,
        GroupAdd: c.group_add?.length ? c.group_add : undefined,
        // init is Optional+Computed without a default: unset sends Init=false (container_funcs.go:411).
        Init: c.init ?? false,
        NetworkMode: 'bridge',
      },
    };
    let created: { Id: string };
    try {
      created = await this.docker.call<{ Id: string }>('POST', '/containers/create', {
        query: { name: c.name },
        body: config,
      });
    } catch (e) {
      throw new ApplierError(`${address}: Unable to create container: ${(e as Error).message}`);
    }
    const id = created.Id;
    // d.SetId right after create: from here a failure leaves the container in state (tainted).
    const st = this.record(address, id, { ...c, id });
    const enc = encodeURIComponent(id);

    if (c.networks_advanced?.length) {
      try {
        await this.docker.call('POST', '/networks/bridge/disconnect', {
          body: { Container: id, Force: false },
        });
      } catch (e) {
        if (!ignorable(e, 'is not connected to the network bridge'))
          throw new ApplierError(
            `${address}: Unable to disconnect the default network: ${(e as Error).message}`,
          );
      }
      for (const n of c.networks_advanced) {
        try {
          await this.docker.call('POST', `/networks/${encodeURIComponent(n.name)}/connect`, {
            body: {
              Container: id,
              EndpointConfig: { Aliases: n.aliases?.length ? n.aliases : undefined, IPAMConfig: {} },
            },
          });
        } catch (e) {
          throw new ApplierError(
            `${address}: Unable to connect to network '${n.name}': ${(e as Error).message}`,
          );
        }
      }
    }

    for (const u of c.upload ?? []) {
      const set = [u.content, u.content_base64].filter((v) => v !== undefined && v !== '').length;
      if (set === 0)
        throw new ApplierError(
          `${address}: error with upload content: one of 'content', 'content_base64', or 'source' must be set`,
        );
      if (set > 1)
        throw new ApplierError(
          `${address}: error with upload content: only one of 'content', 'content_base64', or 'source' can be set`,
        );
      const data = u.content ? Buffer.from(u.content, 'utf8') : Buffer.from(u.content_base64 ?? '', 'base64');
      const mode = u.permissions ? parseInt(u.permissions, 8) : u.executable ? 0o744 : 0o644;
      try {
        await this.docker.call('PUT', `/containers/${enc}/archive`, {
          query: { path: '/' },
          body: ustarSingleFile(u.file, data, mode),
          contentType: 'application/x-tar',
        });
      } catch (e) {
        throw new ApplierError(`${address}: Unable to upload volume content: ${(e as Error).message}`);
      }
    }

    if (c.start) {
      this.creationTime = Date.now();
      try {
        await this.docker.call('POST', `/containers/${enc}/start`);
      } catch (e) {
        throw new ApplierError(`${address}: Unable to start container: ${(e as Error).message}`);
      }
      if (c.wait) await this.waitHealthy(address, enc, c.wait_timeout);
    }

    if (c.attach) {
      let logs: Promise<Buffer> | undefined;
      if (c.logs) {
        logs = this.docker
          .request('GET', `/containers/${enc}/logs`, { query: { stdout: 1, stderr: 1, follow: 1 } })
          .then((r) => r.body);
      }
      const timeoutMs = this.opts.attachTimeoutMs ?? 20 * 60_000;
      try {
        await this.docker.call('POST', `/containers/${enc}/wait`, {
          query: { condition: 'not-running' },
          timeoutMs,
        });
      } catch (e) {
        throw new ApplierError(
          `${address}: Unable to wait container end of execution: ${(e as Error).message}`,
        );
      }
      if (logs) st.attrs.container_logs = scannerLines(await logs, address);
    }

    await this.readContainer(address, st, c);
  }

  private async waitHealthy(address: string, enc: string, timeoutSeconds: number): Promise<void> {
    const deadline = Date.now() + timeoutSeconds * 1000;
    for (;;) {
      const info = await this.docker.call<ContainerInspect>('GET', `/containers/${enc}/json`);
      if (!info.State?.Health) {
        throw new ApplierError(
          `${address}: you have supplied a 'wait' argument, but the container does not have a healthcheck defined. Please remove the 'wait' argument or add a 'healthcheck' attribute`,
        );
      }
      // "unhealthy" is not a failure: keep polling until the deadline.
      if (info.State.Health.Status === 'healthy') return;
      if (Date.now() + 1000 > deadline) {
        await sleep(Math.max(0, deadline - Date.now()));
        throw new ApplierError(
          `${address}: container failed to be in healthy state (last status ${info.State.Health.Status} after ${timeoutSeconds}s)`,
        );
      }
      await sleep(1000);
    }
  }

  /** resourceDockerContainerRead right after Create (container_funcs.go:634). */
  private async readContainer(address: string, st: ResourceState, c: ContainerCfg): Promise<void> {
    const enc = encodeURIComponent(st.id);
    const list = await this.docker.call<Array<{ Id: string }>>('GET', '/containers/json', {
      query: { all: 1 },
    });
    if (!list.some((x) => x.Id === st.id)) {
      this.state.delete(address);
      throw new ApplierError(
        `${address}: the container no longer exists after create (rm=true?); the provider drops it from state and Terraform fails with "Provider produced inconsistent result after apply"`,
      );
    }
    await sleep(100); // StateChangeConf Delay
    const info = await this.docker.call<ContainerInspect>('GET', `/containers/${enc}/json`);
    const running = info.State.Running;
    if (!running && c.must_run) {
      // Docker reports nanoseconds; Date.parse wants at most milliseconds.
      const finished = Date.parse(info.State.FinishedAt.replace(/(\.\d{3})\d*/, '$1'));
      if (this.creationTime === undefined) {
        await this.deleteContainer(st);
        this.state.delete(address);
        throw new ApplierError(
          `${address}: not running and must_run=true with no container started in this run: the provider deletes it and returns no error (state loses it); not implemented`,
        );
      }
      const why =
        finished > this.creationTime
          ? 'container exited immediately'
          : 'container failed to be in running state';
      await this.deleteContainer(st);
      this.state.delete(address);
      throw new ApplierError(`${address}: ${why} (exit code ${info.State.ExitCode})`);
    }
    if (!running) st.attrs.exit_code = info.State.ExitCode;
    st.attrs.name = info.Name.replace(/^\/+/, '');
    const ports: Array<{ internal: number; external: number; ip: string; protocol: string }> = [];
    for (const [key, bs] of Object.entries(info.NetworkSettings?.Ports ?? {})) {
      const [internal, protocol] = key.split('/');
      for (const b of bs ?? [])
        ports.push({ internal: Number(internal), external: Number(b.HostPort), ip: b.HostIp, protocol });
    }
    if (ports.length) st.attrs.ports = ports;
    st.attrs.network_data = Object.entries(info.NetworkSettings?.Networks ?? {}).map(([n, v]) => ({
      network_name: n,
      ip_address: v.IPAddress,
      gateway: v.Gateway,
    }));
  }

  private async deleteContainer(s: ResourceState): Promise<void> {
    const enc = encodeURIComponent(s.id);
    // Terraform refreshes before destroying: a container that is gone just leaves state.
    const exists = await this.docker.callOrUndefined('GET', `/containers/${enc}/json`);
    if (!exists) return;
    const rm = s.attrs.rm === true;
    if (s.attrs.attach !== true) {
      // Stop with destroy_grace_seconds, else 0 s (container_funcs.go:936).
      const grace =
        typeof s.attrs.destroy_grace_seconds === 'number' && s.attrs.destroy_grace_seconds > 0
          ? s.attrs.destroy_grace_seconds
          : 0;
      try {
        await this.docker.call('POST', `/containers/${enc}/stop`, { query: { t: grace } });
      } catch (e) {
        throw new ApplierError(`Error stopping container ${s.id}: ${(e as Error).message}`);
      }
    }
    try {
      // RemoveLinks = rm (container_funcs.go:947): link=1 makes the daemon remove a *link*, which fails
      // with "cannot remove the default link name" while the container still exists.
      await this.docker.call('DELETE', `/containers/${enc}`, {
        query: { v: 1, force: 1, link: rm ? 1 : undefined },
      });
    } catch (e) {
      if (!ignorable(e, 'No such container', 'is already in progress'))
        throw new ApplierError(`Error deleting container ${s.id}: ${(e as Error).message}`);
    }
    try {
      await this.docker.call('POST', `/containers/${enc}/wait`, {
        query: { condition: rm ? 'removed' : 'not-running' },
        timeoutMs: 60_000,
      });
    } catch (e) {
      if (!ignorable(e, 'No such container', 'is already in progress'))
        throw new ApplierError(`Error waiting for container removal '${s.id}': ${(e as Error).message}`);
    }
  }
}

/** What bufio.Scanner makes of the raw (multiplexed) log stream (container_funcs.go:600): lines + "\n". */
function scannerLines(raw: Buffer, address: string): string {
  const text = raw.toString('latin1');
  if (!text) return '';
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let out = '';
  for (const l of lines) {
    if (l.length > 64 * 1024)
      throw new ApplierError(
        `${address}: a log line longer than 64 KiB makes provider 3.6.2 call log.Fatal (bufio.Scanner: token too long)`,
      );
    out += l.replace(/\r$/, '') + '\n';
  }
  return Buffer.from(out, 'latin1').toString('utf8');
}

function runCapture(cmd: string, args: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    p.stdout.on('data', (c: Buffer) => out.push(c));
    p.stderr.on('data', (c: Buffer) => err.push(c));
    p.on('error', reject);
    p.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else
        reject(
          new ApplierError(
            `${cmd} ${args.join(' ')} failed (${code}): ${Buffer.concat(err).toString('utf8')}`,
          ),
        );
    });
  });
}

export { DockerApiError, DockerClient };
