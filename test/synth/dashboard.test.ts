// Horizon, and what the definition API gained for it: a service that signs users in at Keystone
// without a catalog entry (identityLogin), a cache it cannot do without, and an environment that
// carries the deployment's wiring.
import { Testing } from 'cdktf';
import {
  ApiService,
  BuiltinServices,
  Cache,
  ControlPlane,
  Frontend,
  Secret,
  type ServiceDefinitionProps,
  Wiring,
} from '../../lib';
import { base, containers, ownDefinition, upload } from '../support/stacks';

function horizonPlane(extra: { cache?: boolean; identity?: boolean; servicePassword?: boolean } = {}) {
  return Testing.synthScope((s) => {
    const plane = new ControlPlane(s, 'plane', extra.cache === false ? {} : { cache: {} });
    const keystone = plane.addService('keystone', {
      service: BuiltinServices.named('keystone'),
      adminPassword: new Secret(s, 'admin'),
      databasePassword: new Secret(s, 'keystone_db'),
    });
    plane.addService('dashboard', {
      service: BuiltinServices.named('horizon'),
      identity: extra.identity === false ? undefined : keystone,
      servicePassword: extra.servicePassword ? new Secret(s, 'svc') : undefined,
      frontend: Frontend.nginxUwsgi(),
      publicPort: 8080,
    });
  });
}

describe('Horizon', () => {
  const json = horizonPlane();
  const byName = containers(json);
  const start = upload(byName['wsgiform-dashboard-1'], '/usr/local/bin/wsgiform-start');

  it("gets Keystone's internal URL, Memcached and its own URLs through the environment", () => {
    expect(start).toContain('export WSGIFORM_IDENTITY_URL=http://wsgiform-lb:5000\n');
    expect(start).toContain('export WSGIFORM_MEMCACHED_SERVERS=wsgiform-memcached:11211\n');
    expect(start).toContain("export WSGIFORM_URLS='http://127.0.0.1:8080 http://wsgiform-lb:8080'\n");
  });

  it('writes its settings snippet, which holds no deployment value', () => {
    const snippet = upload(
      byName['wsgiform-dashboard-1'],
      '/etc/openstack-dashboard/local_settings.d/_9000_wsgiform.py',
    );
    expect(snippet).toContain("OPENSTACK_KEYSTONE_URL = _os.environ['WSGIFORM_IDENTITY_URL']");
    expect(snippet).not.toMatch(/wsgiform-plane|127\.0\.0\.1:8080/);
  });

  it('registers nothing in Keystone: its bootstrap job only creates the shared secret key', () => {
    const bootstrap = byName['wsgiform-dashboard-bootstrap'];
    const script = upload(bootstrap, '/usr/local/bin/wsgiform-bootstrap');
    expect(script).toContain('secret_key.generate_or_read_from_file');
    expect(script).not.toContain('keystoneauth1');
    // The replicas and the bootstrap job share the key's volume.
    const mounts = (c: Record<string, any>) => c.volumes.map((v: any) => v.container_path);
    expect(mounts(bootstrap)).toEqual(['/var/lib/openstack-dashboard/secret-key']);
    expect(mounts(byName['wsgiform-dashboard-2'])).toEqual(['/var/lib/openstack-dashboard/secret-key']);
  });

  it("is checked by HAProxy with the internal URL's host, which its ALLOWED_HOSTS accepts", () => {
    const haproxy = upload(byName['wsgiform-lb'], '/etc/wsgiform/haproxy.cfg');
    expect(haproxy).toContain(
      'http-check send meth GET uri /auth/login/ ver HTTP/1.1 hdr Host wsgiform-lb hdr',
    );
  });

  it.each([
    [
      { cache: false },
      'cache is missing: service horizon keeps state its replicas share in Memcached and does not work without it; give the deployment a Cache (ControlPlane cache)',
    ],
    [
      { identity: false },
      'identity is missing: service horizon signs users in at Keystone; pass the ApiService of Keystone as identity',
    ],
    [
      { servicePassword: true },
      'servicePassword: service horizon only signs users in and has no Keystone user of its own; drop it',
    ],
  ])('refuses a deployment it cannot work in: %j', (extra, message) => {
    expect(() => horizonPlane(extra)).toThrow(`[stack/plane/dashboard] ${message}`);
  });
});

describe('definitions: identityLogin and environment wiring', () => {
  const synth = (props: Partial<ServiceDefinitionProps>, withIdentity = false) =>
    Testing.synthScope((s) => {
      const parts = base(s);
      new ApiService(s, 'app', {
        host: parts.host,
        lb: parts.lb,
        service: ownDefinition(props),
        identity: withIdentity ? parts.keystone : undefined,
        cache: props.cache ? new Cache(s, 'memcached', { host: parts.host }) : undefined,
      });
    });

  it.each([
    [
      { environment: { DB: Wiring.DATABASE_URL } },
      'service app: environment[DB]: Wiring.DATABASE_URL holds a password, and the environment is written into the world-readable start script; put it in a config file instead',
    ],
    [
      { environment: { BUS: `x ${Wiring.TRANSPORT_URL}` } },
      'service app: environment[BUS]: Wiring.TRANSPORT_URL holds a password',
    ],
    [{ environment: { 'NOT-A-NAME': 'x' } }, 'service app: environment: "NOT-A-NAME" is not a variable name'],
    [{ environment: { URL: `${Wiring.PUBLIC_URL}\n` } }, 'environment[URL]'],
    [
      { identityLogin: {}, identity: { catalogType: 'app' } },
      'service app: identityLogin: a service that only signs users in has no catalog entry; drop identityLogin, or drop identity',
    ],
    [
      { environment: { KEYSTONE: Wiring.IDENTITY_INTERNAL_URL } },
      'environment[KEYSTONE]: service app uses Wiring.IDENTITY_INTERNAL_URL, which this deployment does not provide',
    ],
  ] as [Partial<ServiceDefinitionProps>, string][])('refuses %#', (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  it('fills non-secret wiring into the environment of replicas and the bootstrap job', () => {
    const json = synth(
      {
        environment: { KEYSTONE: `${Wiring.IDENTITY_INTERNAL_URL}/v3`, CACHE: Wiring.MEMCACHED_SERVERS },
        identityLogin: {},
        cache: { required: true },
        bootstrap: [{ argv: ['app-init'] }],
      },
      true,
    );
    const byName = containers(json);
    const start = upload(byName['wsgiform-app-1'], '/usr/local/bin/wsgiform-start');
    expect(start).toContain('export KEYSTONE=http://wsgiform-lb:5000/v3\n');
    expect(start).toContain('export CACHE=wsgiform-memcached:11211\n');
    expect(byName['wsgiform-app-bootstrap'].env).toEqual(
      expect.arrayContaining(['KEYSTONE=http://wsgiform-lb:5000/v3', 'CACHE=wsgiform-memcached:11211']),
    );
  });
});
