import { RenderError, rejectControl } from '../../core/errors';
import { mapLiterals, withoutSecrets } from '../../core/markers';

/** Characters Apache reads as one bare word (no quoting needed, nothing expanded). */
const BARE = /^[A-Za-z0-9_.:/%{}@+=,*^!|()[\]-]+$/;

/**
 * Quotes one Apache directive argument.
 *
 * Apache splits arguments with `ap_getword_conf`: whitespace separates, double quotes group,
 * and inside quotes `\"` and `\\` are the only escapes. `${NAME}` is expanded as a `Define`
 * anywhere on a line, so it is rejected rather than quoted.
 */
export function apacheArg(what: string, value: string): string {
  rejectControl(what, value);
  const plain = withoutSecrets(value);
  if (plain.includes('${')) {
    throw new RenderError(what, value, 'Apache expands ${...} as a Define variable; remove the "${"');
  }
  if (plain.length > 0 && BARE.test(plain)) return value;
  return `"${mapLiterals(value, (s) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"'))}"`;
}

/** Builds Apache configuration text: directives, nested sections, comments. */
export class ApacheWriter {
  private readonly lines: string[] = [];

  constructor(private readonly indent = '') {}

  comment(text: string): this {
    for (const line of text.split('\n')) {
      rejectControl('comment', line);
      this.lines.push(`${this.indent}# ${line}`.trimEnd());
    }
    return this;
  }

  blank(): this {
    this.lines.push('');
    return this;
  }

  directive(name: string, ...args: string[]): this {
    checkName(name);
    const quoted = args.map((a) => apacheArg(name, a));
    this.lines.push([`${this.indent}${name}`, ...quoted].join(' '));
    return this;
  }

  /** `<Name args>` … `</Name>`. */
  block(name: string, args: string[], body: (w: ApacheWriter) => void): this {
    checkName(name);
    const inner = new ApacheWriter(`${this.indent}  `);
    body(inner);
    const head = [name, ...args.map((a) => apacheArg(name, a))].join(' ');
    this.lines.push(`${this.indent}<${head}>`, ...inner.lines, `${this.indent}</${name}>`);
    return this;
  }

  /**
   * Unchecked text, for the operator's escape hatch. Only NUL is refused here; Apache's own
   * checker (`apache2 -t`) is the judge of the rest.
   */
  raw(what: string, text: string): this {
    if (text.includes('\u0000')) throw new RenderError(what, text, 'contains a NUL byte; remove it');
    for (const line of text.replace(/\n$/, '').split('\n')) this.lines.push(`${this.indent}${line}`);
    return this;
  }

  toString(): string {
    return this.lines.join('\n') + '\n';
  }
}

function checkName(name: string): void {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) {
    throw new RenderError('directive', name, 'Apache directive names are letters, digits and _');
  }
}
