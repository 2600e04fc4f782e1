import type { NginxUwsgiModel } from '../model/frontend';
import { RenderError, rejectControl } from '../core/errors';
import { CONF_DIR, PROBE_USER_AGENTS, RUN_DIR, type RenderedFile } from '../core/layout';
import { NginxWriter, nginxVariable } from './writers/nginx';

export const NGINX_CONF = `${CONF_DIR}/nginx.conf`;

/** A `log_format` string: nginx variables allowed, quotes escaped. */
function logFormat(value: string): string {
  rejectControl('accessLogFormat', value);
  if (value.includes("'"))
    throw new RenderError('accessLogFormat', value, "remove the single quote (the format is written in '…')");
  return `'${value.replace(/\\/g, '\\\\')}'`;
}

/**
 * nginx.conf for the web container in front of one uWSGI app container. The upstream is a
 * variable, so nginx re-resolves it through Docker's DNS and follows the app container to a new
 * address after a restart. Debian's `uwsgi_params` sends no SCRIPT_NAME (Cinder's paste urlmap
 * fails without it) and a Host without the port (breaking the URLs the API returns): both are set here.
 */
export function renderNginx(
  m: NginxUwsgiModel,
  app: { origin: string; upstream: string; serverName: string },
): RenderedFile {
  const w = new NginxWriter();
  w.comment(`Rendered by wsgiform for ${app.origin}. Do not edit: change the construct's props.`);
  w.directive('daemon', 'off');
  w.directive('worker_processes', String(m.workerProcesses));
  w.directive('pid', `${RUN_DIR}/nginx.pid`);
  w.directive('error_log', '/dev/stderr', 'warn');
  w.block('events', [], (e) => e.directive('worker_connections', String(m.workerConnections)));
  w.block('http', [], (h) => {
    h.directive('server_tokens', 'off');
    for (const t of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'])
      h.directive(`${t}_temp_path`, `${RUN_DIR}/nginx-${t}`);
    h.directive('keepalive_timeout', `${m.keepaliveTimeoutSeconds}s`);
    h.directive('client_max_body_size', String(m.clientMaxBodySizeBytes));
    h.raw('log_format', ['wsgiform', logFormat(m.accessLogFormat)]);
    if (m.logHealthProbes) {
      h.directive('access_log', '/dev/stdout', 'wsgiform');
    } else {
      h.rawBlock('map', [nginxVariable('$http_user_agent'), nginxVariable('$wsgiform_loggable')], (m) => {
        m.raw(`"~^(${PROBE_USER_AGENTS.docker}|${PROBE_USER_AGENTS.haproxy})$"`, ['0']);
        m.raw('default', ['1']);
      });
      h.raw('access_log', ['/dev/stdout', 'wsgiform', nginxVariable('if=$wsgiform_loggable')]);
    }
    // Docker's embedded DNS; short validity so a restarted app container is found again.
    h.directive('resolver', '127.0.0.11', 'valid=5s', 'ipv6=off');
    h.block('server', [], (s) => {
      s.directive('listen', `0.0.0.0:${m.port}`);
      s.directive('server_name', app.serverName);
      s.block('location', ['/'], (l) => {
        l.raw('set', [nginxVariable('$wsgiform_upstream'), app.upstream]);
        l.directive('include', '/etc/nginx/uwsgi_params');
        l.raw('uwsgi_param', ['SCRIPT_NAME', "''"]);
        l.raw('uwsgi_param', ['HTTP_HOST', nginxVariable('$http_host')]);
        l.raw('uwsgi_pass', [nginxVariable('$wsgiform_upstream')]);
        l.directive('uwsgi_read_timeout', `${m.readTimeoutSeconds}s`);
        l.directive('uwsgi_send_timeout', `${m.sendTimeoutSeconds}s`);
        l.directive('uwsgi_buffering', m.buffering ? 'on' : 'off');
      });
    });
  });
  return { path: NGINX_CONF, content: w.toString(), mode: 0o644 };
}
