import {
  FrontendKind,
  asService,
  type BootstrapContext,
  type ConfigContext,
  type ServiceFacts,
} from './module';

/**
 * Keystone (identity) as Debian bookworm packages it: keystone 2:22.0.2 (Zed).
 * Sources: pbr wsgi_scripts of keystone 2023.1 setup.cfg; reference/real-servers-baseline.md G3, G11.
 */
export const KEYSTONE: ServiceFacts = {
  name: 'keystone',
  title: 'Keystone (identity)',
  image: 'keystone',
  port: 5000,
  healthPath: '/healthcheck',
  healthPaths: ['/healthcheck', '/v3'],
  user: 'keystone',
  group: 'keystone',
  wsgiScript: '/usr/bin/keystone-wsgi-public',
  wsgiCallable: 'keystone.server.wsgi:initialize_public_application',
  // keystone-all is gone since Newton; the wsgiref server of the pbr script is "for testing only".
  standalone: undefined,
  frontends: [
    FrontendKind.APACHE_MOD_WSGI,
    FrontendKind.APACHE_PROXY_UWSGI,
    FrontendKind.NGINX_UWSGI,
    FrontendKind.UWSGI_HTTP,
  ],
  configFile: '/etc/keystone/keystone.conf',
  configDelivery: { kind: 'env', variable: 'OS_KEYSTONE_CONFIG_FILES' },
  singleThreaded: false,
  catalog: undefined,
  // Keystone mounts oslo.middleware in code with no backends: no disable-by-file switch.
  healthDisableFile: undefined,
  sharedVolumes: [
    { name: 'fernet-keys', path: '/etc/keystone/fernet-keys' },
    { name: 'credential-keys', path: '/etc/keystone/credential-keys' },
  ],
  defaultConfig: (ctx: ConfigContext) => ({
    DEFAULT: { use_stderr: 'true' },
    database: { connection: ctx.databaseUrl, max_retries: '-1' },
    token: { provider: 'fernet' },
    fernet_tokens: { key_repository: '/etc/keystone/fernet-keys', max_active_keys: '3' },
    // Receipts (MFA) default to the same path; name it so the shared volume is what they use.
    fernet_receipts: { key_repository: '/etc/keystone/fernet-keys' },
    credential: { key_repository: '/etc/keystone/credential-keys' },
    oslo_middleware: { enable_proxy_headers_parsing: 'true' },
  }),
  bootstrap: (ctx: BootstrapContext) => {
    if (ctx.adminPassword === undefined)
      throw new Error('internal: keystone bootstrap needs the admin password');
    const owner = ['--keystone-user', 'keystone', '--keystone-group', 'keystone'];
    return [
      // Key repositories must not be world readable (reference G11); the volume mounts them 0755.
      ...KEYSTONE.sharedVolumes.map((v) => ({
        kind: 'private-dir' as const,
        path: v.path,
        user: 'keystone',
        group: 'keystone',
      })),
      { kind: 'run', argv: ['keystone-manage', 'fernet_setup', ...owner] },
      { kind: 'run', argv: ['keystone-manage', 'credential_setup', ...owner] },
      asService(KEYSTONE, ['keystone-manage', 'db_sync']),
      asService(KEYSTONE, [
        'keystone-manage', 'bootstrap',
        '--bootstrap-password', ctx.adminPassword,
        '--bootstrap-username', 'admin',
        '--bootstrap-project-name', 'admin',
        '--bootstrap-role-name', 'admin',
        '--bootstrap-service-name', 'keystone',
        '--bootstrap-region-id', ctx.region,
        '--bootstrap-admin-url', ctx.internalUrl,
        '--bootstrap-internal-url', ctx.internalUrl,
        '--bootstrap-public-url', ctx.publicUrl,
      ]), // prettier-ignore
    ];
  },
};
