// Knobs of the constructs that no other synth test covers, each checked where it lands in the
// synthesized docker_* resources, with the exact value expected.
import { Testing } from 'cdktf';
import {
  ConfigFile,
  type DockerHostProps,
  Frontend,
  ImageSource,
  IniFlavor,
  RestartPolicy,
  Watchdog,
} from '../../lib';
import { landedFiles } from '../support/rendered-files';
import { addCinder, base, containers, synthCinder, upload } from '../support/stacks';

const START = '/usr/local/bin/wsgiform-start';
const UWSGI_INI = '/etc/wsgiform/uwsgi.ini';
const WATCHDOG_LABEL = 'wsgiform.watchdog';

/** A container's labels as a map. */
function labels(c: Record<string, any>): Record<string, string> {
  return Object.fromEntries((c.labels as { label: string; value: string }[]).map((l) => [l.label, l.value]));
}

/** `base` (host, LB, database, Keystone) on a host with `hostProps`, synthesized. */
function synthBase(hostProps: DockerHostProps): string {
  return Testing.synthScope((s) => {
    base(s, hostProps);
  });
}

/** The docker_image resources of a synthesized stack. */
function images(synthesized: string): Record<string, any>[] {
  return Object.values(JSON.parse(synthesized).resource.docker_image ?? {});
}

describe('ApiService env reaches the app process', () => {
  const env = { FOO_BAR: 'baz qux', WSGIFORM_MODE: 'test' };

  it('Apache mod_wsgi: the start script exports it before exec-ing apache2', () => {
    const byName = containers(synthCinder({ env }));
    for (const name of ['wsgiform-cinder-1', 'wsgiform-cinder-2']) {
      expect(upload(byName[name], START)).toContain(
        "export FOO_BAR='baz qux'\nexport WSGIFORM_MODE=test\nexec /usr/sbin/apache2 -f /etc/wsgiform/apache2.conf -DFOREGROUND\n",
      );
    }
    // Only this service's containers get it.
    expect(upload(byName['wsgiform-keystone-1'], START)).not.toContain('FOO_BAR');
  });

  it.each([
    ['uWSGI http', Frontend.uwsgiHttp()],
    ['Nginx → uWSGI', Frontend.nginxUwsgi()],
    ['Apache mod_proxy_uwsgi → uWSGI', Frontend.apacheProxyUwsgi()],
  ])('%s: uwsgi.ini has env = NAME=value for each entry', (_label, frontend) => {
    const byName = containers(synthCinder({ env, frontend }));
    for (const name of ['wsgiform-cinder-1', 'wsgiform-cinder-2']) {
      const envLines = upload(byName[name], UWSGI_INI)
        .split('\n')
        .filter((l) => l.startsWith('env = '));
      expect(envLines).toEqual(['env = FOO_BAR=baz qux', 'env = WSGIFORM_MODE=test']);
    }
  });
});

describe('restartPolicy', () => {
  it.each([
    [RestartPolicy.ALWAYS, 'always'],
    [RestartPolicy.ON_FAILURE, 'on-failure'],
  ])('%s lands as restart of every replica and web tier, never of the bootstrap job', (policy, expected) => {
    const byName = containers(synthCinder({ restartPolicy: policy, frontend: Frontend.nginxUwsgi() }));
    for (const name of [
      'wsgiform-cinder-1',
      'wsgiform-cinder-2',
      'wsgiform-cinder-web-1',
      'wsgiform-cinder-web-2',
    ])
      expect(byName[name].restart).toBe(expected);
    expect(byName['wsgiform-cinder-bootstrap'].restart).toBe('no');
    // The other service keeps the default.
    expect(byName['wsgiform-keystone-1'].restart).toBe('unless-stopped');
  });

  it('reaches the replicas of an Apache mod_wsgi service too', () => {
    const byName = containers(synthCinder({ restartPolicy: RestartPolicy.ON_FAILURE }));
    expect(byName['wsgiform-cinder-1'].restart).toBe('on-failure');
    expect(byName['wsgiform-cinder-2'].restart).toBe('on-failure');
    expect(byName['wsgiform-cinder-bootstrap'].restart).toBe('no');
  });
});

