import type { UwsgiModel } from '../model/uwsgi';
import { CONF_DIR, PROBE_USER_AGENTS, type RenderedFile } from '../core/layout';
import { UwsgiIniWriter } from './writers/uwsgi';

export const UWSGI_CONF = `${CONF_DIR}/uwsgi.ini`;

/** Where uWSGI listens and what it runs. */
export interface UwsgiApp {
  readonly origin: string;
  /** `http-socket` address, if uWSGI answers HTTP itself. */
  readonly httpSocket?: string;
  /** `socket` address (uwsgi protocol), for a web tier in front. */
  readonly socket?: string;
  /** The service's WSGI script (`wsgi-file`), unless a module is named. */
  readonly wsgiScript?: string;
  /** The service's WSGI callable (`module`), for a callable entry point. */
  readonly module?: string;
  /** `pyargv`: the config files for services that parse argv (Cinder). */
  readonly pyargv?: readonly string[];
  /** Process environment of the app (Keystone's OS_KEYSTONE_CONFIG_FILES). */
  readonly env: Readonly<Record<string, string>>;
}

/** uwsgi.ini, run as `uwsgi --ini` (PID 1 of the app container). */
export function renderUwsgiIni(m: UwsgiModel, app: UwsgiApp): RenderedFile {
  const w = new UwsgiIniWriter(
    `Rendered by wsgiform for ${app.origin}. Do not edit: change the construct's props.`,
  );
  w.option('plugins', 'python3');
  // Unknown options are fatal instead of silently ignored (e.g. the http plugin's options).
  w.option('strict', true);
  w.option('master', true);
  w.option('processes', m.processes);
  w.option('threads', m.threads);
  w.option('enable-threads', m.enableThreads);
  w.option('lazy-apps', m.lazyApps);
  w.option('thunder-lock', m.thunderLock);
  w.option('die-on-term', m.dieOnTerm);
  if (m.gracefulShutdown) w.option('hook-master-start', 'unix_signal:15 gracefully_kill_them_all');
  w.option('exit-on-reload', m.exitOnReload);
  w.option('worker-reload-mercy', m.workerReloadMercySeconds);
  // Without it, a graceful stop crashes the workers in greenlet during Python's teardown.
  w.option('skip-atexit-teardown', true);
  w.option('need-app', m.needApp);
  w.option('buffer-size', m.bufferSize);
  if (m.connectionClose) w.option('add-header', 'Connection: close');
  w.option('socket-timeout', m.socketTimeoutSeconds);
  w.option('listen', m.listenQueue);
  if (m.harakiriSeconds !== undefined) w.option('harakiri', m.harakiriSeconds);
  if (m.maxRequests !== undefined) w.option('max-requests', m.maxRequests);
  w.option('uid', m.uid);
  w.option('gid', m.gid);
  if (app.socket) w.option('socket', app.socket);
  if (app.httpSocket) w.option('http-socket', app.httpSocket);
  const module = m.module ?? app.module;
  if (module) w.option('module', module);
  else w.option('wsgi-file', app.wsgiScript!);
  if (app.pyargv && app.pyargv.length > 0) w.option('pyargv', app.pyargv.join(' '));
  for (const [k, v] of Object.entries({ ...app.env, ...m.env })) w.option('env', `${k}=${v}`);
  w.option('log-x-forwarded-for', m.logXForwardedFor);
  if (!m.logHealthProbes) {
    w.option('route-user-agent', `^(${PROBE_USER_AGENTS.docker}|${PROBE_USER_AGENTS.haproxy})$ donotlog:`);
  }
  for (const [k, v] of Object.entries(m.iniOverrides)) w.option(k, v);
  return { path: UWSGI_CONF, content: w.toString(), mode: 0o644 };
}
