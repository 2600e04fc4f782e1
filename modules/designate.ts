import { ConfigDelivery, EntryPoint, ServiceDefinition } from '../lib/definition/service-definition';
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

const CONF = '/etc/designate/designate.conf';

/**
 * Designate (DNS) as Debian bookworm packages it: designate-api and designate-central 1:15.0.2
 * (Zed). Entry point: pbr `wsgi_scripts` `designate-api-wsgi`
 * (`designate.api.wsgi:init_application`), which reads api-paste.ini and designate.conf from
 * `OS_DESIGNATE_CONFIG_DIR` (default /etc/designate, where wsgiform writes them) and no
 * arguments. Port 9001 (`[service:api] listen`). `/healthcheck` is oslo.middleware's app in
 * Debian's paste file (200). Debian's uWSGI ini runs 1 thread per process, and so does
 * wsgiform. Every zone call, `zone list` included, is an RPC call to designate-central, which
 * owns the database (`[storage:sqlalchemy]`) and runs next to the API; designate-worker,
 * -producer and -mdns and a DNS server are only needed to serve the zones.
 */
export const definition = new ServiceDefinition({
  name: 'designate',
  title: 'Designate (DNS)',
  image: openstackImage({
    packages: ['designate-api', 'designate-central'],
    debconfSelections: noDebconfSetup('designate'),
  }),
  entryPoint: EntryPoint.script('/usr/bin/designate-api-wsgi'),
  port: 9001,
  healthPaths: ['/healthcheck', '/'],
  healthDisableFile: '/etc/designate/healthcheck_disable',
  user: 'designate',
  singleThreaded: true,
  config: {
    path: CONF,
    delivery: ConfigDelivery.defaultPath(),
    defaults: {
      ...COMMON_DEFAULTS,
      'service:api': { auth_strategy: 'noauth' },
      'service:central': { workers: '1' },
    },
  },
  database: {
    config: osloDatabase('storage:sqlalchemy'),
    migrations: [{ argv: ['designate-manage', '--config-file', CONF, 'database', 'sync'] }],
  },
  identity: {
    catalogType: 'dns',
    description: 'Designate DNS Service',
    config: { 'service:api': { auth_strategy: 'keystone' }, keystone_authtoken: keystoneAuthtoken() },
  },
  messaging: REQUIRES_MESSAGE_BUS,
  cache: USES_TOKEN_CACHE,
  companions: [
    { name: 'central', command: ['/usr/bin/designate-central'], healthcheck: connectedToMessageBus() },
  ],
});
