import { FrontendKind, type ServiceFacts } from '../../modules/module';
import { WsgiformError } from './errors';
import { resolveUwsgi, type UwsgiModel, type UwsgiProps } from './uwsgi';
import { given, integer, literal, port, seconds, stringMap, urlPath } from './validate';

/** Apache's `AllowEncodedSlashes`. */
export enum AllowEncodedSlashes {
  ON = 'On',
  OFF = 'Off',
  NO_DECODE = 'NoDecode',
}

/** Apache's `LogLevel` values. */
export enum ApacheLogLevel {
  EMERG = 'emerg',
  ALERT = 'alert',
  CRIT = 'crit',
  ERROR = 'error',
  WARN = 'warn',
  NOTICE = 'notice',
  INFO = 'info',
  DEBUG = 'debug',
}

/**
 * Apache httpd + mod_wsgi (daemon mode) in the service's container: puppet-openstacklib
 * `wsgi::apache`, kolla and Chef. Every knob keeps the Apache / mod_wsgi name.
 */
export interface ApacheModWsgiProps {
  /** Address Apache listens on inside the container. @default '0.0.0.0' */
  readonly bindAddress?: string;
  /** Port Apache listens on inside the container. @default the module's port (Keystone 5000, Cinder 8776) */
  readonly port?: number;
  /** `ServerName`. @default the service name */
  readonly serverName?: string;
  /** URL path the app is mounted at (`WSGIScriptAlias`). @default '/' */
  readonly path?: string;
  /**
   * `WSGIDaemonProcess processes`. Prefer processes over threads (the GIL): on 2 cores,
   * 2 processes × 1 thread served Keystone GET /v3 at 2080 req/s against 1096 for mod_wsgi's
   * implicit 1 × 15 (reference/real-servers-baseline.md §7.3). @default 2
   */
  readonly processes?: number;
  /** `WSGIDaemonProcess threads`. Threads > 1 gave spurious errors with SQLite (G10). @default 1 */
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
   * `WSGIApplicationGroup`. Keystone token requests hang in a sub-interpreter (G1).
   * @default '%{GLOBAL}'
   */
  readonly applicationGroup?: string;
  /** `WSGIPassAuthorization`: hand the Authorization header to the app. @default true */
  readonly passAuthorization?: boolean;
  /** `WSGIChunkedRequest`: accept chunked request bodies (image uploads). @default - not set (Off) */
  readonly chunkedRequest?: boolean;
  /**
   * Load the app when the daemon starts (`WSGIScriptAlias … process-group= application-group=`)
   * instead of on the first request, which otherwise takes 2–7 s (G2). @default true
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
   * does not model (puppet's `vhost_custom_fragment`). wsgiform does not quote or validate it;
   * the configcheck lane runs `apache2 -t` on it. @default - none
   */
  readonly rawVhostFragment?: string;
}

