import type { ApacheProxyUwsgiModel } from '../model/frontend';
import { APACHE_CONF, writeAccessLog, writeApacheServer } from './apache-server';
import type { RenderedFile } from '../core/layout';
import { ApacheWriter } from './writers/apache';

/**
 * apache2.conf for the web container in front of one uWSGI app container (devstack's
 * mod_proxy_uwsgi layout, over TCP between containers instead of a unix socket).
 * `disablereuse=On` opens a new connection, resolved again, for every request, so Apache
 * follows a restarted app container to its new address; `retry=0` retries a failed backend
 * at once instead of after 60 s. `ProxyPreserveHost On` hands the app the client's Host
 * header, as the Nginx tier does (`HTTP_HOST $http_host`) and as mod_wsgi and uWSGI's http
 * socket do by themselves: apps build their links from it, and Heat's CloudFormation API
 * has Keystone verify EC2 signatures computed over it (Apache's default sends the backend's
 * address instead, and every signed request is refused).
 */
export function renderProxyUwsgiApache(
  m: ApacheProxyUwsgiModel,
  app: { origin: string; upstream: string; serverName: string },
): RenderedFile {
  const w = new ApacheWriter();
  writeApacheServer(w, {
    origin: app.origin,
    serverName: app.serverName,
    timeoutSeconds: m.timeoutSeconds,
    keepAliveTimeoutSeconds: m.keepAliveTimeoutSeconds,
    logLevel: m.logLevel,
    accessLogFormat: m.accessLogFormat,
    modules: [
      ['mpm_event_module', 'mod_mpm_event.so'],
      ['authz_core_module', 'mod_authz_core.so'],
      ['setenvif_module', 'mod_setenvif.so'],
      ['proxy_module', 'mod_proxy.so'],
      ['proxy_uwsgi_module', 'mod_proxy_uwsgi.so'],
    ],
  });
  w.directive('Listen', `0.0.0.0:${m.port}`);
  w.block('VirtualHost', [`0.0.0.0:${m.port}`], (v) => {
    v.directive('ServerName', app.serverName);
    v.directive('ProxyPreserveHost', 'On');
    v.directive('ProxyPass', '/', `uwsgi://${app.upstream}/`, 'retry=0', 'disablereuse=On');
    writeAccessLog(v, m.logHealthProbes);
  });
  return { path: APACHE_CONF, content: w.toString(), mode: 0o644 };
}
