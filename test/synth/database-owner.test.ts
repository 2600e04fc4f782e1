// A service that reads another service's databases (Nova's metadata API reads Nova's): the
// owner's URLs and password, no database or grant of its own, started after the owner's migrations.
import { Testing } from 'cdktf';
import { BuiltinServices, ControlPlane, Secret } from '../../lib';
import { containers, ownDefinition, upload } from '../support/stacks';

function synth(opts: { owner?: 'nova' | 'keystone' | 'none'; metadata?: boolean } = {}): string {
  return Testing.synthScope((s) => {
    const plane = new ControlPlane(s, 'plane', { messageBus: { password: new Secret(s, 'rabbit') } });
    const keystone = plane.addService('keystone', {
      service: BuiltinServices.named('keystone'),
      adminPassword: new Secret(s, 'admin'),
      databasePassword: new Secret(s, 'keystone_db'),
      replicas: 1,
    });
    const nova = plane.addService('nova', {
      service: BuiltinServices.named('nova'),
      databasePassword: new Secret(s, 'nova_db'),
      identity: keystone,
      servicePassword: new Secret(s, 'nova_svc'),
      replicas: 1,
    });
    const owner = { nova, keystone, none: undefined }[opts.owner ?? 'nova'];
    plane.addService('nova-metadata', {
      service: opts.metadata === false ? ownDefinition() : BuiltinServices.named('nova-metadata'),
      databaseOwner: owner,
      secrets:
        opts.metadata === false
          ? undefined
          : { metadata_proxy_shared_secret: new Secret(s, 'metadata_secret') },
      replicas: 1,
    });
  });
}

describe("Nova's metadata API", () => {
  const json = synth();
  const byName = containers(json);
  const metadata = byName['wsgiform-nova-metadata-1'];

  it("reads Nova's cell and API databases with Nova's user and password", () => {
    const conf = upload(metadata, '/etc/nova/nova.conf');
    expect(conf).toContain(
      '[database]\nconnection = mysql+pymysql://nova:${var.nova_db}@wsgiform-db:3306/nova\nmax_retries = -1\n',
    );
    expect(conf).toContain(
      '[api_database]\nconnection = mysql+pymysql://nova:${var.nova_db}@wsgiform-db:3306/nova_api\nmax_retries = -1\n',
    );
    expect(conf).toContain(
      '[neutron]\nservice_metadata_proxy = true\nmetadata_proxy_shared_secret = ${var.metadata_secret}\n',
    );
  });

  it('creates no database, user or bootstrap job of its own, and starts after Nova migrated', () => {
    expect(upload(byName['wsgiform-db'], '/etc/wsgiform/init.sql')).not.toContain('nova-metadata');
    expect(upload(byName['wsgiform-db'], '/etc/wsgiform/init.sql')).not.toContain('nova_metadata');
    expect(byName['wsgiform-nova-metadata-bootstrap']).toBeUndefined();
    expect(metadata.depends_on.join(' ')).toMatch(/docker_container\.plane_nova_bootstrap_/);
  });

  it('needs the service that owns the databases', () => {
    expect(() => synth({ owner: 'none' })).toThrow(
      '[stack/plane/nova-metadata] databaseOwner is missing: service nova-metadata reads the databases of nova; pass the ApiService of nova as databaseOwner',
    );
    expect(() => synth({ owner: 'keystone' })).toThrow(
      '[stack/plane/nova-metadata] databaseOwner=stack/plane/keystone: that is service keystone; nova-metadata reads the databases of nova',
    );
  });

  it('is the only kind of service that takes a databaseOwner', () => {
    expect(() => synth({ metadata: false })).toThrow(
      "[stack/plane/nova-metadata] databaseOwner=stack/plane/nova: service app reads no other service's database; drop it",
    );
  });
});

describe('A definition whose database is owned by another', () => {
  it('may not migrate it', () => {
    expect(() =>
      Testing.synthScope((s) => {
        new ControlPlane(s, 'plane').addService('app', {
          service: ownDefinition({
            database: { ownedBy: 'nova', migrations: [{ argv: ['app-manage', 'db', 'sync'] }] },
          }),
        });
      }),
    ).toThrow(
      "[stack/plane/app] service app: database migrations: the databases are nova's, which migrates them; leave migrations empty",
    );
  });
});
