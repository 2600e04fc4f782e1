import { ConfigDelivery, EntryPoint, ServiceDefinition } from '../lib/definition/service-definition';
import {
  COMMON_DEFAULTS,
  keystoneAuthtoken,
  noDebconfSetup,
  openstackImage,
  osloDatabase,
  USES_TOKEN_CACHE,
} from './shared/openstack';

/**
 * Placement as Debian bookworm packages it (placement-api 8.0.0, Zed). Entry point
 * `placement-api` (pbr `wsgi_scripts`, `placement.wsgi:init_application`), port 8778 (the
 * install guide's and Debian's; kolla uses 8780). Its WSGI app reads only
 * `OS_PLACEMENT_CONFIG_DIR` (a directory), so the config goes to the default path. No
 * `/healthcheck`: `/` answers 200 with the version document and skips authentication
 * (placement/auth.py). puppet and kolla run it with threads=1. Only the database is needed.
 */
export const definition = new ServiceDefinition({
  name: 'placement',
  title: 'Placement',
  image: openstackImage({
    packages: ['placement-api'],
    debconfSelections: noDebconfSetup('placement'),
  }),
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
    config: osloDatabase('placement_database'),
    migrations: [{ argv: ['placement-manage', 'db', 'sync'] }],
  },
  identity: {
    catalogType: 'placement',
    description: 'Placement API',
    config: { api: { auth_strategy: 'keystone' }, keystone_authtoken: keystoneAuthtoken() },
  },
  cache: USES_TOKEN_CACHE,
});
