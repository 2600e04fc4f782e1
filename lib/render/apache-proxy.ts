import type { ApacheProxyUwsgiModel } from '../model/frontend';
import { APACHE_CONF, APACHE_PID } from './apache-modwsgi';
import { PROBE_USER_AGENTS, RUN_DIR, type RenderedFile } from './file';
import { ApacheWriter } from './writers/apache';

const MODULES = '/usr/lib/apache2/modules';

/**
 * apache2.conf for the web container in front of one uWSGI app container (devstack's
 * mod_proxy_uwsgi layout, over TCP between containers instead of a unix socket).
 * `disablereuse=On` opens a new connection, resolved again, for every request, so Apache
 * follows a restarted app container to its new address; `retry=0` retries a failed backend
 * at once instead of after 60 s.
 */
export function renderProxyUwsgiApache(
  m: ApacheProxyUwsgiModel,
  app: { origin: string; upstream: string; serverName: string },
): RenderedFile {
  const w = new ApacheWriter();
  w.comment(`Rendered by wsgiform for ${app.origin}. Do not edit: change the construct's props.`);
  w.directive('ServerRoot', '/etc/apache2');
  w.directive('PidFile', APACHE_PID);
  w.directive('DefaultRuntimeDir', RUN_DIR);
  w.directive('Mutex', `file:${RUN_DIR}`, 'default');
  w.directive('User', 'www-data');
  w.directive('Group', 'www-data');
  w.directive('ServerName', app.serverName);
  w.directive('ServerTokens', 'Prod');
  w.directive('ServerSignature', 'Off');
  w.directive('TraceEnable', 'Off');
  w.directive('Timeout', String(m.timeoutSeconds));
  w.directive('KeepAlive', 'On');
  w.directive('KeepAliveTimeout', String(m.keepAliveTimeoutSeconds));
  w.directive('ErrorLog', '/proc/self/fd/2');
  w.directive('LogLevel', m.logLevel);
  w.blank();
  for (const [name, file] of [
    ['mpm_event_module', 'mod_mpm_event.so'],
    ['authz_core_module', 'mod_authz_core.so'],
    ['setenvif_module', 'mod_setenvif.so'],
    ['proxy_module', 'mod_proxy.so'],
    ['proxy_uwsgi_module', 'mod_proxy_uwsgi.so'],
  ]) {
    w.directive('LoadModule', name, `${MODULES}/${file}`);
  }
  w.blank();
  w.directive('LogFormat', m.accessLogFormat, 'wsgiform');
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
  w.directive('Listen', `0.0.0.0:${m.port}`);
  w.block('VirtualHost', [`0.0.0.0:${m.port}`], (v) => {
    v.directive('ServerName', app.serverName);
    v.directive('ProxyPass', '/', `uwsgi://${app.upstream}/`, 'retry=0', 'disablereuse=On');
    if (m.logHealthProbes) v.directive('CustomLog', '/proc/self/fd/1', 'wsgiform');
    else v.directive('CustomLog', '/proc/self/fd/1', 'wsgiform', 'env=!wsgiform_probe');
  });
  return { path: APACHE_CONF, content: w.toString(), mode: 0o644 };
}
