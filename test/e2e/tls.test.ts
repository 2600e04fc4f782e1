// End to end, TLS: a small stack (HAProxy terminating TLS, MariaDB, two Keystone replicas) applied
// with the strict applier; a CA and a server certificate for 127.0.0.1 made by openssl now and
// passed as the sensitive variables; the host's openstack client verifies the certificate.
// A missing engine, image or client fails this lane loudly: scripts/provision.sh makes them.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TerraformStack, Testing } from 'cdktf';
import {
  ApiService,
  Database,
  DockerHost,
  Frontend,
  ImageSource,
  LoadBalancer,
  Secret,
  ServiceModule,
  TlsCertificate,
} from '../../lib';
import { Applier } from '../support/applier';
import { DockerClient } from '../support/docker-api';

const BASE = 'wsgiform/debian:bookworm';
const OPENSTACK = '/usr/bin/openstack';
const PORT = 35900;
const REDIRECT_PORT = 35980;
const PASSWORD = 'E2e-Secret.1234';
const DEPLOYMENT = `wsgitls${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;

jest.setTimeout(20 * 60_000);

const docker = new DockerClient();
const logs: string[] = [];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wsgiform-e2e-tls-'));
let applier: Applier | undefined;
const figures: Record<string, unknown> = {};

function run(cmd: string, args: string[], timeout = 60_000): { status: number | null; out: string } {
  // No CA bundle or insecure switch from the caller's environment may decide the outcome.
  const env: NodeJS.ProcessEnv = { PATH: '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' };
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout, env });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}${r.error ? `\n${r.error.message}` : ''}` };
}

function openssl(...args: string[]): void {
  const r = run('openssl', args);
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed:\n${r.out}`);
}

const file = (name: string) => path.join(dir, name);

/** A CA, and a server certificate for IP 127.0.0.1 that it signed. */
function makeCertificates(): void {
  openssl(
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=wsgiform e2e CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    '-keyout', file('ca.key'), '-out', file('ca.crt'),
  ); // prettier-ignore
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', file('server.key'), '-out', file('server.csr')); // prettier-ignore
  fs.writeFileSync(
    file('server.ext'),
    'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n',
  );
  openssl(
    'x509', '-req', '-in', file('server.csr'), '-CA', file('ca.crt'), '-CAkey', file('ca.key'),
    '-CAcreateserial', '-days', '1', '-extfile', file('server.ext'), '-out', file('server.crt'),
  ); // prettier-ignore
}

class TlsStack extends TerraformStack {
  constructor() {
    super(Testing.app(), 'e2e-tls');
    const host = new DockerHost(this, 'host', {
      deploymentName: DEPLOYMENT,
      images: ImageSource.fromDockerfiles({ baseImage: BASE }),
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
      module: ServiceModule.keystone({ adminPassword: new Secret(this, 'admin_password') }),
      replicas: 2,
      publicPort: PORT,
      frontend: Frontend.apacheModWsgi({ processes: 2 }),
      backend: { redirectHttpPort: REDIRECT_PORT },
    });
  }
}

function tokenIssue(...extra: string[]): { status: number | null; out: string } {
  return run(
    OPENSTACK,
    [
      ...extra,
      '--os-auth-url', `https://127.0.0.1:${PORT}/v3`,
      '--os-username', 'admin', '--os-password', PASSWORD, '--os-project-name', 'admin',
      '--os-user-domain-name', 'Default', '--os-project-domain-name', 'Default',
      '--os-identity-api-version', '3',
      'token', 'issue', '-f', 'value', '-c', 'id',
    ],
    120_000,
  ); // prettier-ignore
}

async function leftovers(): Promise<string[]> {
  const found: string[] = [];
  const cs = await docker.call<Array<{ Names: string[] }>>('GET', '/containers/json', { query: { all: 1 } });
  for (const x of cs) for (const n of x.Names) if (n.includes(DEPLOYMENT)) found.push(`container ${n}`);
  const ns = await docker.call<Array<{ Name: string }>>('GET', '/networks');
  for (const x of ns) if (x.Name.includes(DEPLOYMENT)) found.push(`network ${x.Name}`);
  const vs = await docker.call<{ Volumes: Array<{ Name: string }> | null }>('GET', '/volumes');
  for (const x of vs.Volumes ?? []) if (x.Name.includes(DEPLOYMENT)) found.push(`volume ${x.Name}`);
  return found;
}

