import { CONF_DIR, type RenderedFile } from '../core/layout';
import type { BootstrapStep } from '../model/service';
import { asUser, grantGroups } from './start-script';
import { ShellWriter, shellCommand, shellWord } from './writers/shell';

/** Admin credentials of the identity service, for steps that talk to its API. */
export interface AdminCredentials {
  readonly authUrl: string;
  readonly username: string;
  /** Secret marker. */
  readonly password: string;
  readonly projectName: string;
  readonly region: string;
}

/** A service's entry in Keystone: its user, its service and its endpoints. */
export interface CatalogRegistration {
  readonly admin: AdminCredentials;
  readonly serviceUser: string;
  /** Secret marker. */
  readonly servicePassword: string;
  readonly serviceType: string;
  readonly serviceName: string;
  readonly description: string;
  readonly publicUrl: string;
  readonly internalUrl: string;
  /** Attempts, 2 s apart, to reach Keystone before giving up. */
  readonly waitAttempts: number;
}

export interface BootstrapModel {
  readonly origin: string;
  readonly service: string;
  /** Config files the steps read; their group is set first, as in the start script. */
  readonly files: readonly RenderedFile[];
  readonly steps: readonly BootstrapStep[];
  readonly registration?: CatalogRegistration;
}

export const BOOTSTRAP_SCRIPT = '/usr/local/bin/wsgiform-bootstrap';
const OPENRC = `${CONF_DIR}/admin-openrc`;

/**
 * The bootstrap job: database migrations, Keystone's bootstrap, and the service's catalog entry.
 * Every step is idempotent, so the job can run again on every deploy.
 */
export function renderBootstrap(m: BootstrapModel): RenderedFile[] {
  const w = new ShellWriter();
  w.comment(`Rendered by wsgiform for ${m.origin}. Do not edit: change the construct's props.`);
  w.code(`echo ${shellWord('message', `wsgiform: bootstrapping ${m.service}`)}`);
  grantGroups(w, m.files);
  for (const step of m.steps) {
    if (step.kind === 'private-dir') {
      w.run('mkdir', '-p', step.path);
      w.run('chown', `${step.user}:${step.group}`, step.path);
      w.run('chmod', '0700', step.path);
    } else if (step.user) {
      w.run(...asUser(step.user, step.group ?? step.user, step.argv));
    } else {
      w.run(...step.argv);
    }
  }
  const files: RenderedFile[] = [];
  if (m.registration) {
    const r = m.registration;
    files.push(renderOpenrc(r.admin));
    const os = (...args: string[]) => shellCommand('openstack', ['openstack', ...args]);
    w.code(`. ${OPENRC}`);
    w.code('tries=0');
    w.code(`until ${os('token', 'issue')} >/dev/null 2>&1; do`);
    w.code('  tries=$((tries + 1))');
    w.code(
      `  if [ "$tries" -ge ${r.waitAttempts} ]; then echo ${shellWord('message', `wsgiform: identity service at ${r.admin.authUrl} did not answer`)} >&2; exit 1; fi`,
    );
    w.code('  sleep 2');
    w.code('done');
    w.code(
      // Every service's job creates the shared project, often at the same moment: --or-show turns
      // the loser's 409 Conflict into a show of the winner's project.
      `${os('project', 'show', 'service')} >/dev/null 2>&1 || ${os('project', 'create', '--or-show', '--domain', 'Default', 'service')}`,
    );
    w.code(
      `${os('user', 'show', '--domain', 'Default', r.serviceUser)} >/dev/null 2>&1 || ${os('user', 'create', '--domain', 'Default', '--password', r.servicePassword, r.serviceUser)}`,
    );
    w.code(os('user', 'set', '--password', r.servicePassword, r.serviceUser));
    w.code(os('role', 'add', '--project', 'service', '--user', r.serviceUser, 'admin'));
    w.code(
      `${os('service', 'show', r.serviceType)} >/dev/null 2>&1 || ${os('service', 'create', '--name', r.serviceName, '--description', r.description, r.serviceType)}`,
    );
    for (const [iface, url] of [
      ['public', r.publicUrl],
      ['internal', r.internalUrl],
      ['admin', r.internalUrl],
    ]) {
      const list = os(
        'endpoint',
        'list',
        '--service',
        r.serviceType,
        '--interface',
        iface,
        '--region',
        r.admin.region,
        '-f',
        'value',
        '-c',
        'ID',
      );
      w.code(
        `[ -n "$(${list})" ] || ${os('endpoint', 'create', '--region', r.admin.region, r.serviceType, iface, url)}`,
      );
    }
  }
  w.code(`echo ${shellWord('message', `wsgiform: ${m.service} bootstrapped`)}`);
  return [{ path: BOOTSTRAP_SCRIPT, content: w.toString(), mode: 0o755 }, ...files];
}

function renderOpenrc(a: AdminCredentials): RenderedFile {
  const w = new ShellWriter();
  w.comment('Admin credentials for the bootstrap job (mode 0600).');
  w.export('OS_AUTH_URL', a.authUrl);
  w.export('OS_USERNAME', a.username);
  w.export('OS_PASSWORD', a.password);
  w.export('OS_PROJECT_NAME', a.projectName);
  w.export('OS_USER_DOMAIN_NAME', 'Default');
  w.export('OS_PROJECT_DOMAIN_NAME', 'Default');
  w.export('OS_IDENTITY_API_VERSION', '3');
  w.export('OS_REGION_NAME', a.region);
  w.export('OS_INTERFACE', 'internal');
  return { path: OPENRC, content: w.toString(), mode: 0o600 };
}
