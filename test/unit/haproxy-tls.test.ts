import {
  allocateTlsPorts,
  resolveBackend,
  resolveTimeouts,
  type LbServiceModel,
  type LoadBalancerModel,
} from '../../lib/model/loadbalancer';
import { renderHaproxy } from '../../lib/render/haproxy';

const keystone = (redirectHttpPort?: number): LbServiceModel =>
  resolveBackend(
    's/keystone',
    { redirectHttpPort },
    {
      name: 'keystone',
      port: 5000,
      healthPath: '/healthcheck',
      checkHost: 'd-lb',
      servers: [{ name: 'd-keystone-1', host: 'd-keystone-1', port: 5000 }],
    },
  );

const model = (services: LbServiceModel[], tls: boolean): LoadBalancerModel => ({
  bindAddress: '0.0.0.0',
  maxConnections: 4096,
  retries: 3,
  monitorPort: 8405,
  timeouts: resolveTimeouts('s', undefined),
  services,
  ...(tls
    ? { tls: { certificateFile: '/etc/wsgiform/tls/server.pem', publicHostname: 'api.example.org' } }
    : {}),
});

describe('HAProxy config with TLS termination', () => {
  const text = renderHaproxy(model([{ ...keystone(5080), tlsPort: 9443 }], true), 's/lb').content;

  it('raises the minimum protocol to TLS 1.2 for every bind', () => {
    expect(text).toContain(`global
  log stdout format raw local0 info
  maxconn 4096
  stats socket /run/wsgiform/haproxy.sock mode 600 level admin
  stats timeout 30s
  ssl-default-bind-options ssl-min-ver TLSv1.2

`);
  });

  it('terminates TLS on its own bind and sets X-Forwarded-Proto only for TLS connections, after dropping the client one', () => {
    expect(text).toContain(`
frontend keystone
  bind 0.0.0.0:5000
  bind 0.0.0.0:9443 ssl crt /etc/wsgiform/tls/server.pem
  option forwardfor
  http-request del-header X-Forwarded-Proto
  http-request set-header X-Forwarded-Proto https if { ssl_fc }
  default_backend keystone

`);
  });

  it("redirects the plain port to the public https URL with 308, not to the Host header's port", () => {
    expect(text).toContain(`
frontend keystone-http-redirect
  bind 0.0.0.0:5080
  http-request redirect prefix https://api.example.org:5000 code 308

backend keystone
`);
  });

  it('renders no redirect frontend without redirectHttpPort', () => {
    const t = renderHaproxy(model([{ ...keystone(), tlsPort: 9443 }], true), 's/lb').content;
    expect(t).not.toContain('redirect');
  });

  it('without TLS only deletes X-Forwarded-Proto and has no ssl setting (current behaviour)', () => {
    const t = renderHaproxy(model([keystone()], false), 's/lb').content;
    expect(t).toContain(`frontend keystone
  bind 0.0.0.0:5000
  option forwardfor
  http-request del-header X-Forwarded-Proto
  default_backend keystone
`);
    expect(t).not.toMatch(/ssl|X-Forwarded-Proto https/);
  });
});

describe('allocateTlsPorts', () => {
  const svc = (port: number, redirectHttpPort?: number) => ({ ...keystone(redirectHttpPort), port });
  it('gives each service the next port from 9443 that nothing else on the load balancer uses', () => {
    expect(allocateTlsPorts([svc(5000), svc(9443), svc(8776, 9445)], [8405])).toEqual([9444, 9446, 9447]);
  });
});
