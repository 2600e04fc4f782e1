import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import {
  ApiService,
  Database,
  DockerHost,
  LoadBalancer,
  Secret,
  BuiltinServices,
  TlsCertificate,
} from '../../lib';
import { selfSigned as certificate } from '../support/certificates';
import { landedFiles } from '../support/rendered-files';

// The TLS haproxy.cfg, with a throwaway self-signed certificate made by openssl now, handed to
// the real `haproxy -c`, which loads the chain and the key and checks that they belong together.
const work = mkdtempSync(join(tmpdir(), 'wsgiform-configcheck-tls-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(cmd: string, args: string[]): { status: number | null; output: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`${cmd} could not run (${r.error.message}); run scripts/provision.sh first`);
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

const selfSigned = (name: string) => certificate(work, name);

/** Every file the TLS load balancer uploads, as it lands, with the given variable values. */
function landedLbFiles(values: Record<string, string>): Map<string, string> {
  const synthesized = Testing.synthScope((s) => {
    const host = new DockerHost(s, 'host');
    const lb = new LoadBalancer(s, 'lb', {
      host,
      tls: { certificate: TlsCertificate.fromVariables(s, 'api_tls') },
    });
    new ApiService(s, 'keystone', {
      host,
      lb,
      database: new Database(s, 'db', { host }),
      databasePassword: new Secret(s, 'keystone_db'),
      service: BuiltinServices.named('keystone'),
      adminPassword: new Secret(s, 'admin'),
      backend: { redirectHttpPort: 5080 },
    });
  });
  return new Map(
    landedFiles(synthesized, values)
      .filter((f) => f.container === 'wsgiform-lb')
      .map((f) => [f.path, f.content]),
  );
}

/** Writes the config and both PEM files under `dir`, with the config pointing at them. */
function save(dir: string, files: Map<string, string>): string {
  const root = join(work, dir);
  for (const [path, content] of files) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content, { mode: 0o600 });
  }
  const cfg = join(root, '/etc/wsgiform/haproxy.cfg');
  writeFileSync(
    cfg,
    files.get('/etc/wsgiform/haproxy.cfg')!.replace(/ crt \/etc\/wsgiform\//g, ` crt ${root}/etc/wsgiform/`),
  );
  return cfg;
}

beforeAll(() => mkdirSync('/run/wsgiform', { recursive: true }));

describe('haproxy -c accepts the TLS haproxy.cfg with a real certificate', () => {
  const a = selfSigned('a');
  const files = landedLbFiles({ api_tls_certificate: a.cert, api_tls_private_key: a.key });

  it('renders a TLS bind, the X-Forwarded-Proto rules and a redirect frontend', () => {
    const cfg = files.get('/etc/wsgiform/haproxy.cfg')!;
    expect(cfg).toContain('bind 0.0.0.0:9443 ssl crt /etc/wsgiform/tls/server.pem');
    expect(cfg).toContain('http-request set-header X-Forwarded-Proto https if { ssl_fc }');
    expect(cfg).toContain('http-request redirect prefix https://127.0.0.1:5000 code 308');
    expect(files.get('/etc/wsgiform/tls/server.pem.key')).toBe(`${a.key}\n`);
  });

  it('is valid', () => {
    const r = run('/usr/sbin/haproxy', ['-c', '-f', save('ok', files)]);
    expect(r.output).toMatch(/Configuration file is valid/);
    expect(r.status).toBe(0);
  });

  it('and rejects a key that does not belong to the certificate (the files are really loaded)', () => {
    const b = selfSigned('b');
    const r = run('/usr/sbin/haproxy', [
      '-c',
      '-f',
      save('mismatch', landedLbFiles({ api_tls_certificate: a.cert, api_tls_private_key: b.key })),
    ]);
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/inconsistencies between private key and certificate/);
  });
});