/** The service's own server (e.g. `cinder-api`, eventlet), as the seed's "default option". */
export interface StandaloneProps {
  /** Worker processes the service forks (`osapi_volume_workers` for Cinder). @default 2 */
  readonly workers?: number;
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

export interface StandaloneModel {
  readonly kind: FrontendKind.STANDALONE;
  readonly port: number;
  readonly workers: number;
}

/** uWSGI's own HTTP socket, straight behind HAProxy (openstack-ansible). */
export interface UwsgiHttpProps {
  /** Port of uWSGI's `http-socket` in the app container. @default the module's port */
  readonly port?: number;
  /** uWSGI options. */
  readonly uwsgi?: UwsgiProps;
}

/** Ports of a web tier in front of uWSGI (its own container) and of the uWSGI socket behind it. */
export interface WebTierPorts {
  /** Port the web server listens on in its container. @default the module's port */
  readonly port?: number;
  /**
   * Port of uWSGI's uwsgi-protocol `socket` in the app container; uWSGI also answers plain HTTP
   * on 127.0.0.1 at this port + 1, for the container's own healthcheck. Not uWSGI's customary
   * 3031: Debian's Apache 2.4.71 mod_proxy_uwsgi drops that port from the URL as "the default"
   * and then connects to port 0 (measured). @default 3100
   */
  readonly uwsgiPort?: number;
}

/** Nginx (its own container) → uWSGI over the uwsgi protocol. */
export interface NginxUwsgiProps extends WebTierPorts {
  /** uWSGI options. */
  readonly uwsgi?: UwsgiProps;
  /** `worker_processes`. @default 2 */
  readonly workerProcesses?: number;
  /** `worker_connections`. @default 1024 */
  readonly workerConnections?: number;
  /** `client_max_body_size` in bytes. @default 1048576 (nginx's 1m) */
  readonly clientMaxBodySizeBytes?: number;
  /** `uwsgi_read_timeout`. @default 60 */
  readonly readTimeoutSeconds?: number;
  /** `uwsgi_send_timeout`. @default 60 */
  readonly sendTimeoutSeconds?: number;
  /** `uwsgi_buffering`. @default true */
  readonly buffering?: boolean;
  /** `keepalive_timeout`. @default 75 (nginx's) */
  readonly keepaliveTimeoutSeconds?: number;
  /**
   * `log_format` of the access log (stdout); `$variables` are nginx's.
   * @default '$http_x_forwarded_for $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent $request_time "$http_referer" "$http_user_agent"'
   */
  readonly accessLogFormat?: string;
  /** Log the Docker and HAProxy health probes too. @default false */
  readonly logHealthProbes?: boolean;
}

/** Apache mod_proxy_uwsgi (its own container) → uWSGI (devstack's layout). */
export interface ApacheProxyUwsgiProps extends WebTierPorts {
  /** uWSGI options. */
  readonly uwsgi?: UwsgiProps;
  /** `Timeout`. @default 60 */
  readonly timeoutSeconds?: number;
  /** `KeepAliveTimeout`. @default 60 */
  readonly keepAliveTimeoutSeconds?: number;
  /** Access log format (`LogFormat`). @default the same as Frontend.apacheModWsgi's */
  readonly accessLogFormat?: string;
  /** `LogLevel`. @default ApacheLogLevel.WARN */
  readonly logLevel?: ApacheLogLevel;
  /** Log the Docker and HAProxy health probes too. @default false */
  readonly logHealthProbes?: boolean;
}

export interface UwsgiHttpModel {
  readonly kind: FrontendKind.UWSGI_HTTP;
  readonly port: number;
  readonly uwsgi: UwsgiModel;
}

interface WebTierModel {
  /** Web server port in the web container (HAProxy's server port). */
  readonly port: number;
  /** uWSGI socket port in the app container. */
  readonly uwsgiPort: number;
  /** uWSGI plain-HTTP port on the app container's loopback, for its healthcheck. */
  readonly probePort: number;
  readonly uwsgi: UwsgiModel;
  readonly logHealthProbes: boolean;
  readonly accessLogFormat: string;
}

export interface NginxUwsgiModel extends WebTierModel {
  readonly kind: FrontendKind.NGINX_UWSGI;
  readonly workerProcesses: number;
  readonly workerConnections: number;
  readonly clientMaxBodySizeBytes: number;
  readonly readTimeoutSeconds: number;
  readonly sendTimeoutSeconds: number;
  readonly buffering: boolean;
  readonly keepaliveTimeoutSeconds: number;
}

export interface ApacheProxyUwsgiModel extends WebTierModel {
  readonly kind: FrontendKind.APACHE_PROXY_UWSGI;
  readonly timeoutSeconds: number;
  readonly keepAliveTimeoutSeconds: number;
  readonly logLevel: ApacheLogLevel;
}

export type FrontendModel =
  ModWsgiModel | StandaloneModel | UwsgiHttpModel | NginxUwsgiModel | ApacheProxyUwsgiModel;

const APACHE_LOG_FORMAT = '%{X-Forwarded-For}i %h %l %u %t "%r" %>s %b %D "%{Referer}i" "%{User-Agent}i"';
const NGINX_LOG_FORMAT =
  '$http_x_forwarded_for $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent $request_time "$http_referer" "$http_user_agent"';

export function resolveUwsgiHttp(path: string, props: UwsgiHttpProps, facts: ServiceFacts): UwsgiHttpModel {
  return {
    kind: FrontendKind.UWSGI_HTTP,
    port: port(path, 'port', given(props.port, facts.port)),
    uwsgi: resolveUwsgi(path, props.uwsgi, facts),
  };
}

function resolveWebTier(
  path: string,
  props: WebTierPorts & { uwsgi?: UwsgiProps; logHealthProbes?: boolean },
  facts: ServiceFacts,
  logFormat: string,
) {
  const uwsgiPort = integer(
    path,
    'uwsgiPort',
    given(props.uwsgiPort, 3100),
    1,
    65534,
    'choose a TCP port from 1 to 65534 (the next one is the probe port)',
  );
  return {
    port: port(path, 'port', given(props.port, facts.port)),
    uwsgiPort,
    probePort: uwsgiPort + 1,
    uwsgi: resolveUwsgi(path, props.uwsgi, facts),
    logHealthProbes: given(props.logHealthProbes, false),
    accessLogFormat: literal(path, 'accessLogFormat', logFormat),
  };
}

export function resolveNginxUwsgi(
  path: string,
  props: NginxUwsgiProps,
  facts: ServiceFacts,
): NginxUwsgiModel {
  return {
    kind: FrontendKind.NGINX_UWSGI,
    ...resolveWebTier(path, props, facts, given(props.accessLogFormat, NGINX_LOG_FORMAT)),
    workerProcesses: integer(
      path,
      'workerProcesses',
      given(props.workerProcesses, 2),
      1,
      256,
      'use at least 1',
    ),
    workerConnections: integer(
      path,
      'workerConnections',
      given(props.workerConnections, 1024),
      16,
      1_000_000,
      'use at least 16',
    ),
    clientMaxBodySizeBytes: integer(
      path,
      'clientMaxBodySizeBytes',
      given(props.clientMaxBodySizeBytes, 1048576),
      0,
      Number.MAX_SAFE_INTEGER,
      'use 0 (unlimited) or a size in bytes',
    ),
    readTimeoutSeconds: seconds(path, 'readTimeoutSeconds', props.readTimeoutSeconds, 60, 86400),
    sendTimeoutSeconds: seconds(path, 'sendTimeoutSeconds', props.sendTimeoutSeconds, 60, 86400),
    buffering: given(props.buffering, true),
    keepaliveTimeoutSeconds: seconds(path, 'keepaliveTimeoutSeconds', props.keepaliveTimeoutSeconds, 75),
  };
}

export function resolveApacheProxyUwsgi(
  path: string,
  props: ApacheProxyUwsgiProps,
  facts: ServiceFacts,
): ApacheProxyUwsgiModel {
  if (props.uwsgiPort === 3031) {
    throw new WsgiformError(
      path,
      "uwsgiPort=3031: Debian's Apache 2.4.71 mod_proxy_uwsgi treats 3031 as the default port, drops it and connects to port 0; choose another port",
    );
  }
  return {
    kind: FrontendKind.APACHE_PROXY_UWSGI,
    ...resolveWebTier(path, props, facts, given(props.accessLogFormat, APACHE_LOG_FORMAT)),
    timeoutSeconds: seconds(path, 'timeoutSeconds', props.timeoutSeconds, 60, 86400),
    keepAliveTimeoutSeconds: seconds(path, 'keepAliveTimeoutSeconds', props.keepAliveTimeoutSeconds, 60),
    logLevel: given(props.logLevel, ApacheLogLevel.WARN),
  };
}

/** Options of WSGIDaemonProcess that wsgiform sets itself; overriding them would desync the model. */
const OWNED_DAEMON_OPTIONS = ['processes', 'threads', 'user', 'group', 'display-name'];

const PROCESS_GROUP = /^[A-Za-z0-9_.-]+$/;
const HEADER_NAME = /^[A-Za-z0-9!#$&'*+.^_`|~-]+$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function resolveModWsgi(path: string, props: ApacheModWsgiProps, facts: ServiceFacts): ModWsgiModel {
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
    chunkedRequest: props.chunkedRequest,
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
    accessLogFormat: literal(
      path,
      'accessLogFormat',
      given(
        props.accessLogFormat,
        '%{X-Forwarded-For}i %h %l %u %t "%r" %>s %b %D "%{Referer}i" "%{User-Agent}i"',
      ),
    ),
    logLevel: given(props.logLevel, ApacheLogLevel.WARN),
    logHealthProbes: given(props.logHealthProbes, false),
    rawVhostFragment,
  };
}

