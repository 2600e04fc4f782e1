// Swift: a paste-ini main config, a secret of the service's own in swift.conf, rings built by the
// bootstrap job with the storage companions' host names, and the frontends that pass chunked bodies.
import { Testing } from 'cdktf';
import { Cache, ConfigDelivery, ConfigFile, Frontend, IniFlavor, Secret, Wiring } from '../../lib';
import { addBuiltin, base, containers, synthOwn, upload } from '../support/stacks';

function synthSwift(extra: Record<string, unknown> = {}, withCache = true): string {
  return Testing.synthScope((s) => {
    const parts = base(s);
    addBuiltin(s, parts, 'swift', {
      cache: withCache ? new Cache(s, 'memcached', { host: parts.host }) : undefined,
      secrets: { hash_path_suffix: new Secret(s, 'swift_hash') },
      replicas: 1,
      ...extra,
    });
  });
}

describe('Swift', () => {
  const json = synthSwift();
  const byName = containers(json);
  const proxy = byName['wsgiform-swift-1'];

  it('writes proxy-server.conf for PasteDeploy with keystone in the pipeline', () => {
    const conf = upload(proxy, '/etc/swift/proxy-server.conf');
    expect(conf).toContain(
      '[pipeline:main]\npipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats bulk tempurl ratelimit authtoken keystoneauth copy container-quotas account-quotas slo dlo versioned_writes symlink proxy-logging proxy-server\n',
    );
    expect(conf).toContain(
      '[filter:keystoneauth]\nuse = egg:swift#keystoneauth\noperator_roles = admin, member\n',
    );
    expect(conf).toContain('paste.filter_factory = keystonemiddleware.auth_token:filter_factory\n');
    expect(conf).toContain(
      '[filter:cache]\nuse = egg:swift#memcache\nmemcache_servers = wsgiform-memcached:11211\n',
    );
    expect(conf).toContain('disable_path = /etc/swift/healthcheck_disable\n');
    // Each filter of the pipeline has its section.
    const pipeline = /^pipeline = (.*)$/m.exec(conf)![1].split(' ');
    for (const f of pipeline)
      expect(conf).toMatch(new RegExp(`^\\[(filter|app):${f.replace(/[-]/g, '\\-')}\\]$`, 'm'));
  });

  it('puts the hash path suffix into swift.conf as the Terraform variable, on every container', () => {
    for (const name of ['wsgiform-swift-1', 'wsgiform-swift-account-1', 'wsgiform-swift-object-1']) {
      const conf = upload(byName[name], '/etc/swift/swift.conf');
      expect(conf).toContain('[swift-hash]\nswift_hash_path_suffix = ${var.swift_hash}\n');
    }
    expect(JSON.parse(json).variable.swift_hash.sensitive).toBe(true);
  });

  it('builds the rings with the storage companions as hosts before the proxy starts', () => {
    const job = byName['wsgiform-swift-bootstrap'];
    const script = upload(job, '/usr/local/bin/wsgiform-bootstrap');
    expect(script).toContain('wsgiform-swift-account-1 wsgiform-swift-container-1 wsgiform-swift-object-1');
    expect(script).toContain('swift-ring-builder');
    expect(proxy.depends_on).toContain('docker_container.swift_bootstrap_C03981F3');
    for (const c of ['account', 'container', 'object']) {
      const companion = byName[`wsgiform-swift-${c}-1`];
      expect(upload(companion, '/usr/local/bin/wsgiform-start')).toContain(
        `/usr/bin/swift-${c}-server /etc/swift/${c}-server.conf --verbose\n`,
      );
      expect(companion.volumes.map((v: any) => v.container_path).sort()).toEqual([
        '/srv/node',
        '/var/lib/swift/rings',
      ]);
    }
  });

  it('turns on WSGIChunkedRequest under mod_wsgi', () => {
    expect(upload(proxy, '/etc/wsgiform/apache2.conf')).toContain('WSGIChunkedRequest On');
  });

  it('refuses a frontend that loses chunked uploads', () => {
    expect(() => synthSwift({ frontend: Frontend.nginxUwsgi() })).toThrow(
      "[stack/swift] frontend=nginx-uwsgi: swift takes chunked uploads and nginx's uwsgi_pass sends them with an empty CONTENT_LENGTH and the body is lost; use Frontend.standalone()",
    );
  });

  it('asks for the hash path suffix, saying what it is', () => {
    expect(() => synthSwift({ secrets: {} })).toThrow(
      "[stack/swift] secrets.hash_path_suffix is missing: service swift needs it (Swift's swift_hash_path_suffix, which places every object: changing it after objects are stored loses them); pass secrets: { hash_path_suffix: new Secret(...) }",
    );
  });

  it('needs Memcached', () => {
    expect(() => synthSwift({}, false)).toThrow('[stack/swift] cache is missing: service swift');
  });
});

