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

const CONF = '/etc/neutron/neutron.conf';

/**
 * Neutron (networking) as Debian bookworm packages it: neutron-server 2:21.0.0 (Zed), which is
 * neutron-api (the REST API) and neutron-rpc-server (the RPC workers agents talk to).
 * Entry point: pbr `wsgi_scripts` `neutron-api` (`neutron.cmd.eventlet.server:main_api_eventlet`),
 * which reads the `;`-separated files of `OS_NEUTRON_CONFIG_FILES` (relative to
 * `OS_NEUTRON_CONFIG_DIR`, default neutron.conf and plugins/ml2/ml2_conf.ini) and `sys.argv`,
 * then /etc/neutron/api-paste.ini. wsgiform points the variable at its one file, neutron.conf,
 * which holds the ML2 sections too, so Debian's ml2_conf.ini (Open vSwitch with l2population)
 * is not read. Port 9696 (`bind_port`); `/healthcheck` is oslo.middleware's app in Debian's
 * paste file (200). The plugin is ML2 with flat, VLAN and VXLAN type drivers and tenant
 * networks on VXLAN (VNIs 1–1000), as the install guide's self-service option; creating and
 * listing networks needs the database and the message bus (the API notifies DHCP agents), and
 * neutron-rpc-server runs next to the API for agents to report to. Agents (Open vSwitch, DHCP,
 * L3, metadata) run on network and compute nodes and are not part of a control plane
 * deployment. Nova notifications about ports are off until the plane has Nova.
 */
export const definition = new ServiceDefinition({
  name: 'neutron',
  title: 'Neutron (networking)',
  image: openstackImage({
    packages: ['neutron-api', 'neutron-rpc-server'],
    debconfSelections: noDebconfSetup('neutron', 'neutron-common'),
  }),
  entryPoint: EntryPoint.script('/usr/bin/neutron-api'),
  port: 9696,
  healthPaths: ['/healthcheck', '/'],
  healthDisableFile: '/etc/neutron/healthcheck_disable',
  user: 'neutron',
  config: {
    path: CONF,
    delivery: ConfigDelivery.environment('OS_NEUTRON_CONFIG_FILES'),
    defaults: {
      ...COMMON_DEFAULTS,
      DEFAULT: {
        ...COMMON_DEFAULTS.DEFAULT,
        auth_strategy: 'noauth',
        core_plugin: 'ml2',
        service_plugins: 'router',
        notify_nova_on_port_status_changes: 'false',
        notify_nova_on_port_data_changes: 'false',
        rpc_workers: '1',
        rpc_state_report_workers: '1',
      },
      ml2: {
        type_drivers: 'flat,vlan,vxlan',
        tenant_network_types: 'vxlan',
        mechanism_drivers: 'openvswitch',
        extension_drivers: 'port_security',
      },
      ml2_type_flat: { flat_networks: 'provider' },
      ml2_type_vxlan: { vni_ranges: '1:1000' },
      oslo_concurrency: { lock_path: '/var/lib/neutron/lock' },
    },
  },
  database: {
    config: osloDatabase(),
    migrations: [{ argv: ['neutron-db-manage', '--config-file', CONF, 'upgrade', 'head'] }],
  },
  identity: {
    catalogType: 'network',
    description: 'Neutron Networking Service',
    config: { DEFAULT: { auth_strategy: 'keystone' }, keystone_authtoken: keystoneAuthtoken() },
  },
  messaging: REQUIRES_MESSAGE_BUS,
  cache: USES_TOKEN_CACHE,
  companions: [
    { name: 'rpc-server', command: ['/usr/bin/neutron-rpc-server'], healthcheck: connectedToMessageBus() },
  ],
});
