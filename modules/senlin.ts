import { ConfigFile, IniFlavor } from '../lib/definition/config-file';
import { ConfigDelivery, EntryPoint, ServiceDefinition, Wiring } from '../lib/definition/service-definition';
import {
  COMMON_DEFAULTS,
  connectedToMessageBus,
  keystoneAuthtoken,
  noDebconfSetup,
  openstackImage,
  osloDatabase,
  REQUIRES_MESSAGE_BUS,
  USES_TOKEN_CACHE,
} from './shared/openstack';

const CONF = '/etc/senlin/senlin.conf';

/** senlin's filters are wrapped by its own factory, which names the real one. */
const senlinFilter = (factory: string) => ({
  'paste.filter_factory': 'senlin.api.common.wsgi:filter_factory',
  'senlin.filter_factory': `senlin.api.middleware:${factory}`,
});

/**
 * Debian's /usr/share/senlin-common/api-paste.ini with oslo.middleware's healthcheck filter
 * first: Senlin's own pipeline has no unauthenticated path that answers 200 (`/` is a 300).
 */
const PASTE = ConfigFile.ini(
  '/etc/senlin/api-paste.ini',
  {
    'pipeline:senlin-api': {
      pipeline:
        'healthcheck cors http_proxy_to_wsgi request_id faultwrap versionnegotiation osprofiler webhook authtoken context trust apiv1app',
    },
    'app:apiv1app': {
      'paste.app_factory': 'senlin.api.common.wsgi:app_factory',
      'senlin.app_factory': 'senlin.api.openstack.v1.router:API',
    },
    'filter:healthcheck': { 'paste.filter_factory': 'oslo_middleware:Healthcheck.factory' },
    'filter:request_id': { 'paste.filter_factory': 'oslo_middleware.request_id:RequestId.factory' },
    'filter:faultwrap': senlinFilter('fault_filter'),
    'filter:context': { ...senlinFilter('context_filter'), oslo_config_project: 'senlin' },
    'filter:versionnegotiation': senlinFilter('version_filter'),
    'filter:trust': senlinFilter('trust_filter'),
    'filter:webhook': senlinFilter('webhook_filter'),
    'filter:http_proxy_to_wsgi': {
      'paste.filter_factory': 'oslo_middleware.http_proxy_to_wsgi:HTTPProxyToWSGI.factory',
      oslo_config_project: 'senlin',
    },
    'filter:authtoken': { 'paste.filter_factory': 'keystonemiddleware.auth_token:filter_factory' },
    'filter:osprofiler': { 'paste.filter_factory': 'osprofiler.web:WsgiMiddleware.factory' },
    'filter:cors': {
      'paste.filter_factory': 'oslo_middleware.cors:filter_factory',
      oslo_config_project: 'senlin',
    },
  },
  IniFlavor.PASTE,
);

/**
 * Senlin (clustering) as Debian bookworm packages it: senlin-api and senlin-conductor 14.0.0
 * (Zed). Debian's init script runs the eventlet `senlin-api`; the WSGI entry point is pbr's
 * `senlin-wsgi-api` (`senlin.cmd.api_wsgi:init_app`), which reads `sys.argv` and the default
 * path /etc/senlin/senlin.conf, and the paste file /etc/senlin/api-paste.ini. Port 8777
 * (`[senlin_api] bind_port`; Debian's postinst registers 8778, Placement's port). Every API
 * call, `cluster list` included, is an RPC call to senlin-conductor, which runs next to the API
 * (senlin-engine and senlin-health-manager act on clusters). Senlin's trust middleware calls
 * Keystone as the service user on every request (`[authentication]`); its default interface is
 * the public one, which need not be reachable from the containers, so wsgiform sets the
 * internal one. On every request that middleware also reaches Keystone through the catalog's
 * public endpoint (senlin/drivers/sdk.py `create_connection` passes no interface to
 * openstacksdk), so Senlin answers only where the public URL is reachable from inside the
 * containers, as it is in a real deployment (with a loopback public URL, `cluster list` answers
 * 500: "The identity service … does not have any supported versions").
 */
export const definition = new ServiceDefinition({
  name: 'senlin',
  title: 'Senlin (clustering)',
  image: openstackImage({
    packages: ['senlin-api', 'senlin-conductor'],
    debconfSelections: noDebconfSetup('senlin'),
  }),
  entryPoint: EntryPoint.script('/usr/bin/senlin-wsgi-api'),
  port: 8777,
  healthPaths: ['/healthcheck'],
  user: 'senlin',
  config: {
    path: CONF,
    delivery: ConfigDelivery.defaultPath(),
    defaults: {
      ...COMMON_DEFAULTS,
      // The API sends every call to the conductor of its own `host` (senlin/rpc/client.py:
      // get_rpc_client(CONDUCTOR_TOPIC, cfg.CONF.host)), as on one Debian machine; in
      // containers the host names differ, so API and conductor share one.
      DEFAULT: { ...COMMON_DEFAULTS.DEFAULT, host: 'senlin' },
      senlin_api: { bind_port: '8777' },
      conductor: { workers: '1' },
    },
  },
  files: [PASTE],
  database: {
    config: osloDatabase(),
    migrations: [{ argv: ['senlin-manage', '--config-file', CONF, 'db_sync'] }],
  },
  identity: {
    catalogType: 'clustering',
    description: 'Senlin Clustering Service',
    config: {
      keystone_authtoken: keystoneAuthtoken(),
      authentication: {
        auth_url: `${Wiring.IDENTITY_INTERNAL_URL}/v3`,
        service_username: Wiring.SERVICE_USER,
        service_password: Wiring.SERVICE_PASSWORD,
        service_project_name: 'service',
        interface: 'internal',
      },
    },
  },
  messaging: REQUIRES_MESSAGE_BUS,
  cache: USES_TOKEN_CACHE,
  companions: [
    { name: 'conductor', command: ['/usr/bin/senlin-conductor'], healthcheck: connectedToMessageBus() },
  ],
  standalone: { command: ['/usr/bin/senlin-api'] },
});
