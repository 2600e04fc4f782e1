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

const CONF = '/etc/heat/heat.conf';

/**
 * Heat (orchestration) as Debian bookworm packages it: heat-api and heat-engine 1:19.0.0 (Zed).
 * Entry point: pbr `wsgi_scripts` `heat-wsgi-api` (`heat.httpd.heat_api:init_application`),
 * which parses `sys.argv` with oslo.config (project heat), so the config goes in through argv.
 * Port 8004 (`[heat_api] bind_port`). Debian's /etc/heat/api-paste.ini puts oslo.middleware's
 * healthcheck filter first in every pipeline (`/healthcheck`, 200); `/` answers 300. Every API
 * call, `stack list` included, is an RPC call to heat-engine over the message bus, so the bus is
 * required and heat-engine runs next to the API.
 */
export const definition = new ServiceDefinition({
  name: 'heat',
  title: 'Heat (orchestration)',
  image: openstackImage({
    packages: ['heat-api', 'heat-api-cfn', 'heat-engine'],
    debconfSelections: noDebconfSetup('heat'),
  }),
  entryPoint: EntryPoint.script('/usr/bin/heat-wsgi-api'),
  port: 8004,
  healthPaths: ['/healthcheck'],
  user: 'heat',
  config: {
    path: CONF,
    delivery: ConfigDelivery.argv(),
    defaults: {
      ...COMMON_DEFAULTS,
      DEFAULT: { ...COMMON_DEFAULTS.DEFAULT, num_engine_workers: '1' },
      heat_api: { bind_port: '8004', workers: Wiring.WORKERS },
    },
  },
  database: {
    config: osloDatabase(),
    migrations: [{ argv: ['heat-manage', '--config-file', CONF, 'db_sync'] }],
  },
  identity: {
    catalogType: 'orchestration',
    catalogPath: '/v1/%(tenant_id)s',
    description: 'Heat Orchestration Service',
    config: {
      keystone_authtoken: keystoneAuthtoken(),
      clients_keystone: { auth_uri: Wiring.IDENTITY_INTERNAL_URL },
      // The engine acts for users through trusts with the service user's credentials.
      trustee: {
        auth_type: 'password',
        auth_url: Wiring.IDENTITY_INTERNAL_URL,
        username: Wiring.SERVICE_USER,
        password: Wiring.SERVICE_PASSWORD,
        user_domain_name: 'Default',
      },
    },
  },
  messaging: REQUIRES_MESSAGE_BUS,
  cache: USES_TOKEN_CACHE,
  companions: [{ name: 'engine', command: ['/usr/bin/heat-engine'], healthcheck: connectedToMessageBus() }],
  standalone: { command: ['/usr/bin/heat-api'] },
});
