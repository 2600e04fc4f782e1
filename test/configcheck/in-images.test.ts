import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Frontend } from '../../lib';
import { runInImage } from '../support/in-image';
import { exampleFiles, type LandedFile } from '../support/rendered-files';

// The same rendered files, checked by the binaries of the images they will run in (Debian's
// apache2 + mod_wsgi with the keystone/cinder users, HAProxy 2.6, MariaDB 10.11). Each file is
// mounted at its real path; the container has no network. A missing image fails the lane:
// scripts/provision.sh builds wsgiform/<role>:latest from the same Dockerfiles.
const files = exampleFiles();
const work = mkdtempSync(join(tmpdir(), 'wsgiform-imagecheck-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const ROLE: Record<string, string> = { keystone: 'keystone', cinder: 'cinder', lb: 'haproxy', db: 'mariadb' };

/** Runs `command` in the image of `container` with all of that container's files in place. */
function inImage(
  container: string,
  command: string,
  extra: LandedFile[] = [],
  from: LandedFile[] = files,
  image?: string,
): { status: number | null; output: string } {
  const role = image ?? ROLE[container.replace(/^wsgiform-/, '').replace(/-(\d+|bootstrap)$/, '')];
  return runInImage(work, role, [...from.filter((x) => x.container === container), ...extra], command);
}

describe('in the images the files will run in', () => {
  it.each(['wsgiform-keystone-1', 'wsgiform-cinder-1'])('apache2 -t accepts %s/apache2.conf', (c) => {
    const r = inImage(c, 'mkdir -p /run/wsgiform && apache2 -t -f /etc/wsgiform/apache2.conf');
    expect(r.output.trim()).toBe('Syntax OK');
    expect(r.status).toBe(0);
  });

  it('haproxy -c accepts haproxy.cfg', () => {
    const r = inImage('wsgiform-lb', 'haproxy -c -f /etc/wsgiform/haproxy.cfg');
    expect(r.output).toMatch(/Configuration file is valid/);
    expect(r.status).toBe(0);
  });

  it('mariadbd accepts my.cnf, and refuses an option it does not know (the check can fail)', () => {
    const ok = inImage(
      'wsgiform-db',
      'mariadbd --defaults-file=/etc/wsgiform/my.cnf --help --verbose >/dev/null',
    );
    expect(ok.output).not.toMatch(/\[ERROR\]/);
    expect(ok.status).toBe(0);
    const [cnf] = files.filter((f) => f.container === 'wsgiform-db' && f.path.endsWith('my.cnf'));
    const bad = {
      ...cnf,
      path: '/etc/wsgiform/bad.cnf',
      content: cnf.content.replace('skip-name-resolve', 'skip-name-resolv3'),
    };
    const r = inImage(
      'wsgiform-db',
      'mariadbd --defaults-file=/etc/wsgiform/bad.cnf --help --verbose >/dev/null',
      [bad],
    );
    expect(r.output).toMatch(/unknown option '--skip-name-resolv3'|unknown variable/);
    expect(r.status).not.toBe(0);
  });
});

describe.each([
  ['Nginx → uWSGI', Frontend.nginxUwsgi(), 'nginx', 'nginx -t -c /etc/wsgiform/nginx.conf'],
  [
    'Apache mod_proxy_uwsgi → uWSGI',
    Frontend.apacheProxyUwsgi(),
    'apache',
    'apache2 -t -f /etc/wsgiform/apache2.conf',
  ],
  ['uWSGI http', Frontend.uwsgiHttp(), undefined, undefined],
] as const)('%s, in the images', (_label, frontend, webImage, webCheck) => {
  const rendered = exampleFiles({ keystoneFrontend: frontend, cinderFrontend: frontend });
  it.each(['keystone', 'cinder'])('uWSGI (strict mode) loads the %s uwsgi.ini', (svc) => {
    const r = inImage(
      `wsgiform-${svc}-1`,
      'uwsgi --ini /etc/wsgiform/uwsgi.ini --version',
      [],
      rendered,
      svc,
    );
    expect(r.output).toContain('getting INI configuration from /etc/wsgiform/uwsgi.ini');
    expect(r.output).toContain('2.0.21');
    expect(r.output).not.toMatch(/unknown|error/i);
    expect(r.status).toBe(0);
  });
  it('haproxy -c accepts the load balancer config with its retry rules', () => {
    const r = inImage('wsgiform-lb', 'haproxy -c -f /etc/wsgiform/haproxy.cfg', [], rendered, 'haproxy');
    expect(r.output).toMatch(/Configuration file is valid/);
    expect(r.status).toBe(0);
  });
  if (webImage && webCheck) {
    it.each(['keystone', 'cinder'])(`the web tier's checker accepts the %s config`, (svc) => {
      const r = inImage(
        `wsgiform-${svc}-web-1`,
        `mkdir -p /run/wsgiform && ${webCheck}`,
        [],
        rendered,
        webImage,
      );
      expect(r.output).toMatch(/syntax is ok|Syntax OK/);
      expect(r.status).toBe(0);
    });
  }
});

it('uWSGI in strict mode refuses an option it does not know (the check can fail)', () => {
  const rendered = exampleFiles({ keystoneFrontend: Frontend.uwsgiHttp() });
  const [ini] = rendered.filter((f) => f.container === 'wsgiform-keystone-1' && f.path.endsWith('uwsgi.ini'));
  const bad = { ...ini, content: ini.content + 'http-chunked-input = true\n' };
  const r = inImage(
    'wsgiform-keystone-1',
    'uwsgi --ini /etc/wsgiform/uwsgi.ini --version',
    [],
    [bad],
    'keystone',
  );
  expect(r.output).toMatch(/unknown config directive: http-chunked-input/);
  expect(r.status).not.toBe(0);
});
