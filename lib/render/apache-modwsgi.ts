import type { ModWsgiModel } from '../model/frontend';
import { APACHE_CONF, writeAccessLog, writeApacheServer } from './apache-server';
import { RUN_DIR, type RenderedFile } from '../core/layout';
import { ApacheWriter } from './writers/apache';

/** What the Apache config needs to know about the app besides the frontend model. */
export interface ModWsgiApp {
  /** Construct path, for the header comment. */
  readonly origin: string;
  /** File `WSGIScriptAlias` points at: the package's script, or wsgiform's wrapper. */
  readonly script: string;
}

/**
 * A self-contained apache2.conf (run as `apache2 -f … -DFOREGROUND`): only the modules it
 * needs, logs to the container's stdout/stderr, one VirtualHost with the app in a mod_wsgi
 * daemon process group.
 */
export function renderModWsgiApache(m: ModWsgiModel, app: ModWsgiApp): RenderedFile {
  const w = new ApacheWriter();
  writeApacheServer(w, {
    origin: app.origin,
    serverName: m.serverName,
    timeoutSeconds: m.timeoutSeconds,
    keepAliveTimeoutSeconds: m.keepAliveTimeoutSeconds,
    logLevel: m.logLevel,
    accessLogFormat: m.accessLogFormat,
    modules: [
      ['mpm_event_module', 'mod_mpm_event.so'],
      ['authz_core_module', 'mod_authz_core.so'],
      ['mime_module', 'mod_mime.so'],
      ['env_module', 'mod_env.so'],
      ['setenvif_module', 'mod_setenvif.so'],
      ['headers_module', 'mod_headers.so'],
      ['wsgi_module', 'mod_wsgi.so'],
    ],
    afterModules: (x) => {
      x.directive('TypesConfig', '/etc/mime.types');
      x.directive('WSGISocketPrefix', `${RUN_DIR}/wsgi`);
      // Nothing runs in Apache's own processes; the app lives only in the daemon process group.
      x.directive('WSGIRestrictEmbedded', 'On');
    },
  });
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
    writeAccessLog(v, m.logHealthProbes);
    if (m.rawVhostFragment !== undefined) {
      v.comment('rawVhostFragment (unchecked by wsgiform):');
      v.raw('rawVhostFragment', m.rawVhostFragment);
    }
  });
  return { path: APACHE_CONF, content: w.toString(), mode: 0o644 };
}
