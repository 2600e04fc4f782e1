// End to end: deploys examples/keystone-cinder-apache with the test-only applier against the
// local Docker engine, talks to it with the host's python3-openstackclient, injects a crash
// and a sickness under load, destroys it and checks that nothing named with the deployment
// prefix remains. A missing engine, image or client fails this lane: scripts/provision.sh makes them.
import { spawnSync } from 'node:child_process';
import { Testing } from 'cdktf';
import { KeystoneCinder } from '../support/planes';
import {
  BASE_IMAGE,
  Deployment,
  PASSWORD,
  expectNoFailures,
  requireEngine,
  uniqueName,
} from '../support/deployment';
import { clientLoop, haproxyStats, inspect, waitFor } from '../support/traffic';

const KEYSTONE_PORT = 35500;
const CINDER_PORT = 38876;
const NAME = uniqueName('wsgie2e');
const traffic = [
  { port: KEYSTONE_PORT, path: '/v3' },
  { port: CINDER_PORT, path: '/' },
];

jest.setTimeout(20 * 60_000);

/** Figures of this run, printed at the end (docs/e2e.md quotes them). */
const figures: Record<string, unknown> = {};
let d: Deployment | undefined;

beforeAll(requireEngine);
afterAll(async () => {
  console.log(`wsgiform e2e figures: ${JSON.stringify(figures, null, 2)}`);
  if (d) await d.destroy(); // normally done by the last test; this covers a failure half way
});

describe('examples/keystone-cinder-apache on the local engine', () => {
  it('applies', async () => {
    const stack = new KeystoneCinder(Testing.app(), 'e2e', {
      baseImage: BASE_IMAGE,
      deploymentName: NAME,
      keystonePort: KEYSTONE_PORT,
      cinderPort: CINDER_PORT,
    });
    const started = Date.now();
    d = await Deployment.up(NAME, stack, {
      admin_password: PASSWORD,
      keystone_db_password: PASSWORD,
      cinder_db_password: PASSWORD,
      cinder_service_password: PASSWORD,
    });
    figures['apply seconds'] = (Date.now() - started) / 1000;
  });

  it('issues a Keystone token through the load balancer', () => {
    expect(
      d!.mustOpenstack(KEYSTONE_PORT, 'token', 'issue', '-f', 'value', '-c', 'id').trim().length,
    ).toBeGreaterThan(20);
  });

  it('creates and lists a Cinder volume type', () => {
    d!.mustOpenstack(KEYSTONE_PORT, 'volume', 'type', 'create', 'e2e-type');
    const listed = d!.mustOpenstack(KEYSTONE_PORT, 'volume', 'type', 'list', '-f', 'value', '-c', 'Name');
    expect(listed.split('\n').map((s) => s.trim())).toContain('e2e-type');
  });

  it('sends traffic to both replicas of each service', async () => {
    expectNoFailures(
      figures,
      'steady state, 4 s at 20 req/s',
      await clientLoop(traffic, 20, 4, new Promise(() => undefined)),
      75,
    );
    const stats = haproxyStats(d!.lb);
    const sessions: Record<string, number> = {};
    for (const svc of ['keystone', 'cinder']) {
      for (const i of [1, 2]) {
        const row = stats.find((r) => r.pxname === svc && r.svname === `${NAME}-${svc}-${i}`);
        expect(row?.status).toBe('UP');
        sessions[`${svc}-${i}`] = Number(row!.stot);
        expect(Number(row!.stot)).toBeGreaterThan(10);
      }
    }
    figures['sessions per server (HAProxy stot)'] = sessions;
  });

  it('brings a Keystone replica killed with SIGKILL back into service within 15 s, with no failed request', async () => {
    const name = `${NAME}-keystone-1`;
    const { seconds, load } = await d!.crash(
      name,
      'keystone',
      name,
      `http://${name}:5000/healthcheck`,
      traffic,
    );
    figures['crash: seconds from SIGKILL to back in service'] = seconds;
    expectNoFailures(figures, 'crash: 30 s at 20 req/s', load, 570);
    expect(seconds).toBeLessThanOrEqual(15);
  });

  it('has the watchdog restart a Cinder replica that stays unhealthy, with no failed request', async () => {
    const name = `${NAME}-cinder-1`;
    const startedBefore = inspect(name).State.StartedAt;
    let recovered!: () => void;
    const done = new Promise<void>((r) => (recovered = r));
    const load = clientLoop(traffic, 20, 150, done);
    await new Promise((r) => setTimeout(r, 2000));
    const sickAt = Date.now();
    // oslo.middleware's disable-by-file switch: /healthcheck answers 503, the API still works.
    expect(spawnSync('docker', ['exec', name, 'touch', '/etc/cinder/healthcheck_disable']).status).toBe(0);
    try {
      const unhealthy = await waitFor('Docker marks the replica unhealthy', 90, 500, () =>
        inspect(name).State.Health?.Status === 'unhealthy' ? (Date.now() - sickAt) / 1000 : undefined,
      );
      const restarted = await waitFor('the watchdog restarts it', 60, 500, () =>
        inspect(name).State.StartedAt !== startedBefore ? (Date.now() - sickAt) / 1000 : undefined,
      );
      const healthy = await waitFor('the replica is healthy again', 120, 500, () =>
        inspect(name).State.Health?.Status === 'healthy' && d!.serverStatus('cinder', name) === 'UP'
          ? (Date.now() - sickAt) / 1000
          : undefined,
      );
      figures['sickness: seconds to unhealthy / watchdog restart / healthy and UP again'] = [
        unhealthy,
        restarted,
        healthy,
      ];
      // Unhealthy after `retries` (3) failed probes 10 s apart; the watchdog looks every 5 s.
      expect(restarted - unhealthy).toBeLessThanOrEqual(10);
    } finally {
      recovered();
    }
    const watchdogLog = spawnSync('docker', ['logs', `${NAME}-watchdog`], { encoding: 'utf8' });
    expect(`${watchdogLog.stdout}${watchdogLog.stderr}`).toContain(`${name} is unhealthy: restarting it`);
    expectNoFailures(figures, 'sickness: 20 req/s until recovered', await load, 400);
  });

  it('destroys everything it created', async () => {
    const left = await d!.destroy();
    d = undefined;
    expect(left).toEqual([]);
  });
});
