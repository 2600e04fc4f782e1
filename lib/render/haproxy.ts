import type { LoadBalancerModel } from '../model/loadbalancer';
import { CONF_DIR, PROBE_USER_AGENTS, RUN_DIR, type RenderedFile } from '../core/layout';
import { HaproxyWriter, haproxyArg, haproxyLogFormat } from './writers/haproxy';

export const HAPROXY_CONF = `${CONF_DIR}/haproxy.cfg`;
export const HAPROXY_STATS_SOCKET = `${RUN_DIR}/haproxy.sock`;
/** Docker's embedded DNS server, present in every container on a user-defined network. */
const DOCKER_DNS = '127.0.0.11:53';

/**
 * haproxy.cfg: a frontend and a backend per service. Servers are found through Docker's DNS at
 * run time (`init-addr none` + `resolvers`), so HAProxy starts before its backends exist and
 * follows a replica to its new address when Docker restarts it.
 */
export function renderHaproxy(m: LoadBalancerModel, origin: string): RenderedFile {
  const w = new HaproxyWriter();
  const t = m.timeouts;
  w.comment(`Rendered by wsgiform for ${origin}. Do not edit: change the construct's props.`);
  w.section('global', [], (g) => {
    g.line('log', 'stdout', 'format', 'raw', 'local0', 'info');
    g.line('maxconn', String(m.maxConnections));
    // Stats only on a socket inside the container: `docker exec … socat` reads it.
    g.line('stats', 'socket', HAPROXY_STATS_SOCKET, 'mode', '600', 'level', 'admin');
    g.line('stats', 'timeout', '30s');
    // SSLv3, TLS 1.0 and 1.1 off (kolla: no-sslv3 no-tlsv10 no-tlsv11; OSA: ssl-min-ver TLSv1.2).
    if (m.tls) g.line('ssl-default-bind-options', 'ssl-min-ver', 'TLSv1.2');
  });
  w.section('resolvers', ['docker'], (r) => {
    r.line('nameserver', 'dns', DOCKER_DNS);
    r.line('resolve_retries', '3');
    r.line('timeout', 'resolve', '1s');
    r.line('timeout', 'retry', '1s');
    r.line('hold', 'other', '10s');
    r.line('hold', 'refused', '10s');
    r.line('hold', 'nx', '10s');
    r.line('hold', 'timeout', '10s');
    r.line('hold', 'valid', '10s');
    r.line('hold', 'obsolete', '10s');
  });
  w.section('defaults', [], (d) => {
    d.line('mode', 'http');
    d.line('log', 'global');
    d.line('option', 'httplog');
    d.line('option', 'dontlognull');
    // Every retry goes to another server (the default only redispatches on the last one).
    d.line('option', 'redispatch', '1');
    d.line('retries', String(m.retries));
    // A replica killed mid-request closes the connection without an answer: try another one.
    d.line('retry-on', 'conn-failure', 'empty-response');
    d.line('timeout', 'http-request', `${t.httpRequestSeconds}s`);
    d.line('timeout', 'http-keep-alive', `${t.httpKeepAliveSeconds}s`);
    d.line('timeout', 'queue', `${t.queueSeconds}s`);
    d.line('timeout', 'connect', `${t.connectSeconds}s`);
    d.line('timeout', 'client', `${t.clientSeconds}s`);
    d.line('timeout', 'server', `${t.serverSeconds}s`);
    d.line('timeout', 'check', `${t.checkSeconds}s`);
  });
  w.section('frontend', ['wsgiform-monitor'], (f) => {
    // Answers 200 while HAProxy runs: the container's own Docker healthcheck.
    f.line('bind', `127.0.0.1:${m.monitorPort}`);
    f.line('monitor-uri', '/healthz');
    f.line('option', 'dontlog-normal');
  });
  for (const s of m.services) {
    const tls = m.tls;
    if (tls && s.tlsPort === undefined) throw new Error(`internal: service ${s.name} has no TLS port`);
    w.section('frontend', [s.name], (f) => {
      f.line('bind', `${m.bindAddress}:${s.port}`);
      if (tls) f.line('bind', `${m.bindAddress}:${s.tlsPort}`, 'ssl', 'crt', tls.certificateFile);
      f.line('option', 'forwardfor');
      // Only the hop that terminates TLS may say https; whatever a client sent is dropped first.
      f.line('http-request', 'del-header', 'X-Forwarded-Proto');
      if (tls) f.line('http-request', 'set-header', 'X-Forwarded-Proto', 'https', 'if', '{', 'ssl_fc', '}');
      f.line('default_backend', s.name);
    });
    if (s.redirectHttpPort !== undefined) {
      if (!tls) throw new Error(`internal: redirectHttpPort of ${s.name} without TLS`);
      w.section('frontend', [`${s.name}-http-redirect`], (f) => {
        f.line('bind', `${m.bindAddress}:${s.redirectHttpPort}`);
        // `redirect scheme https` would keep the Host header's port, i.e. this plain port. 308
        // keeps the method and body (301 turns a POST into a GET).
        f.line(
          'http-request',
          'redirect',
          'prefix',
          `https://${tls.publicHostname}:${s.port}`,
          'code',
          '308',
        );
      });
    }
    w.section('backend', [s.name], (b) => {
      b.line('balance', s.balance);
      if (s.serversAreWebTiers) {
        // The web tier answers for its app: 502/503 (nginx, Apache) when the app container is
        // restarting, 500 (Apache) when it died mid-request. Retry those on another replica,
        // but only for requests that may be repeated.
        b.line('retry-on', 'conn-failure', 'empty-response', '500', '502', '503', '504');
        b.line('http-request', 'disable-l7-retry', 'unless', 'METH_GET', 'or', 'METH_OPTIONS');
      }
      b.line('option', 'httpchk');
      b.quotedLine(
        'http-check',
        'send',
        'meth',
        'GET',
        'uri',
        haproxyArg('healthPath', s.healthPath),
        'ver',
        'HTTP/1.1',
        'hdr',
        'Host',
        haproxyLogFormat('Host', s.checkHost),
        'hdr',
        'User-Agent',
        haproxyLogFormat('User-Agent', PROBE_USER_AGENTS.haproxy),
      );
      b.line('http-check', 'expect', 'status', String(s.expectStatus));
      b.line(
        'default-server',
        'check',
        'inter',
        `${s.checkIntervalMs}ms`,
        'rise',
        String(s.rise),
        'fall',
        String(s.fall),
        'resolvers',
        'docker',
        'resolve-prefer',
        'ipv4',
        'init-addr',
        'none',
      );
      for (const srv of s.servers) b.line('server', srv.name, `${srv.host}:${srv.port}`);
    });
  }
  return { path: HAPROXY_CONF, content: w.toString(), mode: 0o644 };
}
