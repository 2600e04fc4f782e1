// Apache httpd + mod_wsgi in the service's container.
import { WsgiformError } from '../../core/errors';
import { FrontendKind } from '../../core/frontend-kind';
import { given, integer, literal, port, stringMap, urlPath } from '../../core/validate';
import type { ServiceModel } from '../service';
import { APACHE_LOG_FORMAT, type AllowEncodedSlashes, ApacheLogLevel } from './apache';

/**
 * Apache httpd + mod_wsgi (daemon mode) in the service's container: puppet-openstacklib
 * `wsgi::apache`, kolla and Chef. Every knob keeps the Apache / mod_wsgi name.
 */
export interface ApacheModWsgiProps {
  /** Address Apache listens on inside the container. @default '0.0.0.0' */
  readonly bindAddress?: string;
  /** Port Apache listens on inside the container. @default the service's port (Keystone 5000, Cinder 8776) */
  readonly port?: number;
  /** `ServerName`. @default the service name */
  readonly serverName?: string;
  /** URL path the app is mounted at (`WSGIScriptAlias`). @default '/' */
  readonly path?: string;
  /**
   * `WSGIDaemonProcess processes`. Prefer processes over threads (the GIL): on 2 cores,
   * 2 processes × 1 thread served Keystone GET /v3 at 2080 req/s against 1096 for mod_wsgi's
   * implicit 1 × 15 (measured by wsgiform on a 2-core Debian bookworm host). @default 2
   */
  readonly processes?: number;
  /** `WSGIDaemonProcess threads`. Threads > 1 gave spurious errors with SQLite in wsgiform's measurements. @default 1 */
  readonly threads?: number;
  /** `WSGIDaemonProcess user`. @default the service's system user (keystone, cinder) */
  readonly user?: string;
  /** `WSGIDaemonProcess group`. @default the service's system group */
  readonly group?: string;
  /** `WSGIDaemonProcess display-name`, as `ps` shows the daemons. @default '%{GROUP}' */
  readonly displayName?: string;
  /** Name of the `WSGIDaemonProcess` / `WSGIProcessGroup`. @default the service name */
  readonly processGroup?: string;
  /**
   * `WSGIApplicationGroup`. Keystone token requests hang in a sub-interpreter (its cryptography bindings need the main interpreter).
   * @default '%{GLOBAL}'
   */
  readonly applicationGroup?: string;
  /** `WSGIPassAuthorization`: hand the Authorization header to the app. @default true */
  readonly passAuthorization?: boolean;
  /** `WSGIChunkedRequest`: accept chunked request bodies (image uploads). @default - On for a service that takes chunked uploads (Swift), else not set (Off) */
  readonly chunkedRequest?: boolean;
  /**
   * Load the app when the daemon starts (`WSGIScriptAlias … process-group= application-group=`)
   * instead of on the first request, which otherwise takes 2–7 s (measured for Keystone and Cinder). @default true
   */
  readonly preload?: boolean;
  /**
   * Extra `WSGIDaemonProcess` options, e.g. `{ 'request-timeout': '60', 'python-path': '/opt/x' }`
   * (puppet's `custom_wsgi_process_options`). @default - none
   */
  readonly daemonOptions?: { [option: string]: string };
  /** `Header always set NAME VALUE` for each entry. @default - none */
  readonly responseHeaders?: { [name: string]: string };
  /** `RequestHeader set NAME VALUE` for each entry. @default - none */
  readonly requestHeaders?: { [name: string]: string };
  /** `SetEnv NAME VALUE` (per-request WSGI environ, not the process environment). @default - none */
  readonly setEnv?: { [name: string]: string };
  /** `AllowEncodedSlashes`. @default - not set (Apache's Off) */
  readonly allowEncodedSlashes?: AllowEncodedSlashes;
  /** `Timeout`: seconds Apache waits on I/O for one request. @default 60 (kolla `kolla_httpd_timeout`) */
  readonly timeoutSeconds?: number;
  /** `KeepAliveTimeout`. @default 60 (kolla `kolla_httpd_keep_alive`) */
  readonly keepAliveTimeoutSeconds?: number;
  /**
   * Access log format (`LogFormat`), written to the container's stdout. The default puts the
   * client from X-Forwarded-For first and the request time in microseconds (`%D`), as kolla does.
   * @default '%{X-Forwarded-For}i %h %l %u %t "%r" %>s %b %D "%{Referer}i" "%{User-Agent}i"'
   */
  readonly accessLogFormat?: string;
  /** `LogLevel` of the error log (container's stderr). @default ApacheLogLevel.WARN */
  readonly logLevel?: ApacheLogLevel;
  /**
   * Log the Docker and HAProxy health probes in the access log too. @default false
   */
  readonly logHealthProbes?: boolean;
  /**
   * UNCHECKED Apache configuration appended inside the `<VirtualHost>`, for directives wsgiform
   * does not model (puppet's `vhost_custom_fragment`). wsgiform does not quote or validate it
   * (only a NUL byte is refused): check it with `apache2 -t` in the image yourself. @default - none
   */
  readonly rawVhostFragment?: string;
}

export interface ModWsgiModel {
  readonly kind: FrontendKind.APACHE_MOD_WSGI;
  readonly bindAddress: string;
  readonly port: number;
  readonly serverName: string;
  readonly path: string;
  readonly processes: number;
  readonly threads: number;
  readonly user: string;
  readonly group: string;
  readonly displayName: string;
  readonly processGroup: string;
  readonly applicationGroup: string;
  readonly passAuthorization: boolean;
  readonly chunkedRequest?: boolean;
  readonly preload: boolean;
  readonly daemonOptions: Record<string, string>;
  readonly responseHeaders: Record<string, string>;
  readonly requestHeaders: Record<string, string>;
  readonly setEnv: Record<string, string>;
  readonly allowEncodedSlashes?: AllowEncodedSlashes;
  readonly timeoutSeconds: number;
  readonly keepAliveTimeoutSeconds: number;
  readonly accessLogFormat: string;
  readonly logLevel: ApacheLogLevel;
  readonly logHealthProbes: boolean;
  readonly rawVhostFragment?: string;
}

