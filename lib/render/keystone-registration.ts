// The catalog entry of a service, written by one Python process with keystoneauth1 and
// python-keystoneclient (both in every service image, as dependencies of the OpenStack client).
// The `openstack` command would do the same in a dozen processes of several seconds of CPU each,
// which many bootstrap jobs starting together turn into minutes on a small host.
// The script holds no deployment value: everything comes from the environment, which the
// bootstrap job sets with shell-quoted exports.

export const REGISTRATION_SCRIPT = '/usr/local/bin/wsgiform-register';

/** Environment variables the script reads besides the OS_* ones of the admin openrc. */
export const REGISTRATION_ENV = {
  serviceUser: 'WSGIFORM_SERVICE_USER',
  servicePassword: 'WSGIFORM_SERVICE_PASSWORD',
  serviceType: 'WSGIFORM_SERVICE_TYPE',
  serviceName: 'WSGIFORM_SERVICE_NAME',
  description: 'WSGIFORM_SERVICE_DESCRIPTION',
  publicUrl: 'WSGIFORM_PUBLIC_URL',
  internalUrl: 'WSGIFORM_INTERNAL_URL',
  waitAttempts: 'WSGIFORM_WAIT_ATTEMPTS',
} as const;

/**
 * Idempotent: it creates what is missing (the shared `service` project, the service user with
 * the admin role on it, the service, its public, internal and admin endpoints), sets the user's
 * password every time (rotation), and leaves existing entries alone. Jobs of several services
 * create the shared project at the same moment; a 409 Conflict means another job won, and the
 * script reads the winner's project.
 */
export const REGISTRATION_PY = `#!/usr/bin/python3
"""Registers one service in Keystone (rendered by wsgiform; values come from the environment)."""
import os
import sys
import time

from keystoneauth1 import exceptions as ksa
from keystoneauth1 import session
from keystoneauth1.identity import v3
from keystoneclient.v3 import client

env = os.environ


def say(text):
    print('wsgiform-register: ' + text, flush=True)


auth = v3.Password(
    auth_url=env['OS_AUTH_URL'],
    username=env['OS_USERNAME'],
    password=env['OS_PASSWORD'],
    project_name=env['OS_PROJECT_NAME'],
    user_domain_name='Default',
    project_domain_name='Default',
)
sess = session.Session(auth=auth)
region = env['OS_REGION_NAME']

attempts = int(env['${REGISTRATION_ENV.waitAttempts}'])
for attempt in range(1, attempts + 1):
    try:
        sess.get_token()
        break
    except (ksa.ConnectionError, ksa.HttpError, ksa.DiscoveryFailure) as e:
        if attempt == attempts:
            say('identity service at %s did not answer: %s' % (env['OS_AUTH_URL'], e))
            sys.exit(1)
        time.sleep(2)

ks = client.Client(session=sess, interface='internal', region_name=region)


def one(found, what):
    if len(found) > 1:
        say('%d %s exist; expected one' % (len(found), what))
        sys.exit(1)
    return found[0] if found else None


def project():
    found = one(ks.projects.list(name='service', domain='default'), "projects named 'service'")
    if found:
        return found
    try:
        created = ks.projects.create('service', 'default', description='Service users')
        say("created project 'service'")
        return created
    except ksa.Conflict:
        return one(ks.projects.list(name='service', domain='default'), "projects named 'service'")


service_project = project()
name = env['${REGISTRATION_ENV.serviceUser}']
password = env['${REGISTRATION_ENV.servicePassword}']
user = one(ks.users.list(name=name, domain='default'), 'users named %s' % name)
if user is None:
    user = ks.users.create(name, domain='default', password=password)
    say('created user %s' % name)
else:
    ks.users.update(user, password=password)
admin = one(ks.roles.list(name='admin'), "roles named 'admin'")
ks.roles.grant(admin, user=user, project=service_project)

stype = env['${REGISTRATION_ENV.serviceType}']
service = one(ks.services.list(type=stype), 'services of type %s' % stype)
if service is None:
    service = ks.services.create(
        env['${REGISTRATION_ENV.serviceName}'],
        type=stype,
        description=env['${REGISTRATION_ENV.description}'],
    )
    say('created service %s' % stype)
for interface, url in (
    ('public', env['${REGISTRATION_ENV.publicUrl}']),
    ('internal', env['${REGISTRATION_ENV.internalUrl}']),
    ('admin', env['${REGISTRATION_ENV.internalUrl}']),
):
    if not ks.endpoints.list(service=service, interface=interface, region=region):
        ks.endpoints.create(service, url, interface=interface, region=region)
        say('created %s endpoint %s' % (interface, url))
say('%s registered' % stype)
`;
