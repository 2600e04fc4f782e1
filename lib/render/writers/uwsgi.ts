import { RenderError, rejectControl } from '../../core/errors';
import { mapLiterals, withoutSecrets } from '../../core/markers';

/**
 * One value of a uWSGI ini file. uWSGI expands `$(NAME)` from the environment, `@(path)` from a
 * file and `%x` / `%(name)` magic variables anywhere in a value; `%%` is a literal `%`, the
 * other two have no escape and are rejected. Surrounding whitespace is stripped by the parser.
 */
export function uwsgiValue(what: string, value: string): string {
  rejectControl(what, value);
  const plain = withoutSecrets(value);
  if (/\$\(|@\(/.test(plain)) {
    throw new RenderError(what, value, 'uWSGI expands $(...) and @(...) in ini values; remove them');
  }
  if (/^\s|\s$/.test(plain))
    throw new RenderError(what, value, 'uWSGI strips leading and trailing whitespace; remove it');
  return mapLiterals(value, (s) => s.replace(/%/g, '%%'));
}

/** A `[uwsgi]` section: options in order, repeatable (`env`, `plugins`, `route-user-agent`). */
export class UwsgiIniWriter {
  private readonly lines: string[] = ['[uwsgi]'];

  constructor(header?: string) {
    if (header) {
      rejectControl('comment', header);
      this.lines.unshift(`; ${header}`);
    }
  }

  option(key: string, value: string | number | boolean): this {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(key)) {
      throw new RenderError('uWSGI option', key, 'uWSGI options are lower-case words joined by -');
    }
    this.lines.push(`${key} = ${uwsgiValue(key, String(value))}`);
    return this;
  }

  toString(): string {
    return this.lines.join('\n') + '\n';
  }
}
