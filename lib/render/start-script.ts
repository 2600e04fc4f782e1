import { RUN_DIR, START_SCRIPT, type RenderedFile } from '../core/layout';
import { ShellWriter, shellCommand, shellWord } from './writers/shell';

/** What a container's start script does before it hands PID 1 to the server. */
export interface StartScript {
  readonly origin: string;
  /** Files whose group must be set at start (uploads are root-owned). */
  readonly files: readonly RenderedFile[];
  /**
   * Files a previous run may have left behind that must not outlive it: a killed server's pid
   * file (which would stop the next start) and a health switch (oslo disable-by-file).
   */
  readonly staleFiles: readonly string[];
  /** Commands run as root before anything else (directories the server needs). */
  readonly prepare?: readonly (readonly string[])[];
  /** A one-time initialization, skipped once `unless` exists (a database's data directory). */
  readonly initialize?: { readonly unless: string; readonly argv: readonly string[] };
  /** Process environment of the server. */
  readonly env: Readonly<Record<string, string>>;
  /** The server, run with `exec` so it is PID 1 and gets Docker's SIGTERM. */
  readonly exec: readonly string[];
}

/**
 * `wsgiform-start`: the container's command. Docker restarts a crashed container with its
 * filesystem as it was, so a stale pid file or WSGI socket from the killed process is still
 * there (kolla bugs #1489676, #1557036); the script clears the runtime directory first.
 */
export function renderStartScript(s: StartScript): RenderedFile {
  const w = new ShellWriter();
  w.comment(`Rendered by wsgiform for ${s.origin}. Do not edit: change the construct's props.`);
  w.code(`rm -rf ${RUN_DIR}`);
  w.code(`mkdir -p ${RUN_DIR}`);
  for (const f of s.staleFiles) w.run('rm', '-f', f);
  for (const argv of s.prepare ?? []) w.run(...argv);
  grantGroups(w, s.files);
  if (s.initialize) {
    w.code(`if [ ! -e ${shellWord('initialize.unless', s.initialize.unless)} ]; then`);
    w.code(`  ${shellCommand('initialize', s.initialize.argv)}`);
    w.code('fi');
  }
  for (const [k, v] of Object.entries(s.env)) w.export(k, v);
  w.exec(...s.exec);
  return { path: START_SCRIPT, content: w.toString(), mode: 0o755 };
}

/** Hands root-owned uploads to the group that must read them (uploads cannot set an owner). */
export function grantGroups(w: ShellWriter, files: readonly RenderedFile[]): void {
  for (const f of files) {
    if (f.group) {
      w.run('chgrp', f.group, f.path);
      w.run('chmod', f.mode.toString(8).padStart(4, '0'), f.path);
    }
  }
}

/** `setpriv` runs a command as another user without a parent process in between. */
export function asUser(user: string, group: string, argv: readonly string[]): string[] {
  return ['setpriv', `--reuid=${user}`, `--regid=${group}`, '--init-groups', '--', ...argv];
}