describe("A service's own secrets", () => {
  const synth = (secrets: Record<string, string>, files: ConfigFile[], environment = {}) =>
    synthOwn(
      { secrets: [{ name: 'signing_key', description: 'signs cookies' }], files, environment },
      (s) => ({
        secrets: Object.fromEntries(Object.entries(secrets).map(([k, id]) => [k, new Secret(s, id)])),
      }),
    );
  const file = ConfigFile.ini(
    '/etc/app/app.ini',
    { app: { key: `k-${Wiring.secret('signing_key')}` } },
    IniFlavor.PASTE,
  );

  it("reach the definition's ini files as the variable", () => {
    const app = containers(synth({ signing_key: 'app_key' }, [file]))['wsgiform-app-1'];
    expect(upload(app, '/etc/app/app.ini')).toContain('key = k-${var.app_key}\n');
  });

  it('refuse one the definition does not list', () => {
    expect(() => synth({ signing_key: 'app_key', other: 'app_other' }, [file])).toThrow(
      '[stack/app] secrets.other: service app has no secret of that name; it takes signing_key',
    );
  });

  it('stay out of the environment', () => {
    expect(() => synth({ signing_key: 'app_key' }, [file], { KEY: Wiring.secret('signing_key') })).toThrow(
      '[stack/app] service app: environment[KEY]: Wiring.SECRET_SIGNING_KEY holds a password',
    );
  });

  it('name the secret a definition uses without listing it', () => {
    const unlisted = ConfigFile.ini('/etc/app/app.ini', { app: { key: Wiring.secret('nope') } });
    expect(() => synth({ signing_key: 'app_key' }, [unlisted])).toThrow(
      "[stack/app] file /etc/app/app.ini [app] key: service app uses Wiring.SECRET_NOPE, which this deployment does not provide; the definition lists no secret named 'nope' in its secrets",
    );
  });

  it('are refused by a service that has none', () => {
    expect(() => synthOwn({}, (s) => ({ secrets: { x: new Secret(s, 'app_x') } }))).toThrow(
      '[stack/app] secrets.x: service app has no secrets of its own; drop it',
    );
  });
});

describe('A main config for PasteDeploy (config.flavor)', () => {
  const conf = (flavor?: IniFlavor) =>
    upload(
      containers(
        synthOwn({
          config: {
            path: '/etc/app/app.ini',
            delivery: ConfigDelivery.defaultPath(),
            flavor,
            defaults: { app: { rate: '50%', price: '$5' } },
          },
        }),
      )['wsgiform-app-1'],
      '/etc/app/app.ini',
    );

  it("escapes PasteDeploy's % and leaves $ alone", () => {
    expect(conf(IniFlavor.PASTE)).toContain('[app]\nrate = 50%%\nprice = $5\n');
  });

  it("is oslo.config's by default: $ escaped, % alone", () => {
    expect(conf()).toContain('[app]\nrate = 50%\nprice = $$5\n');
  });
});
