import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import {
  ApiService,
  BuiltinServices,
  ConfigDelivery,
  ControlPlane,
  Database,
  DockerHost,
  EntryPoint,
  Frontend,
  ImageSource,
  LoadBalancer,
  Secret,
  ServiceDefinition,
  type ServiceDefinitionProps,
  ServiceImage,
  Watchdog,
  Wiring,
  WsgiformErrors,
} from '../../lib';
import { WsgiformError } from '../../lib/errors';
import { HelloPlane, helloDefinition } from '../support/hello';
import { ServicesPlane } from '../support/planes';
import { base, containers, ownDefinition, upload } from '../support/stacks';

describe('the registry of built-in services', () => {
  it('holds every service file of modules/, and nothing else', () => {
    const files = readdirSync(join(__dirname, '..', '..', 'modules'))
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(BuiltinServices.names()).toEqual(files);
    expect(BuiltinServices.named('cinder').port).toBe(8776);
  });
});

describe('a WSGI app that is not OpenStack, defined with the public API', () => {
  const json = Testing.synth(new HelloPlane(Testing.app(), 'hello'));
  const byName = containers(json);

  it('deploys no database and no bootstrap job, only replicas, web tiers, HAProxy and the watchdog', () => {
    expect(Object.keys(byName).sort()).toEqual([
      'hello-hello-nginx-1',
      'hello-hello-nginx-2',
      'hello-hello-nginx-web-1',
      'hello-hello-nginx-web-2',
      'hello-hello-uwsgi-1',
      'hello-hello-uwsgi-2',
      'hello-hello-wsgi-1',
      'hello-hello-wsgi-2',
      'hello-lb',
      'hello-watchdog',
    ]);
  });

  it("writes the app's own file, builds its packages on the service image and passes its environment", () => {
    const r = byName['hello-hello-wsgi-1'];
    expect(upload(r, '/srv/hello/hello.py')).toContain('application = Flask(__name__)');
    expect(upload(r, '/usr/local/bin/wsgiform-start')).toContain('export HELLO_GREETING=hi\n');
    expect(upload(byName['hello-hello-uwsgi-1'], '/etc/wsgiform/uwsgi.ini')).toContain(
      'wsgi-file = /srv/hello/hello.py\n',
    );
    const images = Object.values<any>(JSON.parse(json).resource.docker_image);
    const service = images.filter((i) => i.build?.build_args?.PACKAGES === 'python3-flask');
    expect(service).toHaveLength(1);
    expect(service[0].build.context).toMatch(/\/images\/service$/);
    expect(service[0].build.build_args.SERVICE_USER).toBe('www-data');
  });

  it('probes its own health path', () => {
    expect(byName['hello-hello-wsgi-1'].healthcheck.test).toContain('http://127.0.0.1:8080/healthz');
  });
});

/** One service of `props` on a host with a load balancer; returns the synthesized JSON. */
function synthOwn(props: Partial<ServiceDefinitionProps>, extra: Record<string, unknown> = {}): string {
  return Testing.synthScope((s) => {
    const host = new DockerHost(s, 'host');
    new ApiService(s, 'app', {
      host,
      lb: new LoadBalancer(s, 'lb', { host }),
      service: ownDefinition(props),
      ...extra,
    });
  });
}

