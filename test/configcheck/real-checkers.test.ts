import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exampleFiles, type LandedFile } from '../support/rendered-files';

// Every file the example renders is handed to the real program that will read it. The
// binaries come from Debian's packages (scripts/provision.sh installs them); a missing binary
// fails this lane, it never skips.
const files = exampleFiles();
const work = mkdtempSync(join(tmpdir(), 'wsgiform-configcheck-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function save(f: LandedFile): string {
  const p = join(work, f.container, f.path);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, f.content);
  return p;
}

function check(cmd: string, args: string[]): { status: number | null; output: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`${cmd} could not run (${r.error.message}); run scripts/provision.sh first`);
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

const byPath = (p: string) => files.filter((f) => f.path === p);

beforeAll(() => {
  // mod_wsgi resolves WSGIDaemonProcess user= and group= when Apache reads the config, and
  // Apache wants its runtime directory: create both as the images have them.
  for (const user of ['keystone', 'cinder']) {
    if (spawnSync('id', [user]).status !== 0) execFileSync('useradd', ['--system', '--no-create-home', user]);
  }
  mkdirSync('/run/wsgiform', { recursive: true });
});

describe('apache2 -t accepts every rendered apache2.conf', () => {
  const confs = byPath('/etc/wsgiform/apache2.conf');
  it('finds one per API replica', () =>
    expect(confs.map((f) => f.container).sort()).toEqual([
      'wsgiform-cinder-1',
      'wsgiform-cinder-2',
      'wsgiform-keystone-1',
      'wsgiform-keystone-2',
    ]));
  it.each(confs.map((f) => [f.container, f]))('%s', (_name, f) => {
    const r = check('/usr/sbin/apache2', ['-t', '-f', save(f as LandedFile)]);
    expect(r.output.trim()).toBe('Syntax OK');
    expect(r.status).toBe(0);
  });
  it('and rejects a broken one (the check can fail)', () => {
    const bad = {
      ...confs[0],
      container: 'broken',
      content: confs[0].content.replace('WSGIProcessGroup', 'WSGIProcesGroup'),
    };
    const r = check('/usr/sbin/apache2', ['-t', '-f', save(bad)]);
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/Invalid command 'WSGIProcesGroup'/);
  });
});

describe('haproxy -c accepts the rendered haproxy.cfg', () => {
  const [cfg] = byPath('/etc/wsgiform/haproxy.cfg');
  it('is valid', () => {
    const r = check('/usr/sbin/haproxy', ['-c', '-f', save(cfg)]);
    expect(r.output).toMatch(/Configuration file is valid/);
    expect(r.status).toBe(0);
  });
  it('and rejects a broken one (the check can fail)', () => {
    const r = check('/usr/sbin/haproxy', [
      '-c',
      '-f',
      save({
        ...cfg,
        container: 'broken',
        content: cfg.content.replace('balance roundrobin', 'balance sideways'),
      }),
    ]);
    expect(r.status).not.toBe(0);
  });
});

describe('every rendered shell script parses with /bin/sh -n', () => {
  const scripts = files.filter((f) => f.content.startsWith('#!/bin/sh'));
  it('covers start scripts, bootstrap jobs and the openrc', () => expect(scripts.length).toBe(9));
  it.each(scripts.map((f) => [`${f.container}:${f.path}`, f]))('%s', (_n, f) => {
    const r = check('/bin/sh', ['-n', save(f as LandedFile)]);
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('the mod_wsgi wrapper compiles with the Python the images use', () => {
  const wrappers = files.filter((f) => f.path.endsWith('.wsgi'));
  it.each(wrappers.map((f) => [f.container, f]))('%s', (_n, f) => {
    const r = check('/usr/bin/python3', ['-m', 'py_compile', save(f as LandedFile)]);
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
  });
});
