import { RenderError, rejectControl } from '../../core/errors';
import { mapLiterals, withoutSecrets } from '../../core/markers';

const BARE = /^[A-Za-z0-9_.:/@+=,%{}()[\]!<>-]+$/;

/**
 * Quotes one HAProxy argument.
 *
 * HAProxy expands `$VAR` / `${VAR}` outside single quotes, treats `#` as a comment and `\` as an
 * escape. Single quotes disable all of that and have no escape of their own, so a value that
 * contains `'` cannot be written and is rejected.
 */
export function haproxyArg(what: string, value: string): string {
  rejectControl(what, value);
  const plain = withoutSecrets(value);
  if (plain.length > 0 && BARE.test(plain)) return value;
  if (plain.includes("'")) {
    throw new RenderError(
      what,
      value,
      "HAProxy cannot hold a single quote next to spaces or $; remove the '",
    );
  }
  return `'${value}'`;
}

/**
 * A log-format argument (header values of `http-request set-header`, `http-check send hdr`):
 * `%` starts a variable there, so literal percent signs are doubled.
 */
export function haproxyLogFormat(what: string, value: string): string {
  return haproxyArg(
    what,
    mapLiterals(value, (s) => s.replace(/%/g, '%%')),
  );
}

/** Builds haproxy.cfg: top-level sections with indented keyword lines. */
export class HaproxyWriter {
  private readonly lines: string[] = [];

  comment(text: string): this {
    rejectControl('comment', text);
    this.lines.push(`# ${text}`);
    return this;
  }

  section(keyword: string, args: string[], body: (s: HaproxySection) => void): this {
    const s = new HaproxySection();
    body(s);
    if (this.lines.length > 0) this.lines.push('');
    this.lines.push([keyword, ...args.map((a) => haproxyArg(keyword, a))].join(' '), ...s.lines);
    return this;
  }

  toString(): string {
    return this.lines.join('\n') + '\n';
  }
}

export class HaproxySection {
  readonly lines: string[] = [];

  /** A keyword line; every argument is quoted by {@link haproxyArg}. */
  line(...words: string[]): this {
    if (words.length === 0 || !/^[a-z][a-z0-9_.-]*$/.test(words[0])) {
      throw new RenderError('keyword', words[0] ?? '', 'HAProxy keywords are lower-case words');
    }
    this.lines.push('  ' + words.map((w) => haproxyArg(words[0], w)).join(' '));
    return this;
  }

  /** A line whose arguments are already quoted (built with haproxyArg / haproxyLogFormat). */
  quotedLine(keyword: string, ...quoted: string[]): this {
    this.lines.push('  ' + [keyword, ...quoted].join(' '));
    return this;
  }

  comment(text: string): this {
    rejectControl('comment', text);
    this.lines.push(`  # ${text}`);
    return this;
  }
}
