// Every frontend end to end: the example's control plane with Keystone and Cinder under uWSGI
// http, Nginx → uWSGI, Apache mod_proxy_uwsgi → uWSGI, and Cinder's own eventlet server, each
// deployed on the local engine, used with the real OpenStack client through HAProxy, and
// crashed (kill -9 of the app's PID 1) under load. A missing prerequisite fails the lane.
import { Testing } from 'cdktf';
import { KeystoneCinder } from '../support/planes';
import { Frontend } from '../../lib';
import {
  BASE_IMAGE,
  Deployment,
  PASSWORD,
  expectNoFailures,
  requireEngine,
  uniqueName,
} from '../support/deployment';

jest.setTimeout(20 * 60_000);
beforeAll(requireEngine);

const figures: Record<string, unknown> = {};
afterAll(() => console.log(`wsgiform frontend e2e figures: ${JSON.stringify(figures, null, 2)}`));

interface Variant {
  readonly label: string;
  readonly keystone: Frontend;
  readonly cinder: Frontend;
  /** The service whose replica is crashed: the one on the frontend under test. */
  readonly crash: 'keystone' | 'cinder';
  /** True when a web container stands in front of the app container. */
  readonly twoTier: boolean;
}

const variants: Variant[] = [
  {
    label: 'uWSGI http',
    keystone: Frontend.uwsgiHttp(),
    cinder: Frontend.uwsgiHttp(),
    crash: 'keystone',
    twoTier: false,
  },
  {
    label: 'Nginx → uWSGI',
    keystone: Frontend.nginxUwsgi(),
    cinder: Frontend.nginxUwsgi(),
    crash: 'keystone',
    twoTier: true,
  },
  {
    label: 'Apache mod_proxy_uwsgi → uWSGI',
    keystone: Frontend.apacheProxyUwsgi(),
    cinder: Frontend.apacheProxyUwsgi(),
    crash: 'keystone',
    twoTier: true,
  },
  {
    label: 'standalone cinder-api',
    keystone: Frontend.apacheModWsgi(),
    cinder: Frontend.standalone(),
    crash: 'cinder',
    twoTier: false,
  },
];

describe.each(variants.map((v, i) => [v.label, v, i] as const))('%s', (label, v, i) => {
  const name = uniqueName(`wsgife${i}`);
  const keystonePort = 35600 + i;
  const cinderPort = 38600 + i;
  const ports = { keystone: keystonePort, cinder: cinderPort };
  const servicePort = { keystone: 5000, cinder: 8776 };
  let d: Deployment | undefined;
  afterAll(async () => {
    if (d) await d.destroy();
  });

  it('deploys, issues a token and lists volume types through HAProxy', async () => {
    const stack = new KeystoneCinder(Testing.app(), 'e2e', {
      baseImage: BASE_IMAGE,
      deploymentName: name,
      keystonePort,
      cinderPort,
      keystoneFrontend: v.keystone,
      cinderFrontend: v.cinder,
    });
    const started = Date.now();
    d = await Deployment.up(name, stack, {
      admin_password: PASSWORD,
      keystone_db_password: PASSWORD,
      cinder_db_password: PASSWORD,
      cinder_service_password: PASSWORD,
    });
    figures[`${label}: apply seconds`] = (Date.now() - started) / 1000;
    expect(
      d.mustOpenstack(keystonePort, 'token', 'issue', '-f', 'value', '-c', 'id').trim().length,
    ).toBeGreaterThan(20);
    d.mustOpenstack(keystonePort, 'volume', 'type', 'create', `e2e-${i}`);
    expect(d.mustOpenstack(keystonePort, 'volume', 'type', 'list', '-f', 'value', '-c', 'Name')).toContain(
      `e2e-${i}`,
    );
  });

  it('brings a replica killed with SIGKILL back into service within 15 s, with no failed request', async () => {
    const svc = v.crash;
    const app = `${name}-${svc}-1`;
    const server = v.twoTier ? `${name}-${svc}-web-1` : app;
    const traffic = [
      { port: ports.keystone, path: '/v3' },
      { port: ports.cinder, path: '/' },
    ];
    const { seconds, load } = await d!.crash(
      app,
      svc,
      server,
      `http://${server}:${servicePort[svc]}/healthcheck`,
      traffic,
    );
    figures[`${label}: seconds from SIGKILL to back in service`] = seconds;
    expectNoFailures(figures, `${label}: crash, 30 s at 20 req/s`, load, 570);
    expect(seconds).toBeLessThanOrEqual(15);
  });

  it('destroys everything it created', async () => {
    const left = await d!.destroy();
    d = undefined;
    expect(left).toEqual([]);
  });
});
