import { ConfigDelivery, EntryPoint, ServiceDefinition, Wiring } from '../lib/definition/service-definition';
import {
  COMMON_DEFAULTS,
  keystoneAuthtoken,
  noDebconfSetup,
  openstackImage,
  osloDatabase,
  serviceUserAuth,
  USES_MESSAGE_BUS,
  USES_TOKEN_CACHE,
} from './shared/openstack';

const CONF = '/etc/magnum/magnum.conf';

/**
 * Magnum (container infrastructure) as Debian bookworm packages it: magnum-api 15.0.1 (Zed).
 * Entry point: pbr `wsgi_scripts` `magnum-api-wsgi` (`magnum.api.app:build_wsgi_app`), which
 * reads the default path /etc/magnum/magnum.conf and the paste file /etc/magnum/api-paste.ini
 * (installed by magnum-common). Port 9511 (`[api] port`). `/healthcheck` and `/` (a public
 * route) answer 200. Listing clusters and templates reads the database; magnum-conductor is only
 * needed to create them.
 *
 * Quirk: magnum/common/keystone.py (`KeystoneClientV3.auth_url`, marked FIXME upstream) takes
 * its own Keystone URL from `[keystone_authtoken] www_authenticate_uri`, the URL meant for
 * clients. Set to the public URL, every call that builds a keystone client (`coe cluster
 * template list` does, for the trust checks) fails with a 500 where the public URL is not
 * reachable from the container, so Magnum gets the internal URL there. Its trustee domain
 * (`magnum`, with the domain admin `magnum_domain_admin`, as devstack's plugin creates them)
 * is created by the bootstrap job after the catalog entry.
 */
export const definition = new ServiceDefinition({
  name: 'magnum',
  title: 'Magnum (container infrastructure)',
  image: openstackImage({
    packages: ['magnum-api'],
    debconfSelections: noDebconfSetup('magnum'),
  }),
  entryPoint: EntryPoint.script('/usr/bin/magnum-api-wsgi'),
  port: 9511,
  healthPaths: ['/healthcheck', '/'],
  user: 'magnum',
  config: { path: CONF, delivery: ConfigDelivery.defaultPath(), defaults: COMMON_DEFAULTS },
  database: {
    config: osloDatabase(),
    migrations: [{ argv: ['magnum-db-manage', `--config-file=${CONF}`, 'upgrade'] }],
  },
  identity: {
    catalogType: 'container-infra',
    catalogPath: '/v1',
    description: 'Magnum Container Infrastructure Service',
    config: {
      keystone_authtoken: { ...keystoneAuthtoken(), www_authenticate_uri: Wiring.IDENTITY_INTERNAL_URL },
      keystone_auth: serviceUserAuth(),
      // Users and projects Magnum creates for clusters live in a domain of their own, managed by
      // a domain admin; every policy check reads the domain's id (magnum/common/policy.py
      // add_policy_attributes), so `cluster template list` fails without it.
      trust: {
        trustee_domain_name: 'magnum',
        trustee_domain_admin_name: 'magnum_domain_admin',
        trustee_domain_admin_password: Wiring.SERVICE_PASSWORD,
        trustee_keystone_interface: 'internal',
      },
    },
    bootstrap: [
      {
        asRoot: true,
        argv: [
          'sh',
          '-ec',
          [
            'openstack domain create --or-show --description "Owns users and projects created by Magnum" magnum >/dev/null',
            'openstack user create --or-show --domain magnum --password "$WSGIFORM_SERVICE_PASSWORD" magnum_domain_admin >/dev/null',
            'openstack user set --domain magnum --password "$WSGIFORM_SERVICE_PASSWORD" magnum_domain_admin',
            'openstack role add --domain magnum --user-domain magnum --user magnum_domain_admin admin',
          ].join(' && '),
        ],
      },
    ],
  },
  messaging: USES_MESSAGE_BUS,
  cache: USES_TOKEN_CACHE,
});
