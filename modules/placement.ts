import {
  ConfigDelivery,
  EntryPoint,
  ServiceDefinition,
  ServiceImage,
  Wiring,
} from '../lib/definition/service-definition';
import { COMMON_DEFAULTS, keystoneAuthtoken } from './shared/openstack';

/**
 * Placement as Debian bookworm packages it (placement-api, Zed). Not yet proven by an
 * end-to-end deployment here. Entry point `placement-api` (pbr `wsgi_scripts`), port 8778 (the
 * install guide's; kolla uses 8780). Its WSGI app reads only `OS_PLACEMENT_CONFIG_DIR` (a
 * directory), so the config goes to the default path. No `/healthcheck`: `/` answers 200 with
 * the version document. puppet and kolla run it with threads=1.
 */
export const definition = new ServiceDefinition({
  name: 'placement',
  title: 'Placement',
  image: ServiceImage.debianPackages({ packages: ['placement-api'] }),
  entryPoint: EntryPoint.script('/usr/bin/placement-api'),
  port: 8778,
  healthPaths: ['/'],
  user: 'placement',
  config: {
    path: '/etc/placement/placement.conf',
    delivery: ConfigDelivery.defaultPath(),
    defaults: COMMON_DEFAULTS,
  },
  singleThreaded: true,
  database: {
    config: { placement_database: { connection: Wiring.DATABASE_URL } },
    migrations: [{ argv: ['placement-manage', 'db', 'sync'] }],
  },
  identity: {
    catalogType: 'placement',
    description: 'Placement API',
    config: { keystone_authtoken: keystoneAuthtoken() },
  },
});
