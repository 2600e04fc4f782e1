// Walks a resource body against its schema, as Terraform would convert and default it; at
// plan time references are UNKNOWN, so only the shape is checked before the engine is touched.
import { hasOwn } from './json';
import { Spec } from './schema';
import { isTemplate, parseTemplate, literalOnly, Ref, Template } from './template';
import { ApplierError } from './types';

/** Placeholder for a value only known at apply time. */
export const UNKNOWN: unique symbol = Symbol('unknown');
type Scalar = string | typeof UNKNOWN;

export type RawNode = string | number | boolean | null | Template | RawNode[] | { [k: string]: RawNode };

/** Converts parsed JSON into a tree whose strings are parsed templates. */
export function toRawNode(v: unknown, where: string): RawNode {
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

export type Resolve = (ref: Ref) => Scalar;

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
export function normalize(node: RawNode | undefined, spec: Spec, where: string, resolve: Resolve): unknown {
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
