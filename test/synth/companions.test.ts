// Storage companions: a daemon that is not an OpenStack program (Zaqar's Redis), found by the
// API through Wiring.companionHost and started without --config-file arguments.
import { Testing } from 'cdktf';
import { Wiring } from '../../lib';
import { addBuiltin, base, containers, synthOwn, upload } from '../support/stacks';

describe('Zaqar with its Redis companion', () => {
  const json = Testing.synthScope((s) => {
    addBuiltin(s, base(s), 'zaqar');
  });
  const byName = containers(json);

  it('points both stores at the first Redis container', () => {
    const conf = upload(byName['wsgiform-zaqar-1'], '/etc/zaqar/zaqar.conf');
    expect(conf).toContain('[drivers]\ntransport = wsgi\nmessage_store = redis\nmanagement_store = redis\n');
    expect(conf).toContain('[drivers:message_store:redis]\nuri = redis://wsgiform-zaqar-redis-1:6379\n');
    expect(conf).toContain('[drivers:management_store:redis]\nuri = redis://wsgiform-zaqar-redis-1:6379\n');
    expect(conf).toContain('auth_strategy = keystone\n');
  });

  it('starts redis-server without --config-file, as the service user, on the shared volume', () => {
    const redis = byName['wsgiform-zaqar-redis-1'];
    const start = upload(redis, '/usr/local/bin/wsgiform-start');
    expect(start).toContain(
      "exec setpriv --reuid=zaqar --regid=zaqar --init-groups -- /usr/bin/redis-server --bind 0.0.0.0 --port 6379 --protected-mode no --dir /var/lib/zaqar/redis --appendonly yes --save ''\n",
    );
    expect(redis.healthcheck.test).toEqual(['CMD', 'redis-cli', 'ping']);
    expect(redis.volumes.map((v: any) => v.container_path)).toEqual(['/var/lib/zaqar/redis']);
  });
});

describe('Wiring.companionHost', () => {
  const synth = (companions: string[]) =>
    synthOwn({
      environment: { STORE: `${Wiring.companionHost('store')}:7000` },
      companions: companions.map((name) => ({ name, command: ['/usr/bin/store'], configFiles: false })),
    });

  it('is the host name of the companion of that name', () => {
    const start = upload(containers(synth(['store']))['wsgiform-app-1'], '/usr/local/bin/wsgiform-start');
    expect(start).toContain('export STORE=wsgiform-app-store-1:7000\n');
  });

  it('names the missing companion', () => {
    expect(() => synth(['other'])).toThrow(
      "[stack/app] environment[STORE]: service app uses Wiring.COMPANION_HOST_STORE, which this deployment does not provide; the definition has no companion named 'store'",
    );
  });
});
