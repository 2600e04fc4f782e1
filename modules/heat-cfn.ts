import { ConfigDelivery, EntryPoint, ServiceDefinition, Wiring } from '../lib/definition/service-definition';
import {
  COMMON_DEFAULTS,
  keystoneAuthtoken,
  noDebconfSetup,
  openstackImage,
  REQUIRES_MESSAGE_BUS,
  USES_TOKEN_CACHE,
} from './shared/openstack';

/**
 * Heat's CloudFormation-compatible API as Debian bookworm packages it: heat-api-cfn 1:19.0.0
 * (Zed). Entry point: pbr `wsgi_scripts` `heat-wsgi-api-cfn`
 * (`heat.httpd.heat_api_cfn:init_application`), which parses `sys.argv` with oslo.config
 * (project heat), so the config goes in through argv, and /etc/heat/api-paste.ini (pipeline
 * `heat-api-cfn`, oslo.middleware's healthcheck first: `/healthcheck`, 200). Port 8000
 * (`[heat_api_cfn] bind_port`). Requests are signed with EC2 credentials, which the
 * `ec2authtoken` filter has Keystone check (`<auth_uri>/ec2tokens`). Every call goes over RPC to
 * heat-engine: deploy the `heat` service in the same deployment (its engine serves both APIs on
 * the shared message bus). The image is Heat's (the same packages), so Docker builds it once.
 *
 * Known broken on bookworm with its security updates: keystone 2:22.0.2-0+deb12u6 allows
 * `POST /v3/ec2tokens` to service users and admins only (policy `identity:ec2tokens_validate`
 * = `rule:service_or_admin`), while heat 1:19.0.0's ec2authtoken filter posts there without a
 * token (heat/api/aws/ec2token.py), so every signed request gets 403 AccessDenied. wsgiform
 * deploys it and does not reopen that policy. A request without a signature that names
 * `X-Auth-User` passes that filter to keystonemiddleware, so a Keystone token works.
 */
export const definition = new ServiceDefinition({
  name: 'heat-cfn',
  title: 'Heat CloudFormation API',
  image: openstackImage({
    packages: ['heat-api', 'heat-api-cfn', 'heat-engine'],
    debconfSelections: noDebconfSetup('heat'),
  }),
  entryPoint: EntryPoint.script('/usr/bin/heat-wsgi-api-cfn'),
  port: 8000,
  healthPaths: ['/healthcheck'],
  user: 'heat',
  config: {
    path: '/etc/heat/heat.conf',
    delivery: ConfigDelivery.argv(),
    defaults: { ...COMMON_DEFAULTS, heat_api_cfn: { bind_port: '8000', workers: Wiring.WORKERS } },
  },
  identity: {
    catalogType: 'cloudformation',
    catalogPath: '/v1',
    description: 'Heat CloudFormation API',
    config: {
      keystone_authtoken: keystoneAuthtoken(),
      // The filter posts to `<auth_uri>/ec2tokens`, Keystone's v3 API.
      ec2authtoken: { auth_uri: `${Wiring.IDENTITY_INTERNAL_URL}/v3` },
    },
  },
  messaging: REQUIRES_MESSAGE_BUS,
  cache: USES_TOKEN_CACHE,
  standalone: { command: ['/usr/bin/heat-api-cfn'] },
});
