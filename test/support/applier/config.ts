// plan(): parses and validates a whole cdk.tf.json without touching the engine — top-level
// blocks, terraform/provider pins, variables, resources and meta-arguments — refusing the rest.
import * as fs from 'fs';
import { collectRefs, topoOrder } from './graph';
import { asArray, asObject, hasOwn } from './json';
import { normalize, RawNode, toRawNode, UNKNOWN } from './normalize';
import { block, SCHEMAS } from './schema';
import { literalOnly, parseTemplate } from './template';
import { ApplierError, ApplyOptions, fail } from './types';
import { parseVariable, VariableDecl } from './variables';

/** Attributes other resources may reference, per type. */
const REFERENCEABLE: Record<string, readonly string[]> = {
  docker_image: ['image_id', 'name', 'id'],
  docker_network: ['name', 'id'],
  docker_volume: ['name', 'id'],
  docker_container: ['name', 'id'],
};

export interface PlannedResource {
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

function socketFromEnv(): string | undefined {
  const h = process.env.DOCKER_HOST;
  return h && h.startsWith('unix://') ? h.slice('unix://'.length) : undefined;
}
