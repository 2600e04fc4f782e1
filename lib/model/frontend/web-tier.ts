// A web server in its own container (Nginx, or Apache mod_proxy_uwsgi) in front of uWSGI.
import { WsgiformError } from '../../core/errors';
import { FrontendKind } from '../../core/frontend-kind';
import { given, integer, literal, port, seconds } from '../../core/validate';
import type { ServiceModel } from '../service';
import { resolveUwsgi, type UwsgiModel, type UwsgiProps } from '../uwsgi';
import { APACHE_LOG_FORMAT, ApacheLogLevel } from './apache';

/** Ports of a web tier in front of uWSGI (its own container) and of the uWSGI socket behind it. */
export interface WebTierPorts {
  /** Port the web server listens on in its container. @default the service's port */
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

const NGINX_LOG_FORMAT =
  '$http_x_forwarded_for $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent $request_time "$http_referer" "$http_user_agent"';

function resolveWebTier(
  path: string,
  props: WebTierPorts & { uwsgi?: UwsgiProps; logHealthProbes?: boolean },
  facts: ServiceModel,
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
  facts: ServiceModel,
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
  facts: ServiceModel,
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