describe('watchdog', () => {
  /** base + a Watchdog + Cinder (under `frontend`) with `watchdog`. */
  const synthWatched = (watchdog: boolean, frontend = Frontend.apacheModWsgi()) =>
    containers(
      Testing.synthScope((s) => {
        const parts = base(s);
        new Watchdog(s, 'watchdog', { host: parts.host });
        addCinder(s, parts, { frontend, watchdog });
      }),
    );

  it('false takes the label off that service only', () => {
    const byName = synthWatched(false, Frontend.nginxUwsgi());
    expect(byName['wsgiform-watchdog']).toBeDefined();
    for (const name of [
      'wsgiform-cinder-1',
      'wsgiform-cinder-2',
      'wsgiform-cinder-web-1',
      'wsgiform-cinder-web-2',
    ]) {
      expect(labels(byName[name])).not.toHaveProperty([WATCHDOG_LABEL]);
      expect(labels(byName[name])['wsgiform.service']).toBe('cinder');
    }
    for (const name of ['wsgiform-keystone-1', 'wsgiform-keystone-2'])
      expect(labels(byName[name])[WATCHDOG_LABEL]).toBe('enabled');
  });

  it('true, with a Watchdog on the host, keeps the label', () => {
    const byName = synthWatched(true);
    expect(labels(byName['wsgiform-cinder-1'])[WATCHDOG_LABEL]).toBe('enabled');
    expect(labels(byName['wsgiform-cinder-2'])[WATCHDOG_LABEL]).toBe('enabled');
  });

  it('true without a Watchdog on the host fails at synth with the construct path', () => {
    expect(() => synthCinder({ watchdog: true })).toThrow(
      '[stack/cinder] watchdog=true: the deployment has no Watchdog; add one (new Watchdog(...)) or drop the flag',
    );
  });
});

describe('extraFiles', () => {
  const RAW = '/etc/cinder/raw.txt';
  const PASTE = '/etc/cinder/extra-paste.ini';
  // `${` and `%{` are Terraform template syntax; the landed file must still have them as given.
  const rawContent = 'limit 50% of $HOME\n${NOT_TERRAFORM} %{NOT_EITHER} \\n\n';
  const synthesized = synthCinder({
    extraFiles: [
      ConfigFile.raw(RAW, rawContent, 0o600),
      ConfigFile.ini(
        PASTE,
        {
          'filter:sizelimit': {
            'paste.filter_factory': 'oslo_middleware.sizelimit:RequestBodySizeLimiter.factory',
            max_request_body_size: '50%',
          },
        },
        IniFlavor.PASTE,
      ),
    ],
  });
  const landed = landedFiles(synthesized);
  const cinderContainers = ['wsgiform-cinder-bootstrap', 'wsgiform-cinder-1', 'wsgiform-cinder-2'];

  it('land in the bootstrap job and every replica, raw verbatim, paste with % doubled', () => {
    for (const c of cinderContainers) {
      const at = (p: string) => landed.filter((f) => f.container === c && f.path === p);
      expect(at(RAW)).toEqual([{ container: c, path: RAW, content: rawContent, permissions: '0600' }]);
      expect(at(PASTE)).toEqual([
        {
          container: c,
          path: PASTE,
          content:
            '# Rendered by wsgiform.\n\n[filter:sizelimit]\npaste.filter_factory = oslo_middleware.sizelimit:RequestBodySizeLimiter.factory\nmax_request_body_size = 50%%\n',
          permissions: '0640',
        },
      ]);
    }
    expect(landed.filter((f) => f.path === RAW || f.path === PASTE).map((f) => f.container)).toEqual(
      cinderContainers.flatMap((c) => [c, c]),
    );
  });

  it("the start script gives them to the service's group with their mode", () => {
    expect(upload(containers(synthesized)['wsgiform-cinder-1'], START)).toContain(
      `chgrp cinder ${RAW}\nchmod 0600 ${RAW}\nchgrp cinder ${PASTE}\nchmod 0640 ${PASTE}\n`,
    );
  });

  it('a raw file with a NUL byte is refused, naming the construct path', () => {
    expect(() => synthCinder({ extraFiles: [ConfigFile.raw('/etc/cinder/x', 'a\u0000b')] })).toThrow(
      '[stack/cinder] /etc/cinder/x content="a\\u0000b": raw content contains a NUL byte; remove it',
    );
  });

  it('two files at one path are refused', () => {
    expect(() =>
      synthCinder({
        extraFiles: [
          ConfigFile.raw('/etc/cinder/x', 'a'),
          ConfigFile.ini('/etc/cinder/x', { DEFAULT: { a: 'b' } }, IniFlavor.PASTE),
        ],
      }),
    ).toThrow('[stack/cinder] extraFiles: /etc/cinder/x is written twice; keep one');
    expect(() => synthCinder({ extraFiles: [ConfigFile.raw('/etc/cinder/cinder.conf', 'a')] })).toThrow(
      '[stack/cinder] extraFiles: /etc/cinder/cinder.conf is written twice; keep one',
    );
  });
});

