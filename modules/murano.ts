import { ConfigFile, IniFlavor } from '../lib/definition/config-file';
import { ConfigDelivery, EntryPoint, ServiceDefinition } from '../lib/definition/service-definition';
import {
  COMMON_DEFAULTS,
  keystoneAuthtoken,
  noDebconfSetup,
  openstackImage,
  osloDatabase,
  REQUIRES_MESSAGE_BUS,
  USES_TOKEN_CACHE,
} from './shared/openstack';

const CONF = '/etc/murano/murano.conf';

/**
 * Debian's /usr/share/murano-common/murano-paste.ini with oslo.middleware's healthcheck filter
 * first: Murano's own pipeline has no unauthenticated path that answers 200 (`/` is a 300).
 */
const PASTE = ConfigFile.ini(
  '/etc/murano/murano-paste.ini',
  {
    'pipeline:murano': {
      pipeline:
        'healthcheck cors http_proxy_to_wsgi request_id versionnegotiation faultwrap authtoken context rootapp',
    },
    'filter:healthcheck': { 'paste.filter_factory': 'oslo_middleware:Healthcheck.factory' },
    'filter:context': { 'paste.filter_factory': 'murano.api.middleware.context:ContextMiddleware.factory' },
    'filter:authtoken': { 'paste.filter_factory': 'keystonemiddleware.auth_token:filter_factory' },
    'composite:rootapp': { use: 'egg:Paste#urlmap', '/': 'apiversions', '/v1': 'apiv1app' },
    'app:apiversions': { 'paste.app_factory': 'murano.api.versions:create_resource' },
    'app:apiv1app': { 'paste.app_factory': 'murano.api.v1.router:API.factory' },
    'filter:versionnegotiation': {
      'paste.filter_factory': 'murano.api.middleware.version_negotiation:VersionNegotiationFilter.factory',
    },
    'filter:faultwrap': { 'paste.filter_factory': 'murano.api.middleware.fault:FaultWrapper.factory' },
    'filter:request_id': { 'paste.filter_factory': 'oslo_middleware.request_id:RequestId.factory' },
    'filter:cors': {
      'paste.filter_factory': 'oslo_middleware.cors:filter_factory',
      oslo_config_project: 'murano',
    },
    'filter:http_proxy_to_wsgi': {
      'paste.filter_factory': 'oslo_middleware.http_proxy_to_wsgi:HTTPProxyToWSGI.factory',
      oslo_config_project: 'murano',
    },
  },
  IniFlavor.PASTE,
);

/**
 * Murano (application catalog) as Debian bookworm packages it: murano-api 1:14.0.0 (Zed).
 * Debian's init script runs the eventlet `murano-api`; the WSGI entry point is pbr's
 * `murano-wsgi-api` (`murano.httpd.murano_api:init_application`), which reads `sys.argv` and
 * the default path /etc/murano/murano.conf, and the paste file named after it,
 * /etc/murano/murano-paste.ini. Port 8082 (`bind_port`). Every API process also starts
 * Murano's notification listener and RPC server on the message bus, so the bus is required.
 * Listing environments reads the database; murano-engine deploys them. Debian registers the
 * catalog type `application_catalog`; the client looks up `application-catalog`, the type in
 * os-service-types, which wsgiform registers.
 */
export const definition = new ServiceDefinition({
  name: 'murano',
  title: 'Murano (application catalog)',
  image: openstackImage({
    packages: ['murano-api'],
    debconfSelections: noDebconfSetup('murano'),
  }),
  entryPoint: EntryPoint.script('/usr/bin/murano-wsgi-api'),
  port: 8082,
  healthPaths: ['/healthcheck'],
  user: 'murano',
  config: { path: CONF, delivery: ConfigDelivery.defaultPath(), defaults: COMMON_DEFAULTS },
  files: [PASTE],
  database: {
    config: osloDatabase(),
    migrations: [{ argv: ['murano-db-manage', `--config-file=${CONF}`, 'upgrade'] }],
  },
  identity: {
    catalogType: 'application-catalog',
    description: 'Murano Application Catalog',
    config: { keystone_authtoken: keystoneAuthtoken() },
  },
  messaging: REQUIRES_MESSAGE_BUS,
  cache: USES_TOKEN_CACHE,
  standalone: { command: ['/usr/bin/murano-api'] },
});
