// More OpenStack APIs end to end, in one deployment next to Keystone with RabbitMQ and Memcached:
// Placement, Barbican, Aodh and Heat (with heat-engine over RabbitMQ), two replicas each under
// the four WSGI frontends, and Gnocchi, Manila, Mistral, Octavia and Watcher, one each.
// For each: the bootstrap job exits 0 (the applier's postcondition), the replicas are healthy,
// HAProxy has them UP, the catalog has the service, and a real client call through HAProxy
// succeeds; kill -9 of a replica of each of the first four under load costs no request.
import { Testing } from 'cdktf';
import { MORE_SERVICES, SERVICES_KEYSTONE_PORT, SERVICES_UNDER_TEST, ServicesPlane } from '../support/planes';
import {
  BASE_IMAGE,
  Deployment,
  PASSWORD,
  expectNoFailures,
  requireEngine,
  uniqueName,
} from '../support/deployment';

jest.setTimeout(30 * 60_000);
beforeAll(requireEngine);

const figures: Record<string, unknown> = {};
afterAll(() => console.log(`wsgiform services e2e figures: ${JSON.stringify(figures, null, 2)}`));

const name = uniqueName('svc');
const services = Object.keys(SERVICES_UNDER_TEST) as (keyof typeof SERVICES_UNDER_TEST)[];
const PORTS: Record<string, { port: number; frontend: { kind: string } }> = {
  ...SERVICES_UNDER_TEST,
  ...MORE_SERVICES,
};
const everyService = Object.keys(PORTS);
const CATALOG: Record<string, string> = {
  placement: 'placement',
  barbican: 'key-manager',
  aodh: 'alarming',
  heat: 'orchestration',
  gnocchi: 'metric',
  manila: 'sharev2',
  mistral: 'workflowv2',
  octavia: 'load-balancer',
  watcher: 'infra-optim',
};
const EMPTY_LIST = /^\[\]$/m;
/** The call that shows each API works, and what its output must contain. */
const CALLS: Record<string, { args: string[]; expect: RegExp }[]> = {
  placement: [{ args: ['resource', 'provider', 'list', '-f', 'json'], expect: /^\[\]$/m }],
  barbican: [
    {
      args: [
        'secret',
        'store',
        '--name',
        'e2e-secret',
        '--payload',
        'e2e-payload',
        '-f',
        'value',
        '-c',
        'Secret href',
      ],
      expect: new RegExp(`http://127.0.0.1:${SERVICES_UNDER_TEST.barbican.port}/v1/secrets/[0-9a-f-]{36}`),
    },
    { args: ['secret', 'list', '-f', 'value', '-c', 'Name'], expect: /^e2e-secret$/m },
  ],
  aodh: [{ args: ['alarm', 'list', '-f', 'json'], expect: /^\[\]$/m }],
  heat: [{ args: ['stack', 'list', '-f', 'json'], expect: /^\[\]$/m }],
  gnocchi: [{ args: ['metric', 'list', '-f', 'json'], expect: EMPTY_LIST }],
  manila: [{ args: ['share', 'list', '-f', 'json'], expect: EMPTY_LIST }],
  mistral: [{ args: ['workflow', 'list', '-f', 'json'], expect: /^\[/m }],
  octavia: [{ args: ['loadbalancer', 'list', '-f', 'json'], expect: EMPTY_LIST }],
  watcher: [{ args: ['optimize', 'audit', 'list', '-f', 'json'], expect: EMPTY_LIST }],
};
let d: Deployment | undefined;
afterAll(async () => {
  if (d) await d.destroy();
});

it('deploys Keystone, RabbitMQ, Memcached and the services, every bootstrap job exiting 0', async () => {
  const variables: Record<string, string> = {
    rabbit_password: PASSWORD,
    admin_password: PASSWORD,
    keystone_db_password: PASSWORD,
  };
  for (const s of everyService) variables[`${s}_db_password`] = variables[`${s}_service_password`] = PASSWORD;
  const started = Date.now();
  d = await Deployment.up(
    name,
    new ServicesPlane(Testing.app(), 'services', { baseImage: BASE_IMAGE, deploymentName: name }),
    variables,
  );
  figures['apply seconds'] = (Date.now() - started) / 1000;
  figures['memory MiB by container'] = d.memoryMiB();
});

it.each(everyService)(
  '%s: UP in HAProxy, in the catalog, and answering a real client through HAProxy',
  (svc) => {
    const twoTier = ['nginx-uwsgi', 'apache-proxy-uwsgi'].includes(PORTS[svc].frontend.kind);
    for (const i of svc in SERVICES_UNDER_TEST ? [1, 2] : [1]) {
      const server = twoTier ? `${name}-${svc}-web-${i}` : `${name}-${svc}-${i}`;
      expect(d!.serverStatus(svc, server)).toBe('UP');
    }
    expect(
      d!.mustOpenstack(
        SERVICES_KEYSTONE_PORT,
        'catalog',
        'show',
        CATALOG[svc],
        '-f',
        'value',
        '-c',
        'endpoints',
      ),
    ).toContain(`http://127.0.0.1:${PORTS[svc].port}`);
    for (const call of CALLS[svc]) {
      const started = Date.now();
      const out = d!.mustOpenstack(SERVICES_KEYSTONE_PORT, ...call.args);
      figures[`${svc}: openstack ${call.args.slice(0, 2).join(' ')} seconds`] = (Date.now() - started) / 1000;
      expect(out).toMatch(call.expect);
    }
  },
);

it('runs heat-engine next to heat-api, healthy while connected to RabbitMQ', () => {
  expect(d!.health(`${name}-heat-engine-1`)).toBe('healthy');
});

it.each(services)('%s: a replica killed with SIGKILL is back in service, no request failed', async (svc) => {
  const twoTier = svc === 'barbican' || svc === 'aodh';
  const app = `${name}-${svc}-1`;
  const server = twoTier ? `${name}-${svc}-web-1` : app;
  const port = SERVICES_UNDER_TEST[svc];
  const internal = { placement: 8778, barbican: 9311, aodh: 8042, heat: 8004 }[svc];
  const health = svc === 'placement' ? '/' : '/healthcheck';
  const { seconds, load } = await d!.crash(app, svc, server, `http://${server}:${internal}${health}`, [
    { port: port.port, path: '/' },
  ]);
  figures[`${svc}: seconds from SIGKILL to back in service`] = seconds;
  expectNoFailures(figures, `${svc}: crash, 30 s at 20 req/s`, load, 570);
  expect(seconds).toBeLessThanOrEqual(30);
});

it('destroys everything it created', async () => {
  const left = await d!.destroy();
  d = undefined;
  expect(left).toEqual([]);
});