beforeAll(() => {
  if (!fs.existsSync('/var/run/docker.sock'))
    throw new Error('no Docker engine at /var/run/docker.sock: run scripts/provision.sh');
  if (spawnSync('docker', ['image', 'inspect', BASE], { stdio: 'ignore' }).status !== 0)
    throw new Error(`image ${BASE} is missing: run scripts/provision.sh`);
  if (!fs.existsSync(OPENSTACK)) throw new Error(`${OPENSTACK} is missing (python3-openstackclient)`);
  makeCertificates();
});

afterAll(async () => {
  console.log(`wsgiform e2e TLS figures: ${JSON.stringify(figures, null, 2)}`);
  try {
    if (applier) await applier.destroy();
    applier = undefined;
    expect(await leftovers()).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe('TLS terminated at HAProxy, certificate from sensitive variables', () => {
  it('applies', async () => {
    const tf = JSON.parse(Testing.synth(new TlsStack())) as object;
    const t0 = Date.now();
    try {
      applier = await Applier.apply(tf, {
        variables: {
          admin_password: PASSWORD,
          keystone_db_password: PASSWORD,
          api_tls_certificate: fs.readFileSync(file('server.crt'), 'utf8'),
          api_tls_private_key: fs.readFileSync(file('server.key'), 'utf8'),
        },
        log: (m) => logs.push(m),
      });
    } catch (e) {
      throw new Error(`${(e as Error).message}\n--- applier log (last 30):\n${logs.slice(-30).join('\n')}`);
    }
    figures['apply seconds'] = (Date.now() - t0) / 1000;
    const key = run('docker', [
      'exec',
      `${DEPLOYMENT}-lb`,
      'stat',
      '-c',
      '%a %U',
      '/etc/wsgiform/tls/server.pem.key',
    ]);
    expect(key.out.trim()).toBe('600 root');
  });

  it('issues a token over https with the client verifying the certificate against the CA', () => {
    expect(applier).toBeDefined();
    const t0 = Date.now();
    const r = tokenIssue('--os-cacert', file('ca.crt'));
    figures['token issue over https, seconds'] = (Date.now() - t0) / 1000;
    if (r.status !== 0) throw new Error(`token issue failed:\n${r.out}`);
    expect(r.out.trim().length).toBeGreaterThan(20);
  });

  it('fails the same call without the CA: the certificate is really verified', () => {
    expect(applier).toBeDefined();
    const r = tokenIssue();
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/CERTIFICATE_VERIFY_FAILED|certificate verify failed/i);
  });

  it('sets X-Forwarded-Proto only at the TLS hop: Keystone links https outside, http on the network', () => {
    expect(applier).toBeDefined();
    const outside = run('curl', ['-sS', '--cacert', file('ca.crt'), `https://127.0.0.1:${PORT}/v3`]);
    expect(outside.out).toContain(`"href": "https://127.0.0.1:${PORT}/v3/"`);
    // A client on the deployment network cannot claim https: HAProxy drops its header.
    const inside = run('docker', [
      'exec', `${DEPLOYMENT}-lb`, 'curl', '-sS', '-H', 'X-Forwarded-Proto: https', `http://${DEPLOYMENT}-lb:${PORT}/v3`,
    ]); // prettier-ignore
    expect(inside.out).toContain(`"href": "http://${DEPLOYMENT}-lb:${PORT}/v3/"`);
  });

  it('redirects the plain port to the https URL with 308', () => {
    expect(applier).toBeDefined();
    const r = run('curl', [
      '-sS', '-o', '/dev/null', '-w', '%{http_code} %{redirect_url}', `http://127.0.0.1:${REDIRECT_PORT}/v3/auth/tokens?x=1`,
    ]); // prettier-ignore
    expect(r.out.trim()).toBe(`308 https://127.0.0.1:${PORT}/v3/auth/tokens?x=1`);
  });

  it('destroys everything it created', async () => {
    expect(applier).toBeDefined();
    const a = applier!;
    applier = undefined;
    await a.destroy();
    expect(await leftovers()).toEqual([]);
  });
});
