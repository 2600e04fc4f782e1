import { CONF_DIR, PROBE_USER_AGENTS, RUN_DIR } from '../core/layout';
import type { ApacheWriter } from './writers/apache';

const MODULES = '/usr/lib/apache2/modules';

export const APACHE_CONF = `${CONF_DIR}/apache2.conf`;
export const APACHE_PID = `${RUN_DIR}/apache2.pid`;

/** What the server-wide part of a wsgiform apache2.conf depends on. */
export interface ApacheServer {
  readonly origin: string;
  readonly serverName: string;
  readonly timeoutSeconds: number;
  readonly keepAliveTimeoutSeconds: number;
  readonly logLevel: string;
  readonly accessLogFormat: string;
  /** `[module name, file under /usr/lib/apache2/modules]`, loaded in order. */
  readonly modules: readonly (readonly [string, string])[];
  /** Directives that belong right after the modules (mod_wsgi's socket prefix, …). */
  readonly afterModules?: (w: ApacheWriter) => void;
}

/**
 * The server-wide part of a self-contained apache2.conf (run as `apache2 -f … -DFOREGROUND`):
 * runtime files under the directory the start script recreates, logs to the container's
 * stdout/stderr, no version banner, only the modules asked for, probes marked so the access log
 * can leave them out, and everything denied unless a VirtualHost grants it.
 */
export function writeApacheServer(w: ApacheWriter, s: ApacheServer): void {
  w.comment(`Rendered by wsgiform for ${s.origin}. Do not edit: change the construct's props.`);
  w.directive('ServerRoot', '/etc/apache2');
  w.directive('PidFile', APACHE_PID);
  w.directive('DefaultRuntimeDir', RUN_DIR);
  w.directive('Mutex', `file:${RUN_DIR}`, 'default');
  w.directive('User', 'www-data');
  w.directive('Group', 'www-data');
  w.directive('ServerName', s.serverName);
  w.directive('ServerTokens', 'Prod');
  w.directive('ServerSignature', 'Off');
  w.directive('TraceEnable', 'Off');
  w.directive('Timeout', String(s.timeoutSeconds));
  w.directive('KeepAlive', 'On');
  w.directive('KeepAliveTimeout', String(s.keepAliveTimeoutSeconds));
  w.directive('ErrorLog', '/proc/self/fd/2');
  w.directive('LogLevel', s.logLevel);
  w.blank();
  for (const [name, file] of s.modules) w.directive('LoadModule', name, `${MODULES}/${file}`);
  s.afterModules?.(w);
  w.blank();
  w.directive('LogFormat', s.accessLogFormat, 'wsgiform');
  w.directive(
    'SetEnvIf',
    'User-Agent',
    `^(${PROBE_USER_AGENTS.docker}|${PROBE_USER_AGENTS.haproxy})$`,
    'wsgiform_probe',
  );
  w.block('Directory', ['/'], (d) => {
    d.directive('AllowOverride', 'None');
    d.directive('Require', 'all', 'denied');
  });
  w.blank();
}

/** `CustomLog` to the container's stdout, without the health probes unless asked for. */
export function writeAccessLog(v: ApacheWriter, logHealthProbes: boolean): void {
  if (logHealthProbes) v.directive('CustomLog', '/proc/self/fd/1', 'wsgiform');
  else v.directive('CustomLog', '/proc/self/fd/1', 'wsgiform', 'env=!wsgiform_probe');
}
