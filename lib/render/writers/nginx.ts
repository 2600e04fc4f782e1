import { RenderError, rejectControl } from '../../core/errors';
import { mapLiterals, withoutSecrets } from '../../core/markers';

const BARE = /^[A-Za-z0-9_.:/@+=,*!^~%-]+$/;

/**
 * Quotes one nginx argument. Whitespace, `;`, `{`, `}`, `#` and quotes need quoting; inside
 * double quotes `\"` and `\\` are escapes. `$` starts a variable in most directives and has no
 * escape, so a literal `$` is rejected; use {@link nginxVariable} for wsgiform's own variables.
 */
export function nginxArg(what: string, value: string): string {
  rejectControl(what, value);
  const plain = withoutSecrets(value);
  if (plain.includes('$')) {
    throw new RenderError(what, value, "nginx reads '$' as a variable and has no escape for it; remove it");
  }
  if (plain.length > 0 && BARE.test(plain)) return value;
  return `"${mapLiterals(value, (s) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"'))}"`;
}

/** An argument made of wsgiform's own text and nginx variables (`$host:$server_port`): not quoted. */
export function nginxVariable(text: string): string {
  if (!/^[A-Za-z0-9_.:/$"'=-]+$/.test(text))
    throw new RenderError('nginx expression', text, 'internal: unexpected characters');
  return text;
}

/** Builds nginx configuration: `name args;` directives and `name args { … }` blocks. */
export class NginxWriter {
  private readonly lines: string[] = [];

  constructor(private readonly indent = '') {}

  comment(text: string): this {
    rejectControl('comment', text);
    this.lines.push(`${this.indent}# ${text}`);
    return this;
  }

  directive(name: string, ...args: string[]): this {
    return this.raw(
      name,
      args.map((a) => nginxArg(name, a)),
    );
  }

  /** A directive whose arguments are already quoted or built by {@link nginxVariable}. */
  raw(name: string, quoted: string[]): this {
    if (name !== 'default' && !name.startsWith('"~')) checkName(name);
    this.lines.push(`${this.indent}${[name, ...quoted].join(' ')};`);
    return this;
  }

  block(name: string, args: string[], body: (w: NginxWriter) => void): this {
    return this.rawBlock(
      name,
      args.map((a) => nginxArg(name, a)),
      body,
    );
  }

  /** A block whose arguments are already quoted or built by {@link nginxVariable}. */
  rawBlock(name: string, quoted: string[], body: (w: NginxWriter) => void): this {
    checkName(name);
    const inner = new NginxWriter(`${this.indent}  `);
    body(inner);
    const head = [name, ...quoted].join(' ');
    this.lines.push(`${this.indent}${head} {`, ...inner.lines, `${this.indent}}`);
    return this;
  }

  toString(): string {
    return this.lines.join('\n') + '\n';
  }
}

function checkName(name: string): void {
  if (!/^[a-z_][a-z0-9_]*$/.test(name))
    throw new RenderError('nginx directive', name, 'nginx directives are lower-case words');
}
