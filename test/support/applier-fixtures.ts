// Minimal cdk.tf.json documents for the applier's own tests.
export const PROVIDER = { docker: [{ host: 'unix:///var/run/docker.sock' }] };
export const TERRAFORM = {
  required_providers: { docker: { source: 'kreuzwerker/docker', version: '3.6.2' } },
};

export function doc(resource: object, extra: object = {}): object {
  return {
    '//': { metadata: { version: '0.21.0' } },
    terraform: TERRAFORM,
    provider: PROVIDER,
    resource,
    ...extra,
  };
}
