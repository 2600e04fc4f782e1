// Every built-in service under every frontend it supports: the files wsgiform renders for it
// pass the real checkers. Apache (mod_wsgi) and uWSGI run in the service image's shared layers
// (wsgiform/keystone carries them), with the service's user created first, since the checkers
// resolve `user=`/`uid`; the web tiers run in wsgiform/nginx and wsgiform/apache; start scripts
// and WSGI wrappers are checked by sh -n and py_compile on the host.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Testing, TerraformStack } from 'cdktf';
import { BuiltinServices, ControlPlane, Frontend, FrontendKind, ImageSource, Secret } from '../../lib';
import { runInImage } from '../support/in-image';
import { landedFiles, type LandedFile } from '../support/rendered-files';

const work = mkdtempSync(join(tmpdir(), 'wsgiform-every-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const FRONTEND: Record<string, () => Frontend> = {
  [FrontendKind.APACHE_MOD_WSGI]: () => Frontend.apacheModWsgi(),
  [FrontendKind.APACHE_PROXY_UWSGI]: () => Frontend.apacheProxyUwsgi(),
  [FrontendKind.NGINX_UWSGI]: () => Frontend.nginxUwsgi(),
  [FrontendKind.UWSGI_HTTP]: () => Frontend.uwsgiHttp(),
  [FrontendKind.STANDALONE]: () => Frontend.standalone(),
};

/** The service under `kind`, with Keystone, a message bus and a cache, as landed files. */
function render(service: string, kind: string): LandedFile[] {
  const stack = new TerraformStack(Testing.app(), 'every');
  const definition = BuiltinServices.named(service);
  const plane = new ControlPlane(stack, 'plane', {
    // A service Debian does not package runs from the operator's image; the checkers run in
    // wsgiform's images all the same (below), so any name does.
    host: definition.props.image._userSupplied
      ? { images: ImageSource.fromDockerfiles({ prebuilt: { [service]: `operator/${service}:test` } }) }
      : {},
    messageBus: { password: new Secret(stack, 'rabbit') },
    cache: {},
  });
  const keystone = plane.addService('keystone', {
    service: BuiltinServices.named('keystone'),
    adminPassword: new Secret(stack, 'admin'),
    databasePassword: new Secret(stack, 'keystone_db'),
    replicas: 1,
    frontend: service === 'keystone' ? FRONTEND[kind]() : Frontend.apacheModWsgi(),
  });
  // A service that reads another's databases (Nova's metadata API) is deployed next to it.
  const ownedBy = definition.props.database?.ownedBy;
  const owner =
    ownedBy &&
    plane.addService(ownedBy, {
      service: BuiltinServices.named(ownedBy),
      databasePassword: new Secret(stack, 'owner_db'),
      identity: keystone,
      servicePassword: new Secret(stack, 'owner_svc'),
      replicas: 1,
      publicPort: 20001,
    });
  if (service !== 'keystone') {
    plane.addService(service, {
      service: definition,
      databasePassword: definition.props.database && !ownedBy ? new Secret(stack, 'svc_db') : undefined,
      databaseOwner: owner || undefined,
      identity: definition.props.identity || definition.props.identityLogin ? keystone : undefined,
      // A dashboard signs users in and has no Keystone user of its own.
      servicePassword: definition.props.identity ? new Secret(stack, 'svc') : undefined,
      secrets: Object.fromEntries(
        (definition.props.secrets ?? []).map((x) => [x.name, new Secret(stack, `svc_${x.name}`)]),
      ),
      replicas: 1,
      publicPort: 20000,
      frontend: FRONTEND[kind](),
    });
  }
  return landedFiles(Testing.synth(stack)).filter((f) => f.container.startsWith(`wsgiform-${service}-`));
}

/** `useradd` for the service's user and group, so the checkers can resolve them. */
function withUser(service: string, command: string): string {
  const user = BuiltinServices.named(service).props.user;
  return `(getent group ${user} || groupadd --system ${user}) >/dev/null && (id ${user} || useradd --system -g ${user} ${user}) >/dev/null && mkdir -p /run/wsgiform && ${command}`;
}

const cases = BuiltinServices.all().flatMap((d) =>
  d.frontends
    .filter(
      (k) => !(d.props.chunkedUploads && k !== FrontendKind.STANDALONE && k !== FrontendKind.APACHE_MOD_WSGI),
    )
    .map((k) => [d.name, k] as const),
);

describe.each(cases)('%s under %s', (service, kind) => {
  const files = render(service, kind);
  const app = files.filter((f) => f.container === `wsgiform-${service}-1`);
  const web = files.filter((f) => f.container === `wsgiform-${service}-web-1`);
  const byPath = (fs: LandedFile[], p: string) => fs.find((f) => f.path === p);

  it('renders the replica', () => {
    expect(app.length).toBeGreaterThan(0);
  });

  if (kind === FrontendKind.APACHE_MOD_WSGI) {
    it('apache2 -t accepts the mod_wsgi config', () => {
      const r = runInImage(
        work,
        'keystone',
        app,
        withUser(service, 'apache2 -t -f /etc/wsgiform/apache2.conf'),
      );
      expect(r.output).toContain('Syntax OK');
      expect(r.status).toBe(0);
    });
  }
  if (
    kind === FrontendKind.UWSGI_HTTP ||
    kind === FrontendKind.NGINX_UWSGI ||
    kind === FrontendKind.APACHE_PROXY_UWSGI
  ) {
    it('uWSGI in strict mode accepts the ini', () => {
      expect(byPath(app, '/etc/wsgiform/uwsgi.ini')).toBeDefined();
      const r = runInImage(
        work,
        'keystone',
        app,
        withUser(service, 'uwsgi --ini /etc/wsgiform/uwsgi.ini --version'),
      );
      expect(r.status).toBe(0);
    });
  }
  if (kind === FrontendKind.NGINX_UWSGI) {
    it('nginx -t accepts the web tier', () => {
      const r = runInImage(
        work,
        'nginx',
        web,
        'mkdir -p /run/wsgiform && nginx -t -c /etc/wsgiform/nginx.conf',
      );
      expect(r.output).toContain('syntax is ok');
      expect(r.status).toBe(0);
    });
  }
  if (kind === FrontendKind.APACHE_PROXY_UWSGI) {
    it('apache2 -t accepts the mod_proxy_uwsgi web tier', () => {
      const r = runInImage(
        work,
        'apache',
        web,
        'mkdir -p /run/wsgiform && apache2 -t -f /etc/wsgiform/apache2.conf',
      );
      expect(r.output).toContain('Syntax OK');
      expect(r.status).toBe(0);
    });
  }

  it('sh -n accepts every script and py_compile every Python file', () => {
    for (const f of [...app, ...web, ...files.filter((x) => x.container.endsWith('-bootstrap'))]) {
      const path = join(work, `${service}-${kind}`, f.container, f.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, f.content);
      const check = /\.(wsgi|py)$/.test(f.path)
        ? spawnSync('python3', ['-m', 'py_compile', path], { encoding: 'utf8' })
        : f.content.startsWith('#!/bin/sh')
          ? spawnSync('sh', ['-n', path], { encoding: 'utf8' })
          : undefined;
      if (check)
        expect(`${f.container}:${f.path} ${check.status} ${check.stderr}`).toBe(
          `${f.container}:${f.path} 0 `,
        );
    }
  });
});
