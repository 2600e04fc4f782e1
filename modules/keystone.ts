import { FrontendKind } from '../lib/core/frontend-kind';
import { ConfigDelivery, EntryPoint, ServiceDefinition, Wiring } from '../lib/definition/service-definition';
import { COMMON_DEFAULTS, openstackImage, osloDatabase } from './shared/openstack';

const KEYS = { fernet: '/etc/keystone/fernet-keys', credential: '/etc/keystone/credential-keys' };
const OWNER = ['--keystone-user', 'keystone', '--keystone-group', 'keystone'];

/**
 * Keystone (identity) as Debian bookworm packages it: keystone 2:22.0.2 (Zed).
 * Entry point: pbr `wsgi_scripts` of keystone's setup.cfg (`keystone-wsgi-public`), which reads
 * `OS_KEYSTONE_CONFIG_FILES`. No standalone server: `keystone-all` is gone since Newton.
 * `/` answers 300 (version discovery), so the health paths are `/healthcheck` and `/v3`.
 * The UID is kolla's 42425: Debian reserves none for keystone (it reserves 64060-64062 for
 * nova, cinder and glance), so `adduser --system` would take whatever is free next.
 */
export const definition = new ServiceDefinition({
  name: 'keystone',
  title: 'Keystone (identity)',
  image: openstackImage({
    packages: ['keystone'],
    uid: 42425,
    debconfSelections: [
      'keystone keystone/configure_db boolean false',
      'keystone keystone/create-admin-tenant boolean false',
      'keystone keystone/register-endpoint boolean false',
    ],
  }),
  entryPoint: EntryPoint.script('/usr/bin/keystone-wsgi-public'),
  port: 5000,
  healthPaths: ['/healthcheck', '/v3'],
  user: 'keystone',
  frontends: [
    FrontendKind.APACHE_MOD_WSGI,
    FrontendKind.APACHE_PROXY_UWSGI,
    FrontendKind.NGINX_UWSGI,
    FrontendKind.UWSGI_HTTP,
  ],
  config: {
    path: '/etc/keystone/keystone.conf',
    delivery: ConfigDelivery.environment('OS_KEYSTONE_CONFIG_FILES'),
    defaults: {
      ...COMMON_DEFAULTS,
      token: { provider: 'fernet' },
      fernet_tokens: { key_repository: KEYS.fernet, max_active_keys: '3' },
      // Receipts (MFA) default to the same path; name it so the shared volume is what they use.
      fernet_receipts: { key_repository: KEYS.fernet },
      credential: { key_repository: KEYS.credential },
    },
  },
  database: {
    config: osloDatabase(),
    migrations: [{ argv: ['keystone-manage', 'db_sync'] }],
  },
  identityProvider: { apiPath: '/v3' },
  // Key repositories must not be world readable: keystone-manage refuses to use them otherwise.
  sharedVolumes: [
    { name: 'fernet-keys', path: KEYS.fernet, private: true },
    { name: 'credential-keys', path: KEYS.credential, private: true },
  ],
  bootstrap: [
    { argv: ['keystone-manage', 'fernet_setup', ...OWNER], asRoot: true },
    { argv: ['keystone-manage', 'credential_setup', ...OWNER], asRoot: true },
    {
      argv: [
        'keystone-manage', 'bootstrap',
        '--bootstrap-password', Wiring.ADMIN_PASSWORD,
        '--bootstrap-username', 'admin',
        '--bootstrap-project-name', 'admin',
        '--bootstrap-role-name', 'admin',
        '--bootstrap-service-name', 'keystone',
        '--bootstrap-region-id', Wiring.REGION,
        '--bootstrap-admin-url', Wiring.INTERNAL_URL,
        '--bootstrap-internal-url', Wiring.INTERNAL_URL,
        '--bootstrap-public-url', Wiring.PUBLIC_URL,
      ], // prettier-ignore
    },
  ],
});