const OWNED_DAEMON_OPTIONS = ['processes', 'threads', 'user', 'group', 'display-name'];

const PROCESS_GROUP = /^[A-Za-z0-9_.-]+$/;
const HEADER_NAME = /^[A-Za-z0-9!#$&'*+.^_`|~-]+$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function resolveModWsgi(path: string, props: ApacheModWsgiProps, facts: ServiceModel): ModWsgiModel {
  const processes = integer(path, 'processes', given(props.processes, 2), 1, 256, 'use at least 1 process');
  const threads = integer(path, 'threads', given(props.threads, 1), 1, 1024, 'use at least 1 thread');
  if (facts.singleThreaded && threads !== 1) {
    throw new WsgiformError(
      path,
      `threads=${threads}: ${facts.name} only supports 1; raise processes instead`,
    );
  }
  const processGroup = literal(path, 'processGroup', given(props.processGroup, facts.name));
  if (!PROCESS_GROUP.test(processGroup)) {
    throw new WsgiformError(
      path,
      `processGroup=${JSON.stringify(processGroup)}: use letters, digits and _ . -`,
    );
  }
  const daemonOptions = stringMap(path, 'daemonOptions', props.daemonOptions);
  for (const k of Object.keys(daemonOptions)) {
    if (OWNED_DAEMON_OPTIONS.includes(k)) {
      throw new WsgiformError(path, `daemonOptions[${k}]: set it with the '${camel(k)}' prop instead`);
    }
    if (!/^[a-z][a-z-]*$/.test(k)) {
      throw new WsgiformError(
        path,
        `daemonOptions key ${JSON.stringify(k)}: WSGIDaemonProcess options are lower-case words with '-'`,
      );
    }
  }
  const headers = (what: string, m: Record<string, string> | undefined) => {
    const out = stringMap(path, what, m);
    for (const k of Object.keys(out)) {
      if (!HEADER_NAME.test(k))
        throw new WsgiformError(
          path,
          `${what} name ${JSON.stringify(k)}: not an HTTP header name (RFC 9110 token)`,
        );
      if (what === 'requestHeaders' && k.toLowerCase() === 'x-forwarded-proto') {
        throw new WsgiformError(
          path,
          `requestHeaders[${k}]: X-Forwarded-Proto is set only at the hop that terminates TLS (the LoadBalancer); set here, plain-HTTP clients get https links (openstack-ansible bug #2068039)`,
        );
      }
    }
    return out;
  };
  const setEnv = stringMap(path, 'setEnv', props.setEnv);
  for (const k of Object.keys(setEnv)) {
    if (!ENV_NAME.test(k))
      throw new WsgiformError(path, `setEnv name ${JSON.stringify(k)}: use letters, digits and _`);
  }
  const rawVhostFragment = props.rawVhostFragment;
  if (rawVhostFragment !== undefined && rawVhostFragment.includes('\u0000')) {
    throw new WsgiformError(path, 'rawVhostFragment contains a NUL byte; remove it');
  }
  return {
    kind: FrontendKind.APACHE_MOD_WSGI,
    bindAddress: literal(path, 'bindAddress', given(props.bindAddress, '0.0.0.0')),
    port: port(path, 'port', given(props.port, facts.port)),
    serverName: literal(path, 'serverName', given(props.serverName, facts.name)),
    path: urlPath(path, 'path', given(props.path, '/')).replace(/(.)\/$/, '$1'),
    processes,
    threads,
    user: literal(path, 'user', given(props.user, facts.user)),
    group: literal(path, 'group', given(props.group, facts.group)),
    displayName: literal(path, 'displayName', given(props.displayName, '%{GROUP}')),
    processGroup,
    applicationGroup: literal(path, 'applicationGroup', given(props.applicationGroup, '%{GLOBAL}')),
    passAuthorization: given(props.passAuthorization, true),
    // A service that takes chunked uploads gets them, unless the operator says otherwise.
    chunkedRequest: props.chunkedRequest ?? (facts.chunkedUploads ? true : undefined),
    preload: given(props.preload, true),
    daemonOptions,
    responseHeaders: headers('responseHeaders', props.responseHeaders),
    requestHeaders: headers('requestHeaders', props.requestHeaders),
    setEnv,
    allowEncodedSlashes: props.allowEncodedSlashes,
    timeoutSeconds: integer(
      path,
      'timeoutSeconds',
      given(props.timeoutSeconds, 60),
      1,
      86400,
      'use 1 to 86400 seconds',
    ),
    keepAliveTimeoutSeconds: integer(
      path,
      'keepAliveTimeoutSeconds',
      given(props.keepAliveTimeoutSeconds, 60),
      1,
      3600,
      'use 1 to 3600 seconds',
    ),
    accessLogFormat: literal(path, 'accessLogFormat', given(props.accessLogFormat, APACHE_LOG_FORMAT)),
    logLevel: given(props.logLevel, ApacheLogLevel.WARN),
    logHealthProbes: given(props.logHealthProbes, false),
    rawVhostFragment,
  };
}

function camel(option: string): string {
  return option === 'display-name' ? 'displayName' : option;
}
