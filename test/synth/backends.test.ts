import { Testing } from 'cdktf';
import {
  ApiService,
  BuiltinServices,
  ConfigDelivery,
  ControlPlane,
  DockerHost,
  EntryPoint,
  LoadBalancer,
  MessageBus,
  Secret,
  ServiceDefinition,
  ServiceImage,
  Wiring,
} from '../../lib';
import { containers, upload } from '../support/stacks';

/** A plane with Keystone and Cinder, and the back ends `extra` asks for. */
function plane(extra: { bus?: boolean; cache?: boolean } = {}) {
  return Testing.synthScope((s) => {
    const p = new ControlPlane(s, 'plane', {
      messageBus: extra.bus ? { password: new Secret(s, 'rabbit_password') } : undefined,
      cache: extra.cache ? {} : undefined,
    });
    const keystone = p.addService('keystone', {
      service: BuiltinServices.named('keystone'),
      adminPassword: new Secret(s, 'admin'),
      databasePassword: new Secret(s, 'keystone_db'),
    });
    p.addService('cinder', {
      service: BuiltinServices.named('cinder'),
      databasePassword: new Secret(s, 'cinder_db'),
      identity: keystone,
      servicePassword: new Secret(s, 'cinder_svc'),
    });
  });
}

describe('RabbitMQ and Memcached in a ControlPlane', () => {
  const json = plane({ bus: true, cache: true });
  const byName = containers(json);

  it('runs each in its own container, health-checked, restarted and watched', () => {
    for (const name of ['wsgiform-rabbitmq', 'wsgiform-memcached']) {
      const c = byName[name];
      expect(c.restart).toBe('unless-stopped');
      expect(c.wait).toBe(true);
      expect(c.healthcheck.test[0]).toBe('CMD');
      expect(c.labels).toContainEqual({ label: 'wsgiform.watchdog', value: 'enabled' });
    }
    expect(byName['wsgiform-rabbitmq'].healthcheck.test.join(' ')).toContain(
      "exec 3<>/dev/tcp/127.0.0.1/5672 && printf 'AMQP\\0\\0\\11\\1' >&3",
    );
    expect(byName['wsgiform-memcached'].healthcheck.test.join(' ')).toContain('= 56455253494f4e ]');
  });

  it("creates RabbitMQ's user from a sensitive variable and keeps its data in a volume", () => {
    const conf = upload(byName['wsgiform-rabbitmq'], '/etc/wsgiform/rabbitmq.conf');
    expect(conf).toContain('default_user = openstack\ndefault_pass = ${var.rabbit_password}\n');
    expect(byName['wsgiform-rabbitmq'].volumes).toEqual([
      expect.objectContaining({ container_path: '/var/lib/rabbitmq/mnesia' }),
    ]);
    expect(upload(byName['wsgiform-rabbitmq'], '/usr/local/bin/wsgiform-start')).toContain(
      'exec setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups -- /usr/lib/rabbitmq/bin/rabbitmq-server\n',
    );
  });

  it('wires the services that use them, and makes their bootstrap wait for them', () => {
    const conf = upload(byName['wsgiform-cinder-1'], '/etc/cinder/cinder.conf');
    expect(conf).toContain(
      'transport_url = rabbit://openstack:${var.rabbit_password}@wsgiform-rabbitmq:5672/\n',
    );
    expect(conf).toContain('memcached_servers = wsgiform-memcached:11211\n');
    expect(JSON.stringify(byName['wsgiform-cinder-bootstrap'].depends_on)).toMatch(/rabbitmq.*memcached/);
  });

  it('leaves them out, and a service without them, when the plane has none', () => {
    const none = containers(plane());
    expect(Object.keys(none).some((n) => /rabbitmq|memcached/.test(n))).toBe(false);
    expect(upload(none['wsgiform-cinder-1'], '/etc/cinder/cinder.conf')).not.toContain('transport_url');
  });
});

/** An API whose calls go over RPC to a daemon next to it. */
const rpc = (companionHealth?: string[]) =>
  new ServiceDefinition({
    name: 'orchestra',
    image: ServiceImage.fromName('acme/orchestra:1'),
    entryPoint: EntryPoint.script('/usr/bin/orchestra-wsgi'),
    port: 8004,
    user: 'orchestra',
    config: {
      path: '/etc/orchestra/orchestra.conf',
      delivery: ConfigDelivery.argv(),
    },
    messaging: { required: true, config: { DEFAULT: { transport_url: Wiring.TRANSPORT_URL } } },
    companions: [
      { name: 'engine', command: ['/usr/bin/orchestra-engine'], healthcheck: companionHealth, replicas: 2 },
    ],
  });

describe('companion daemons and a required message bus', () => {
  const json = Testing.synthScope((s) => {
    const host = new DockerHost(s, 'host');
    new ApiService(s, 'orchestra', {
      host,
      lb: new LoadBalancer(s, 'lb', { host }),
      messageBus: new MessageBus(s, 'rabbitmq', { host, password: new Secret(s, 'rabbit') }),
      service: rpc(['pgrep', '-f', 'orchestra-engine']),
    });
  });
  const byName = containers(json);

  it('runs each companion from the service image with its config, as the service user', () => {
    for (const n of ['wsgiform-orchestra-engine-1', 'wsgiform-orchestra-engine-2']) {
      const c = byName[n];
      expect(upload(c, '/usr/local/bin/wsgiform-start')).toContain(
        'exec setpriv --reuid=orchestra --regid=orchestra --init-groups -- /usr/bin/orchestra-engine --config-file /etc/orchestra/orchestra.conf\n',
      );
      expect(upload(c, '/etc/orchestra/orchestra.conf')).toContain('transport_url = rabbit://');
      expect(c.healthcheck.test).toEqual(['CMD', 'pgrep', '-f', 'orchestra-engine']);
      expect(c.labels).toContainEqual({ label: 'wsgiform.watchdog', value: 'enabled' });
      expect(c.labels).toContainEqual({ label: 'wsgiform.role', value: 'companion-engine' });
      expect(c.ports).toBeUndefined();
    }
  });

  it('refuses the service without a message bus, naming the fix', () => {
    expect(() =>
      Testing.synthScope((s) => {
        const host = new DockerHost(s, 'host');
        new ApiService(s, 'orchestra', { host, lb: new LoadBalancer(s, 'lb', { host }), service: rpc() });
      }),
    ).toThrow(
      '[stack/orchestra] messageBus is missing: service orchestra forwards its calls over RPC and cannot answer without one; give the deployment a MessageBus (ControlPlane messageBus)',
    );
  });
});
