import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LandedFile } from './rendered-files';

/**
 * Runs `command` (sh -c, 50 s at most) in `wsgiform/<image>:latest` without a network, with
 * `files` mounted read-only at their real paths (copied under `workDir`). A missing image or
 * engine fails the caller: scripts/provision.sh builds the images.
 */
export function runInImage(
  workDir: string,
  image: string,
  files: readonly LandedFile[],
  command: string,
): { status: number | null; output: string } {
  const dir = mkdtempSync(join(workDir, `${image}-`));
  const mounts: string[] = [];
  for (const f of files) {
    const host = join(dir, f.path);
    mkdirSync(dirname(host), { recursive: true });
    writeFileSync(host, f.content);
    mounts.push('-v', `${host}:${f.path}:ro`);
  }
  const r = spawnSync(
    'docker',
    [
      'run',
      '--rm',
      '--network',
      'none',
      ...mounts,
      `wsgiform/${image}:latest`,
      'timeout',
      '50',
      'sh',
      '-c',
      command,
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  if (r.error) throw new Error(`docker could not run (${r.error.message}); run scripts/provision.sh first`);
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}
