// A WSGI app that is not OpenStack (test/support/hello.ts: Flask, no database, no Keystone),
// defined only through the public API, deployed under Apache mod_wsgi, Nginx → uWSGI and uWSGI
// http behind HAProxy, answering through HAProxy, and surviving kill -9 of a replica under load.
import * as http from 'node:http';
import { Testing } from 'cdktf';
import { HELLO_FRONTENDS, HelloPlane } from '../support/hello';
import { BASE_IMAGE, Deployment, expectNoFailures, requireEngine, uniqueName } from '../support/deployment';

jest.setTimeout(20 * 60_000);
beforeAll(requireEngine);

const figures: Record<string, unknown> = {};
afterAll(() => console.log(`wsgiform custom app e2e figures: ${JSON.stringify(figures, null, 2)}`));

const name = uniqueName('hello');
const FIRST_PORT = 36700;
const services = Object.keys(HELLO_FRONTENDS);
const portOf = (svc: string) => FIRST_PORT + services.indexOf(svc);
let d: Deployment | undefined;
afterAll(async () => {
  if (d) await d.destroy();
});

function getJson(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false, timeout: 10_000 }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

it('deploys with no database container and answers through HAProxy on every frontend, from both replicas', async () => {
  const started = Date.now();
  d = await Deployment.up(
    name,
    new HelloPlane(Testing.app(), 'hello', {
      baseImage: BASE_IMAGE,
      deploymentName: name,
      firstPort: FIRST_PORT,
    }),
    {},
  );
  figures['apply seconds'] = (Date.now() - started) / 1000;
  for (const svc of services) {
    const hosts = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const r = await getJson(portOf(svc), '/');
      expect(r.status).toBe(200);
      const body = JSON.parse(r.body) as { app: string; host: string; greeting: string };
      expect(body.app).toBe('hello');
      // The definition's environment reaches the app under every frontend.
      expect(body.greeting).toBe('hi');
      hosts.add(body.host);
    }
    expect(hosts.size).toBe(2);
  }
  expect(d.logs()).not.toContain(`${name}-db`);
});

it.each(services)('%s: a replica killed with SIGKILL is back in service, no request failed', async (svc) => {
  const app = `${name}-${svc}-1`;
  const twoTier = svc === 'hello-nginx';
  const server = twoTier ? `${name}-${svc}-web-1` : app;
  const { seconds, load } = await d!.crash(app, svc, server, `http://${server}:8080/healthz`, [
    { port: portOf(svc), path: '/' },
  ]);
  figures[`${svc}: seconds from SIGKILL to back in service`] = seconds;
  expectNoFailures(figures, `${svc}: crash, 30 s at 20 req/s`, load, 570);
  expect(seconds).toBeLessThanOrEqual(15);
});

it('destroys everything it created', async () => {
  const left = await d!.destroy();
  d = undefined;
  expect(left).toEqual([]);
});
