// End to end, TLS: a small stack (HAProxy terminating TLS, MariaDB, two Keystone replicas) applied
// with the strict applier; a CA and a server certificate for 127.0.0.1 made by openssl now and
// passed as the sensitive variables; the host's openstack client verifies the certificate.
// A missing engine, image or client fails this lane loudly: scripts/provision.sh makes them.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import {
  ApiService,
  Database,
  DockerHost,
  Frontend,
  ImageSource,
  LoadBalancer,
  Secret,
  BuiltinServices,
  TlsCertificate,
} from '../../lib';
import { caAndServer } from '../support/certificates';
import { BASE_IMAGE, Deployment, PASSWORD, requireEngine, uniqueName } from '../support/deployment';

const PORT = 35900;
const REDIRECT_PORT = 35980;
const NAME = uniqueName('wsgitls');

jest.setTimeout(20 * 60_000);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wsgiform-e2e-tls-'));
const figures: Record<string, unknown> = {};
let certs: ReturnType<typeof caAndServer>;
let d: Deployment | undefined;

/** Runs a host command in a bare environment (no CA bundle of the caller's). */
function run(cmd: string, args: string[]): { status: number | null; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 60_000, env: { PATH: '/usr/bin:/bin' } });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}${r.error ? `\n${r.error.message}` : ''}` };
}

class TlsStack extends TerraformStack {
  constructor() {
    super(Testing.app(), 'e2e-tls');
    const host = new DockerHost(this, 'host', {
      deploymentName: NAME,
      images: ImageSource.fromDockerfiles({ baseImage: BASE_IMAGE }),
    });
    const lb = new LoadBalancer(this, 'lb', {
      host,
      tls: { certificate: TlsCertificate.fromVariables(this, 'api_tls') },
    });
    new ApiService(this, 'keystone', {
      host,
      lb,
      database: new Database(this, 'db', { host }),
      databasePassword: new Secret(this, 'keystone_db_password'),
      service: BuiltinServices.named('keystone'),
      adminPassword: new Secret(this, 'admin_password'),
      replicas: 2,
      publicPort: PORT,
      frontend: Frontend.apacheModWsgi({ processes: 2 }),
      backend: { redirectHttpPort: REDIRECT_PORT },
    });
  }
}

const tokenIssue = (...extra: string[]) =>
  d!.openstackAt(`https://127.0.0.1:${PORT}/v3`, ...extra, 'token', 'issue', '-f', 'value', '-c', 'id');

beforeAll(() => {
  requireEngine();
  certs = caAndServer(dir);
});

afterAll(async () => {
  console.log(`wsgiform e2e TLS figures: ${JSON.stringify(figures, null, 2)}`);
  try {
    if (d) await d.destroy(); // normally done by the last test; this covers a failure half way
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe('TLS terminated at HAProxy, certificate from sensitive variables', () => {
  it('applies', async () => {
    const t0 = Date.now();
    d = await Deployment.up(NAME, new TlsStack(), {
      admin_password: PASSWORD,
      keystone_db_password: PASSWORD,
      api_tls_certificate: certs.server.cert,
      api_tls_private_key: certs.server.key,
    });
    figures['apply seconds'] = (Date.now() - t0) / 1000;
    const key = run('docker', ['exec', d.lb, 'stat', '-c', '%a %U', '/etc/wsgiform/tls/server.pem.key']);
    expect(key.out.trim()).toBe('600 root');
  });

  it('issues a token over https with the client verifying the certificate against the CA', () => {
    const t0 = Date.now();
    const r = tokenIssue('--os-cacert', certs.ca.certPath);
    figures['token issue over https, seconds'] = (Date.now() - t0) / 1000;
    if (r.status !== 0) throw new Error(`token issue failed:\n${r.out}`);
    expect(r.out.trim().length).toBeGreaterThan(20);
  });

  it('fails the same call without the CA: the certificate is really verified', () => {
    const r = tokenIssue();
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/CERTIFICATE_VERIFY_FAILED|certificate verify failed/i);
  });

  it('sets X-Forwarded-Proto only at the TLS hop: Keystone links https outside, http on the network', () => {
    const outside = run('curl', ['-sS', '--cacert', certs.ca.certPath, `https://127.0.0.1:${PORT}/v3`]);
    expect(outside.out).toContain(`"href": "https://127.0.0.1:${PORT}/v3/"`);
    // A client on the deployment network cannot claim https: HAProxy drops its header.
    const inside = run('docker', [
      'exec',
      d!.lb,
      'curl',
      '-sS',
      '-H',
      'X-Forwarded-Proto: https',
      `http://${d!.lb}:${PORT}/v3`,
    ]);
    expect(inside.out).toContain(`"href": "http://${d!.lb}:${PORT}/v3/"`);
  });

  it('redirects the plain port to the https URL with 308', () => {
    const url = `http://127.0.0.1:${REDIRECT_PORT}/v3/auth/tokens?x=1`;
    const r = run('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code} %{redirect_url}', url]);
    expect(r.out.trim()).toBe(`308 https://127.0.0.1:${PORT}/v3/auth/tokens?x=1`);
  });

  it('destroys everything it created', async () => {
    const left = await d!.destroy();
    d = undefined;
    expect(left).toEqual([]);
  });
});
