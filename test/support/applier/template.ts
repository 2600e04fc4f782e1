// Terraform string templates: `${var.x}`, `${docker_T.n.attr}`, `$${` and `%%{` escapes;
// nothing else, so an expression the applier cannot evaluate is refused, not passed through.
import { ApplierError } from './types';

export type Ref =
  | { readonly kind: 'var'; readonly name: string }
  | { readonly kind: 'res'; readonly type: string; readonly name: string; readonly attr: string };

export interface Template {
  readonly kind: 'tpl';
  readonly parts: ReadonlyArray<string | Ref>;
}

export const IDENT = '[A-Za-z_][A-Za-z0-9_-]*';
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

export function isTemplate(v: unknown): v is Template {
  return (
    typeof v === 'object' &&
    v !== null &&
    (v as Template).kind === 'tpl' &&
    Array.isArray((v as Template).parts)
  );
}

/** Unescapes a string that must not contain interpolations (object keys, error messages). */
export function literalOnly(src: string, where: string): string {
  const t = parseTemplate(src, where);
  if (t.parts.some((p) => typeof p !== 'string'))
    throw new ApplierError(`${where}: interpolation is not supported here: ${JSON.stringify(src)}`);
  return t.parts.join('');
}
