import { CONF_DIR, type RenderedFile } from '../core/layout';
import type { BootstrapStep } from '../model/service';
import { asUser, grantGroups } from './start-script';
import { REGISTRATION_ENV, REGISTRATION_PY, REGISTRATION_SCRIPT } from './keystone-registration';
import { ShellWriter, shellWord } from './writers/shell';

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
  /** Steps run after the registration, with its environment (admin credentials). */
  readonly afterRegistration?: readonly BootstrapStep[];
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
  const runSteps = (steps: readonly BootstrapStep[]) => {
    for (const step of steps) {
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
  };
  runSteps(m.steps);
  const files: RenderedFile[] = [];
  if (m.registration) {
    const r = m.registration;
    const values: Record<keyof typeof REGISTRATION_ENV, string> = {
      serviceUser: r.serviceUser,
      servicePassword: r.servicePassword,
      serviceType: r.serviceType,
      serviceName: r.serviceName,
      description: r.description,
      publicUrl: r.publicUrl,
      internalUrl: r.internalUrl,
      waitAttempts: String(r.waitAttempts),
    };
    files.push(renderOpenrc(r.admin, values));
    files.push({ path: REGISTRATION_SCRIPT, content: REGISTRATION_PY, mode: 0o755 });
    w.code(`. ${OPENRC}`);
    w.run(REGISTRATION_SCRIPT);
    runSteps(m.afterRegistration ?? []);
  }
  w.code(`echo ${shellWord('message', `wsgiform: ${m.service} bootstrapped`)}`);
  return [{ path: BOOTSTRAP_SCRIPT, content: w.toString(), mode: 0o755 }, ...files];
}

/** The admin's credentials and the registration's values (passwords among them): mode 0600. */
function renderOpenrc(
  a: AdminCredentials,
  registration: Record<keyof typeof REGISTRATION_ENV, string>,
): RenderedFile {
  const w = new ShellWriter();
  w.comment('Admin credentials and catalog entry for the bootstrap job (mode 0600).');
  w.export('OS_AUTH_URL', a.authUrl);
  w.export('OS_USERNAME', a.username);
  w.export('OS_PASSWORD', a.password);
  w.export('OS_PROJECT_NAME', a.projectName);
  w.export('OS_USER_DOMAIN_NAME', 'Default');
  w.export('OS_PROJECT_DOMAIN_NAME', 'Default');
  w.export('OS_IDENTITY_API_VERSION', '3');
  w.export('OS_REGION_NAME', a.region);
  w.export('OS_INTERFACE', 'internal');
  for (const [key, variable] of Object.entries(REGISTRATION_ENV))
    w.export(variable, registration[key as keyof typeof REGISTRATION_ENV]);
  return { path: OPENRC, content: w.toString(), mode: 0o600 };
}
