import { RenderError, rejectControl } from '../../core/errors';
import { mapLiterals } from '../../core/markers';

/** One POSIX sh word: single-quoted unless it is plainly safe; `'` becomes `'\''`. */
export function shellWord(what: string, value: string): string {
  rejectControl(what, value);
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(value)) return value;
  return `'${mapLiterals(value, (s) => s.replace(/'/g, `'\\''`))}'`;
}

/** A command line: every argument quoted as one word. */
export function shellCommand(what: string, argv: readonly string[]): string {
  if (argv.length === 0) throw new RenderError(what, '', 'a command needs at least the program');
  return argv.map((a) => shellWord(what, a)).join(' ');
}

/** Builds a `#!/bin/sh` script with `set -eu`; lines are added as quoted commands. */
export class ShellWriter {
  private readonly lines: string[] = ['#!/bin/sh', 'set -eu'];

  comment(text: string): this {
    rejectControl('comment', text);
    this.lines.push(`# ${text}`);
    return this;
  }

  /** A command whose every argument is quoted. */
  run(...argv: string[]): this {
    this.lines.push(shellCommand(argv[0] ?? 'command', argv));
    return this;
  }

  /** `export NAME=value`. */
  export(name: string, value: string): this {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new RenderError(
        'environment variable',
        name,
        'names are letters, digits and _, not starting with a digit',
      );
    }
    this.lines.push(`export ${name}=${shellWord(name, value)}`);
    return this;
  }

  /**
   * Shell syntax written by this project itself (control flow, redirections). Never pass
   * operator input here: quote it with {@link shellWord} first.
   */
  code(text: string): this {
    this.lines.push(text);
    return this;
  }

  /** `exec` the long-running program so it is PID 1 and receives SIGTERM directly. */
  exec(...argv: string[]): this {
    this.lines.push(`exec ${shellCommand(argv[0] ?? 'exec', argv)}`);
    return this;
  }

  toString(): string {
    return this.lines.join('\n') + '\n';
  }
}