describe('a definition of your own', () => {
  it('serves a callable entry point through a wrapper under mod_wsgi and as a module under uWSGI', () => {
    const wsgi = containers(synthOwn({}))['wsgiform-app-1'];
    expect(upload(wsgi, '/usr/local/lib/wsgiform/app.wsgi')).toContain(
      'application = getattr(importlib.import_module("acme.wsgi"), "application")',
    );
    expect(upload(wsgi, '/etc/wsgiform/apache2.conf')).toContain('/usr/local/lib/wsgiform/app.wsgi');
    const uwsgi = containers(synthOwn({}, { frontend: Frontend.uwsgiHttp() }))['wsgiform-app-1'];
    expect(upload(uwsgi, '/etc/wsgiform/uwsgi.ini')).toContain('module = acme.wsgi:application\n');
  });

  it('uses a prebuilt image by name, or builds a Dockerfile folder of its own', () => {
    const prebuilt = JSON.parse(synthOwn({}));
    expect(Object.values<any>(prebuilt.resource.docker_image).map((i) => i.name)).toContain('acme/app:1');
    const dir = join(__dirname, '..', '..', 'images', 'nginx');
    const built = JSON.parse(synthOwn({ image: ServiceImage.fromDirectory(dir) }));
    const mine = Object.values<any>(built.resource.docker_image).find((i) => i.build?.context === dir);
    expect(mine.name).toMatch(/^wsgiform\/app:[0-9a-f]{12}$/);
  });

  it("needs the operator's image for a service Debian does not package, and names the fix", () => {
    const userSupplied = { image: ServiceImage.userSupplied('acme 1.0 with its WSGI script') };
    expect(() => synthOwn(userSupplied)).toThrow(
      "[stack/host] images: 'app' has no image wsgiform can build (acme 1.0 with its WSGI script); build one and name it: ImageSource.fromDockerfiles({ prebuilt: { 'app': 'registry/app:tag' } })",
    );
    const given = Testing.synthScope((s) => {
      const host = new DockerHost(s, 'host', {
        images: ImageSource.fromDockerfiles({ prebuilt: { app: 'acme/app:2' } }),
      });
      new ApiService(s, 'app', {
        host,
        lb: new LoadBalancer(s, 'lb', { host }),
        service: new ServiceDefinition({
          name: 'app',
          entryPoint: EntryPoint.callable('acme.wsgi:application'),
          port: 8000,
          user: 'app',
          ...userSupplied,
        }),
      });
    });
    expect(Object.values<any>(JSON.parse(given).resource.docker_image).map((i) => i.name)).toContain(
      'acme/app:2',
    );
    // The built-in definitions of unpackaged projects are such services.
    for (const name of ['zun', 'cyborg', 'blazar'])
      expect(BuiltinServices.named(name).props.image._userSupplied).toMatch(
        /not packaged by Debian bookworm/,
      );
  });

  it('writes an oslo config with Wiring values filled in', () => {
    const json = synthOwn({
      config: {
        path: '/etc/app/app.conf',
        delivery: ConfigDelivery.environment('APP_CONFIG_FILES'),
        defaults: { DEFAULT: { public: `${Wiring.PUBLIC_URL}/v1`, workers: Wiring.WORKERS } },
      },
    });
    const r = containers(json)['wsgiform-app-1'];
    expect(upload(r, '/etc/app/app.conf')).toContain(
      '[DEFAULT]\npublic = http://127.0.0.1:8000/v1\nworkers = 1\n',
    );
    expect(upload(r, '/usr/local/bin/wsgiform-start')).toContain(
      'export APP_CONFIG_FILES=/etc/app/app.conf\n',
    );
  });

  it.each([
    [{ name: 'App' }, 'service name="App": Docker and DNS need'],
    [{ user: 'Root User' }, 'service app: user="Root User": use a system user or group name'],
    [
      { entryPoint: EntryPoint.callable('/usr/bin/app') },
      `service app: entryPoint="/usr/bin/app": use 'package.module:callable'`,
    ],
    [
      { entryPoint: EntryPoint.script('app.py') },
      'service app: entryPoint script="app.py": use an absolute path',
    ],
    [
      { image: ServiceImage.debianPackages({ packages: ['Flask!'] }) },
      'service app: image packages: "Flask!" is not a Debian package name',
    ],
    [
      { image: ServiceImage.debianPackages({ packages: [] }) },
      'service app: image packages: name at least one Debian package',
    ],
    [{ healthPaths: [] }, 'service app: healthPaths: name at least one path'],
    [
      { frontends: [Frontend.standalone().kind] },
      'service app: frontends: lists standalone but the definition has no standalone command',
    ],
    [
      {
        config: {
          path: '/etc/app.conf',
          delivery: ConfigDelivery.argv(),
          defaults: { database: { connection: Wiring.DATABASE_URL } },
        },
      },
      'config [database] connection: service app uses Wiring.DATABASE_URL, which this deployment does not provide; give the service a database (and databasePassword)',
    ],
    [
      { bootstrap: [{ argv: ['app-admin', '--password', Wiring.ADMIN_PASSWORD] }] },
      'service app bootstrap: service app uses Wiring.ADMIN_PASSWORD, which this deployment does not provide; set adminPassword',
    ],
  ] as [Partial<ServiceDefinitionProps>, string][])(
    'refuses a bad definition at synth: %#',
    (props, message) => {
      expect(() => synthOwn(props)).toThrow(`[stack/app] ${message}`);
    },
  );

  it('throws errors users can catch by class and by check', () => {
    let caught: unknown;
    try {
      synthOwn({ name: 'App' });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(WsgiformError);
    expect(WsgiformErrors.isWsgiformError(caught)).toBe(true);
    expect(WsgiformErrors.isWsgiformError(new Error('x'))).toBe(false);
  });
});

describe('guards for what would deploy wrong silently', () => {
  const cinder = (
    s: ReturnType<typeof base> & { scope: any },
    id: string,
    extra: Record<string, unknown> = {},
  ) =>
    new ApiService(s.scope, id, {
      host: s.host,
      lb: s.lb,
      database: s.db,
      databasePassword: new Secret(s.scope, `${id.replace(/-/g, '_')}_db`),
      service: BuiltinServices.named('cinder'),
      identity: s.keystone,
      servicePassword: new Secret(s.scope, `${id.replace(/-/g, '_')}_svc`),
      publicPort: 9000 + Math.floor(Math.random() * 1000),
      ...extra,
    });

  it('two services that would share one Keystone user and catalog type', () => {
    expect(() =>
      Testing.synthScope((scope) => {
        const s = { ...base(scope), scope };
        cinder(s, 'cinder', { publicPort: 8776 });
        cinder(s, 'cinder-two', { publicPort: 8777 });
      }),
    ).toThrow(
      '[stack/cinder-two] Keystone user cinder is already used by stack/cinder in stack/keystone; deploy each service once per identity service',
    );
  });

  it('servicePassword without identity', () => {
    expect(() =>
      Testing.synthScope((scope) => {
        const s = { ...base(scope), scope };
        cinder(s, 'cinder', { identity: undefined });
      }),
    ).toThrow(
      '[stack/cinder] servicePassword: there is no identity service to register in; give the service an identity or drop the password',
    );
  });

  it('watchdog: true with no watchdog in the deployment, but not with one', () => {
    expect(() =>
      Testing.synthScope((scope) => {
        const s = { ...base(scope), scope };
        cinder(s, 'cinder', { watchdog: true });
      }),
    ).toThrow(
      '[stack/cinder] watchdog=true: the deployment has no Watchdog; add one (new Watchdog(...)) or drop the flag',
    );
    expect(() =>
      Testing.synthScope((scope) => {
        const s = { ...base(scope), scope };
        cinder(s, 'cinder', { watchdog: true });
        new Watchdog(scope, 'watchdog', { host: s.host });
      }),
    ).not.toThrow();
  });

  it('a second Watchdog on one host (both would restart the same containers)', () => {
    expect(() =>
      Testing.synthScope((scope) => {
        const host = new DockerHost(scope, 'host');
        new Watchdog(scope, 'watchdog', { host });
        new Watchdog(scope, 'watchdog2', { host });
      }),
    ).toThrow('[stack/watchdog2] the host already has a Watchdog; one per deployment is enough');
  });

  it('a database name MariaDB refuses is reported on the service that caused it', () => {
    const id = 'cinder-with-a-name-far-too-long-for-mariadb';
    expect(() =>
      Testing.synthScope((scope) => {
        const s = { ...base(scope), scope };
        cinder(s, id);
      }),
    ).toThrow(
      `[stack/${id}] database name (from the service id)="cinder_with_a_name_far_too_long_for_mariadb": use 1-32 letters`,
    );
  });

  it('parts of one service on different hosts', () => {
    expect(() =>
      Testing.synthScope((scope) => {
        const s = { ...base(scope), scope };
        const other = new DockerHost(scope, 'other', { deploymentName: 'other' });
        cinder(s, 'cinder', { database: new Database(scope, 'db2', { host: other }) });
      }),
    ).toThrow(
      '[stack/cinder] database is on host stack/other, this service on stack/host; put every part of a deployment on one host',
    );
  });

  it('a database or admin password for a service that has no use for it', () => {
    expect(() =>
      Testing.synthScope((scope) => {
        const s = { ...base(scope), scope };
        cinder(s, 'cinder', { adminPassword: new Secret(scope, 'admin2') });
      }),
    ).toThrow('[stack/cinder] adminPassword: service cinder is not an identity service; drop it');
    expect(() =>
      Testing.synthScope((scope) => {
        const host = new DockerHost(scope, 'host');
        new ApiService(scope, 'hello', {
          host,
          lb: new LoadBalancer(scope, 'lb', { host }),
          database: new Database(scope, 'db', { host }),
          service: helloDefinition(),
        });
      }),
    ).toThrow('[stack/hello] database: service hello has no database; drop it');
  });
});

describe('ControlPlane', () => {
  it('creates the database once, and only when a service has one', () => {
    const withDb = containers(
      Testing.synthScope((s) => {
        const plane = new ControlPlane(s, 'plane');
        const keystone = plane.addService('keystone', {
          service: BuiltinServices.named('keystone'),
          adminPassword: new Secret(s, 'admin'),
          databasePassword: new Secret(s, 'keystone_db'),
        });
        plane.addService('cinder', {
          service: BuiltinServices.named('cinder'),
          databasePassword: new Secret(s, 'cinder_db'),
          identity: keystone,
          servicePassword: new Secret(s, 'cinder_svc'),
        });
      }),
    );
    expect(Object.keys(withDb).filter((n) => n.endsWith('-db'))).toEqual(['wsgiform-db']);
    expect(upload(withDb['wsgiform-db'], '/etc/wsgiform/init.sql')).toMatch(/`keystone`[\s\S]*`cinder`/);
    const without = containers(Testing.synth(new HelloPlane(Testing.app(), 'x')));
    expect(Object.keys(without).some((n) => n.endsWith('-db'))).toBe(false);
  });
});

describe('identity bootstrap steps', () => {
  it("create Magnum's trustee domain after the catalog entry, with the password from the job's environment", () => {
    const byName = containers(Testing.synth(new ServicesPlane(Testing.app(), 's', { only: ['magnum'] })));
    const script = upload(byName['wsgiform-magnum-bootstrap'], '/usr/local/bin/wsgiform-bootstrap');
    const register = script.indexOf('/usr/local/bin/wsgiform-register');
    const domain = script.indexOf('openstack domain create --or-show');
    expect(register).toBeGreaterThan(0);
    expect(domain).toBeGreaterThan(register);
    expect(script).toContain('--password "$WSGIFORM_SERVICE_PASSWORD" magnum_domain_admin');
    expect(script).not.toMatch(/\$\{var\./);
    const conf = upload(byName['wsgiform-magnum-1'], '/etc/magnum/magnum.conf');
    expect(conf).toContain(
      '[trust]\ntrustee_domain_name = magnum\ntrustee_domain_admin_name = magnum_domain_admin\n',
    );
  });
});

describe('additional databases', () => {
  it("grant Nova's API and cell0 databases to its one database user, with their URLs in nova.conf", () => {
    const byName = containers(Testing.synth(new ServicesPlane(Testing.app(), 's', { only: ['nova'] })));
    const sql = upload(byName['wsgiform-db'], '/etc/wsgiform/init.sql');
    for (const db of ['nova', 'nova_api', 'nova_cell0'])
      expect(sql).toContain(`GRANT ALL PRIVILEGES ON \`${db}\`.* TO 'nova'@'%';`);
    const conf = upload(byName['wsgiform-nova-1'], '/etc/nova/nova.conf');
    expect(conf).toContain(
      '[api_database]\nconnection = mysql+pymysql://nova:${var.nova_db_password}@wsgiform-db:3306/nova_api\n',
    );
    expect(conf).toContain(
      '[database]\nconnection = mysql+pymysql://nova:${var.nova_db_password}@wsgiform-db:3306/nova\n',
    );
  });

  it('are refused with a suffix MariaDB or the URL could not hold', () => {
    const def = (additionalDatabases: string[]) =>
      Testing.synthScope((s) => {
        const host = new DockerHost(s, 'host');
        new ApiService(s, 'app', {
          host,
          lb: new LoadBalancer(s, 'lb', { host }),
          database: new Database(s, 'db', { host }),
          databasePassword: new Secret(s, 'pw'),
          service: new ServiceDefinition({
            name: 'app',
            image: ServiceImage.fromName('acme/app:1'),
            entryPoint: EntryPoint.callable('acme.wsgi:application'),
            port: 8000,
            user: 'app',
            database: { migrations: [], additionalDatabases },
          }),
        });
      });
    expect(() => def(['api-x'])).toThrow(
      /"api-x" is not a database suffix; use 1-32 lower-case letters, digits and _/,
    );
    expect(() => def(['api', 'api'])).toThrow(/a suffix is listed twice/);
  });
});
