import type { ServiceModel } from './service';
import { WsgiformError } from '../core/errors';
import { given, integer, literal, seconds, stringMap } from '../core/validate';

/**
 * uWSGI options: the union of what devstack (lib/apache), kolla-ansible (2025.1+, its uwsgi
 * templates) and openstack-ansible (ansible-role-uwsgi) set. Defaults follow the measurements
 * (processes = cores, 1 thread) and the anchors where they agree.
 */
export interface UwsgiProps {
  /** `processes`. @default 2 (2 × 1 was fastest on 2 cores in wsgiform's measurements) */
  readonly processes?: number;
  /** `threads`. Nova and Placement support only 1. @default 1 */
  readonly threads?: number;
  /**
   * The app as `module:callable` (`module =`), for releases that ship
   * `<service>.wsgi.api:application`. @default - the Debian package's WSGI script (`wsgi-file =`)
   */
  readonly module?: string;
  /** `enable-threads`: let the app start threads (oslo.messaging, eventlet-free libs). @default true */
  readonly enableThreads?: boolean;
  /** `lazy-apps`: load the app in each worker after fork, not in the master. @default true */
  readonly lazyApps?: boolean;
  /** `thunder-lock`: serialize accept() across workers. @default true */
  readonly thunderLock?: boolean;
  /** `die-on-term`: SIGTERM stops uWSGI instead of reloading it (Docker sends SIGTERM). @default true */
  readonly dieOnTerm?: boolean;
  /**
   * `hook-master-start = unix_signal:15 gracefully_kill_them_all`: on SIGTERM, let workers finish
   * their requests (unbit/uwsgi#849; devstack, kolla, openstack-helm). @default true
   */
  readonly gracefulShutdown?: boolean;
  /** `exit-on-reload`. @default false (devstack, kolla; openstack-ansible uses true) */
  readonly exitOnReload?: boolean;
  /** `worker-reload-mercy`: seconds a worker gets to finish on reload or stop. @default 80 (devstack WORKER_TIMEOUT) */
  readonly workerReloadMercySeconds?: number;
  /** `buffer-size`: largest request header block; Keystone tokens are big. @default 65535 */
  readonly bufferSize?: number;
  /** `add-header = Connection: close` (every anchor sets it). @default true */
  readonly connectionClose?: boolean;
  /** `socket-timeout`. @default 30 (devstack, kolla) */
  readonly socketTimeoutSeconds?: number;
  /** `need-app`: exit if the app cannot be loaded instead of serving 500s. @default true */
  readonly needApp?: boolean;
  /** `harakiri`: kill a worker stuck on one request this long. @default - off */
  readonly harakiriSeconds?: number;
  /** `max-requests`: recycle a worker after this many requests. @default - off */
  readonly maxRequests?: number;
  /** `listen`: socket backlog. @default 100 (uWSGI's own default; puppet's listen_queue_size) */
  readonly listenQueue?: number;
  /** `uid`. @default the service's system user */
  readonly uid?: string;
  /** `gid`. @default the service's system group */
  readonly gid?: string;
  /** `env = NAME=value` for each entry (process environment of the app). @default - none */
  readonly env?: { [name: string]: string };
  /** `log-x-forwarded-for`: log the client from X-Forwarded-For. @default true */
  readonly logXForwardedFor?: boolean;
  /** Log the Docker and HAProxy health probes too (else `route-user-agent … donotlog:`). @default false */
  readonly logHealthProbes?: boolean;
  /**
   * UNCHECKED extra uWSGI options, appended after wsgiform's own (openstack-ansible's
   * `uwsgi_ini_overrides`). Values are still quoted for uWSGI's ini syntax. @default - none
   */
  readonly iniOverrides?: { [option: string]: string };
}