describe('DockerHost publishAddress', () => {
  it.each(['0.0.0.0', '::1'])('%s is the ip of every port HAProxy publishes', (address) => {
    const lb = containers(synthBase({ publishAddress: address }))['wsgiform-lb'];
    expect(lb.ports).toEqual([{ external: 5000, internal: 5000, ip: address, protocol: 'tcp' }]);
  });

  it('the default is loopback', () => {
    const lb = containers(synthBase({}))['wsgiform-lb'];
    expect(lb.ports.map((p: { ip: string }) => p.ip)).toEqual(['127.0.0.1']);
  });

  it('a value that is not an address is refused', () => {
    expect(() => synthBase({ publishAddress: '999.1' })).toThrow(
      '[stack/host] publishAddress="999.1": use an IPv4 or IPv6 address',
    );
  });
});

describe('ImageSource', () => {
  it('fromDockerfiles({ repository, networkMode }) names every image acme/… and builds with that network', () => {
    const all = images(
      synthBase({ images: ImageSource.fromDockerfiles({ repository: 'acme', networkMode: 'host' }) }),
    );
    expect(all.map((i) => i.name.replace(/:[0-9a-f]{12}$/, '')).sort()).toEqual([
      'acme/haproxy',
      'acme/keystone',
      'acme/mariadb',
    ]);
    for (const i of all) {
      expect(i.name).toMatch(/^acme\//);
      expect(i.build.network_mode).toBe('host');
    }
  });

  it('fromDockerfiles({ prebuilt }) uses the given name for that key and builds the rest', () => {
    const synthesized = synthBase({
      images: ImageSource.fromDockerfiles({ prebuilt: { haproxy: 'haproxy:2.6' } }),
    });
    const all = images(synthesized);
    const haproxy = all.filter((i) => i.name === 'haproxy:2.6');
    expect(haproxy).toHaveLength(1);
    expect(haproxy[0].build).toBeUndefined();
    const built = all.filter((i) => i.name !== 'haproxy:2.6');
    expect(built.map((i) => i.name.replace(/:[0-9a-f]{12}$/, '')).sort()).toEqual([
      'wsgiform/keystone',
      'wsgiform/mariadb',
    ]);
    for (const i of built) {
      expect(i.build.context).toMatch(/\/images\/(service|mariadb)$/);
      expect(i.build.network_mode).toBeUndefined();
    }
    // The HAProxy container runs the prebuilt image, the others a built one.
    const json = JSON.parse(synthesized);
    const idOf = (name: string) =>
      Object.entries<any>(json.resource.docker_image).find(([, i]) => i.name === name)![0];
    const byName = containers(synthesized);
    expect(byName['wsgiform-lb'].image).toBe(`\${docker_image.${idOf('haproxy:2.6')}.image_id}`);
    expect(byName['wsgiform-keystone-1'].image).not.toContain(idOf('haproxy:2.6'));
  });

  it('fromImages({...}) missing a key fails at synth, naming the key', () => {
    expect(() => synthBase({ images: ImageSource.fromImages({ keystone: 'k:1', haproxy: 'h:1' }) })).toThrow(
      "[stack/host] images: no prebuilt image for 'mariadb'; add it to ImageSource.fromImages({...}), or use ImageSource.fromDockerfiles({ prebuilt: {...} }) to build the others",
    );
    const all = images(
      synthBase({ images: ImageSource.fromImages({ keystone: 'k:1', haproxy: 'h:1', mariadb: 'm:1' }) }),
    );
    expect(all.map((i) => [i.name, i.build])).toEqual(
      expect.arrayContaining([
        ['k:1', undefined],
        ['h:1', undefined],
        ['m:1', undefined],
      ]),
    );
    expect(all).toHaveLength(3);
  });
});
