// Config every OpenStack API shares, written once for the service files next door.
import { Wiring } from '../../lib/definition/service-definition';

/**
 * keystonemiddleware's `[keystone_authtoken]` for a service user in the `service` project, as
 * the install guides of every OpenStack API write it (e.g. the Cinder 2023.1 install guide,
 * "Install and configure controller node"); `service_token_roles_required` as keystonemiddleware
 * recommends since Ocata.
 */
export function keystoneAuthtoken(): { [option: string]: string } {
  return {
    www_authenticate_uri: Wiring.IDENTITY_PUBLIC_URL,
    auth_url: Wiring.IDENTITY_INTERNAL_URL,
    auth_type: 'password',
    region_name: Wiring.REGION,
    project_domain_name: 'Default',
    user_domain_name: 'Default',
    project_name: 'service',
    username: Wiring.SERVICE_USER,
    password: Wiring.SERVICE_PASSWORD,
    service_token_roles_required: 'true',
  };
}

/** Logs to stderr (the container's log) and trusts X-Forwarded-* from the load balancer. */
export const COMMON_DEFAULTS = {
  DEFAULT: { use_stderr: 'true' },
  oslo_middleware: { enable_proxy_headers_parsing: 'true' },
};

/** No dbconfig-common database and no endpoint registration while the image builds. */
export function noDebconfDatabase(owner: string, questions: string[]): string[] {
  return questions.map((q) => `${owner} ${q} boolean false`);
}

/**
 * A Docker healthcheck for an oslo.messaging daemon: healthy while it holds an established TCP
 * connection to the message bus (RabbitMQ's 5672 = 0x1628), read from the kernel's table of the
 * container's own network namespace. kolla-ansible checks RPC daemons the same way
 * (`healthcheck_port <process> 5672`).
 */
export function connectedToMessageBus(): string[] {
  return [
    'bash',
    '-c',
    'awk \'$3 ~ /:1628$/ && $4 == "01" { found = 1 } END { exit !found }\' /proc/net/tcp /proc/net/tcp6',
  ];
}