export function resolveStandalone(
  path: string,
  props: StandaloneProps,
  facts: ServiceFacts,
): StandaloneModel {
  return {
    kind: FrontendKind.STANDALONE,
    port: facts.port,
    workers: integer(path, 'workers', given(props.workers, 2), 1, 256, 'use at least 1 worker'),
  };
}

/** Frontends that lose chunked request bodies with Debian bookworm's uWSGI 2.0.21. */
const DROPS_CHUNKED: Partial<Record<FrontendKind, string>> = {
  [FrontendKind.APACHE_PROXY_UWSGI]: 'mod_proxy_uwsgi refuses them with 411 (unbit/uwsgi#1540, devstack)',
  [FrontendKind.NGINX_UWSGI]:
    "nginx's uwsgi_pass sends them with an empty CONTENT_LENGTH and the body is lost",
  [FrontendKind.UWSGI_HTTP]:
    "uWSGI's http-socket loses the body (its chunked options belong to the http router plugin)",
};

/** Throws unless the service's module supports the frontend, naming the ones it does. */
export function checkSupported(path: string, facts: ServiceFacts, kind: FrontendKind): void {
  const drops = DROPS_CHUNKED[kind];
  if (facts.chunkedUploads && drops) {
    throw new WsgiformError(
      path,
      `frontend=${kind}: ${facts.name} takes chunked uploads and ${drops}; use Frontend.standalone()`,
    );
  }
  if (!facts.frontends.includes(kind)) {
    const why =
      kind === FrontendKind.STANDALONE ? ` (wsgiform knows no standalone server for ${facts.name})` : '';
    throw new WsgiformError(
      path,
      `frontend=${kind}: ${facts.name} does not support it${why}; choose one of ${facts.frontends.join(', ')}`,
    );
  }
}

function camel(option: string): string {
  return option === 'display-name' ? 'displayName' : option;
}
