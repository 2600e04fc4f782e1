import type { ModWsgiModel } from '../model/frontend';
import { CONF_DIR, PROBE_USER_AGENTS, RUN_DIR, type RenderedFile } from './file';
import { ApacheWriter } from './writers/apache';

const MODULES = '/usr/lib/apache2/modules';

/** What the Apache config needs to know about the app besides the frontend model. */
export interface ModWsgiApp {
  /** Construct path, for the header comment. */
  readonly origin: string;
  /** File `WSGIScriptAlias` points at: the package's script, or wsgiform's wrapper. */
  readonly script: string;
}

export const APACHE_CONF = `${CONF_DIR}/apache2.conf`;
export const APACHE_PID = `${RUN_DIR}/apache2.pid`;

/**
 * A self-contained apache2.conf (run as `apache2 -f … -DFOREGROUND`): only the modules it
 * needs, logs to the container's stdout/stderr, one VirtualHost with the app in a mod_wsgi
 * daemon process group.
 */
export function renderModWsgiApache(m: ModWsgiModel, app: ModWsgiApp): RenderedFile {
  const w = new ApacheWriter();
  w.comment(`Rendered by wsgiform for ${app.origin}. Do not edit: change the construct's props.`);
  w.directive('ServerRoot', '/etc/apache2');
  w.directive('PidFile', APACHE_PID);
  w.directive('DefaultRuntimeDir', RUN_DIR);
  w.directive('Mutex', `file:${RUN_DIR}`, 'default');
  w.directive('User', 'www-data');
  w.directive('Group', 'www-data');
  w.directive('ServerName', m.serverName);
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
    ['mime_module', 'mod_mime.so'],
    ['env_module', 'mod_env.so'],
    ['setenvif_module', 'mod_setenvif.so'],
    ['headers_module', 'mod_headers.so'],
    ['wsgi_module', 'mod_wsgi.so'],
  ]) {
    w.directive('LoadModule', name, `${MODULES}/${file}`);
  }
  w.directive('TypesConfig', '/etc/mime.types');
  w.directive('WSGISocketPrefix', `${RUN_DIR}/wsgi`);
  // Nothing runs in Apache's own processes; the app lives only in the daemon process group.
  w.directive('WSGIRestrictEmbedded', 'On');
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
  w.directive('Listen', `${m.bindAddress}:${m.port}`);
  w.block('VirtualHost', [`${m.bindAddress}:${m.port}`], (v) => {
    v.directive('ServerName', m.serverName);
    const daemonOptions = [
      `processes=${m.processes}`,
      `threads=${m.threads}`,
      `user=${m.user}`,
      `group=${m.group}`,
      `display-name=${m.displayName}`,
      ...Object.entries(m.daemonOptions).map(([k, val]) => `${k}=${val}`),
    ];
    v.directive('WSGIDaemonProcess', m.processGroup, ...daemonOptions);
    v.directive('WSGIProcessGroup', m.processGroup);
    v.directive('WSGIApplicationGroup', m.applicationGroup);
    v.directive('WSGIPassAuthorization', m.passAuthorization ? 'On' : 'Off');
    if (m.chunkedRequest !== undefined) v.directive('WSGIChunkedRequest', m.chunkedRequest ? 'On' : 'Off');
    const preload = m.preload
      ? [`process-group=${m.processGroup}`, `application-group=${m.applicationGroup}`]
      : [];
    v.directive('WSGIScriptAlias', m.path, app.script, ...preload);
    const dir = app.script.slice(0, app.script.lastIndexOf('/')) || '/';
    const file = app.script.slice(app.script.lastIndexOf('/') + 1);
    v.block('Directory', [dir], (d) => {
      d.block('Files', [file], (f) => f.directive('Require', 'all', 'granted'));
    });
    if (m.allowEncodedSlashes) v.directive('AllowEncodedSlashes', m.allowEncodedSlashes);
    for (const [k, val] of Object.entries(m.setEnv)) v.directive('SetEnv', k, val);
    for (const [k, val] of Object.entries(m.requestHeaders)) v.directive('RequestHeader', 'set', k, val);
    for (const [k, val] of Object.entries(m.responseHeaders)) v.directive('Header', 'always', 'set', k, val);
    if (m.logHealthProbes) v.directive('CustomLog', '/proc/self/fd/1', 'wsgiform');
    else v.directive('CustomLog', '/proc/self/fd/1', 'wsgiform', 'env=!wsgiform_probe');
    if (m.rawVhostFragment !== undefined) {
      v.comment('rawVhostFragment (unchecked by wsgiform):');
      v.raw('rawVhostFragment', m.rawVhostFragment);
    }
  });
  return { path: APACHE_CONF, content: w.toString(), mode: 0o644 };
}
