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
 * Mistral (workflows) as Debian bookworm packages it: mistral-api 15.0.0 (Zed).
 * Entry point: pbr `wsgi_scripts` `mistral-wsgi-api` (`mistral.api.app:init_wsgi`), which
 * parses no arguments: the default path /etc/mistral/mistral.conf. Port 8989 (`[api] port`).
 * No `/healthcheck`: `/` is allowed without a token and answers 200. Listing workflows reads the
 * database; mistral-engine and mistral-executor are only needed to run them.
 */
export const definition = new ServiceDefinition({
  name: 'mistral',
  title: 'Mistral (workflows)',
  image: openstackImage({
    packages: ['mistral-api'],
    debconfSelections: noDebconfSetup('mistral'),
  }),
  entryPoint: EntryPoint.script('/usr/bin/mistral-wsgi-api'),
  port: 8989,
  healthPaths: ['/'],
  user: 'mistral',
  config: {
    path: '/etc/mistral/mistral.conf',
    delivery: ConfigDelivery.defaultPath(),
    defaults: { ...COMMON_DEFAULTS, pecan: { auth_enable: 'false' } },
  },
  database: {
    config: osloDatabase(),
    migrations: [{ argv: ['mistral-db-manage', 'upgrade', 'head'] }],
  },
  identity: {
    catalogType: 'workflowv2',
    catalogPath: '/v2',
    description: 'Mistral Workflow Service',
    config: { pecan: { auth_enable: 'true' }, keystone_authtoken: keystoneAuthtoken() },
  },
  messaging: USES_MESSAGE_BUS,
  cache: USES_TOKEN_CACHE,
});
