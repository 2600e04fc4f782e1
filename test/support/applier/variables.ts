// `variable` blocks and their validations: exactly `${can(regex("<re>", var.<name>))}`,
// with the RE2 pattern translated only where JavaScript means the same.
import { asArray, asObject } from './json';
import { IDENT, literalOnly } from './template';
import { ApplierError } from './types';

export interface VariableDecl {
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

export function parseVariable(name: string, raw: unknown): VariableDecl {
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