export interface UwsgiModel {
  readonly processes: number;
  readonly threads: number;
  readonly module?: string;
  readonly enableThreads: boolean;
  readonly lazyApps: boolean;
  readonly thunderLock: boolean;
  readonly dieOnTerm: boolean;
  readonly gracefulShutdown: boolean;
  readonly exitOnReload: boolean;
  readonly workerReloadMercySeconds: number;
  readonly bufferSize: number;
  readonly connectionClose: boolean;
  readonly socketTimeoutSeconds: number;
  readonly needApp: boolean;
  readonly harakiriSeconds?: number;
  readonly maxRequests?: number;
  readonly listenQueue: number;
  readonly uid: string;
  readonly gid: string;
  readonly env: Record<string, string>;
  readonly logXForwardedFor: boolean;
  readonly logHealthProbes: boolean;
  readonly iniOverrides: Record<string, string>;
}

export function resolveUwsgi(path: string, props: UwsgiProps | undefined, facts: ServiceModel): UwsgiModel {
  const p = props ?? {};
  const threads = integer(path, 'uwsgi.threads', given(p.threads, 1), 1, 1024, 'use at least 1 thread');
  if (facts.singleThreaded && threads !== 1) {
    throw new WsgiformError(
      path,
      `uwsgi.threads=${threads}: ${facts.name} only supports 1; raise processes instead`,
    );
  }
  if (
    p.module !== undefined &&
    !/^[A-Za-z_][A-Za-z0-9_.]*:[A-Za-z_][A-Za-z0-9_]*$/.test(literal(path, 'uwsgi.module', p.module))
  ) {
    throw new WsgiformError(
      path,
      `uwsgi.module=${JSON.stringify(p.module)}: use 'package.module:callable' naming a WSGI application object (e.g. ${facts.name}.wsgi.api:application in releases that ship one); leave it unset for the package's WSGI script`,
    );
  }
  const overrides = stringMap(path, 'uwsgi.iniOverrides', p.iniOverrides);
  for (const k of Object.keys(overrides)) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(k)) {
      throw new WsgiformError(
        path,
        `uwsgi.iniOverrides key ${JSON.stringify(k)}: uWSGI options are lower-case words joined by -`,
      );
    }
  }
  const optional = (what: string, v: number | undefined, max: number) =>
    v === undefined ? undefined : integer(path, what, v, 1, max, `use 1 to ${max}`);
  return {
    processes: integer(path, 'uwsgi.processes', given(p.processes, 2), 1, 256, 'use at least 1 process'),
    threads,
    module: p.module,
    enableThreads: given(p.enableThreads, true),
    lazyApps: given(p.lazyApps, true),
    thunderLock: given(p.thunderLock, true),
    dieOnTerm: given(p.dieOnTerm, true),
    gracefulShutdown: given(p.gracefulShutdown, true),
    exitOnReload: given(p.exitOnReload, false),
    workerReloadMercySeconds: seconds(path, 'uwsgi.workerReloadMercySeconds', p.workerReloadMercySeconds, 80),
    bufferSize: integer(
      path,
      'uwsgi.bufferSize',
      given(p.bufferSize, 65535),
      4096,
      65535,
      'use 4096 to 65535 bytes',
    ),
    connectionClose: given(p.connectionClose, true),
    socketTimeoutSeconds: seconds(path, 'uwsgi.socketTimeoutSeconds', p.socketTimeoutSeconds, 30),
    needApp: given(p.needApp, true),
    harakiriSeconds: optional('uwsgi.harakiriSeconds', p.harakiriSeconds, 86400),
    maxRequests: optional('uwsgi.maxRequests', p.maxRequests, 100_000_000),
    listenQueue: integer(path, 'uwsgi.listenQueue', given(p.listenQueue, 100), 1, 65535, 'use 1 to 65535'),
    uid: literal(path, 'uwsgi.uid', given(p.uid, facts.user)),
    gid: literal(path, 'uwsgi.gid', given(p.gid, facts.group)),
    env: stringMap(path, 'uwsgi.env', p.env),
    logXForwardedFor: given(p.logXForwardedFor, true),
    logHealthProbes: given(p.logHealthProbes, false),
    iniOverrides: overrides,
  };
}
