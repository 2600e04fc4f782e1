import { ConfigDelivery, EntryPoint, ServiceDefinition } from '../lib/definition/service-definition';
import {
  COMMON_DEFAULTS,
  keystoneAuthtoken,
  noDebconfSetup,
  openstackImage,
  osloDatabase,
  USES_MESSAGE_BUS,
  USES_TOKEN_CACHE,
} from './shared/openstack';

/**
 * Octavia (load balancing) as Debian bookworm packages it: octavia-api 11.0.0 (Zed).
 * Entry point: pbr `wsgi_scripts` `octavia-wsgi` (`octavia.api.app:setup_app`), which reads
 * `sys.argv` and the default path /etc/octavia/octavia.conf. Port 9876 (`[api_settings]
 * bind_port`). oslo.middleware's healthcheck wraps the whole app (`/healthcheck`, 200); `/`
 * answers 200. Listing load balancers reads the database; octavia-worker and an amphora driver
 * are only needed to create them.
 */
export const definition = new ServiceDefinition({
  name: 'octavia',
  title: 'Octavia (load balancing)',
  image: openstackImage({
    packages: ['octavia-api'],
    debconfSelections: noDebconfSetup('octavia'),
  }),
  entryPoint: EntryPoint.script('/usr/bin/octavia-wsgi'),
  port: 9876,
  healthPaths: ['/healthcheck', '/'],
  user: 'octavia',
  config: {
    path: '/etc/octavia/octavia.conf',
    delivery: ConfigDelivery.defaultPath(),
    defaults: { ...COMMON_DEFAULTS, api_settings: { bind_port: '9876', auth_strategy: 'noauth' } },
  },
  database: {
    config: osloDatabase(),
    migrations: [{ argv: ['octavia-db-manage', 'upgrade', 'head'] }],
  },
  identity: {
    catalogType: 'load-balancer',
    description: 'Octavia Load Balancing Service',
    config: { api_settings: { auth_strategy: 'keystone' }, keystone_authtoken: keystoneAuthtoken() },
  },
  messaging: USES_MESSAGE_BUS,
  cache: USES_TOKEN_CACHE,
});
