import { RenderError } from '../core/errors';
import { CONF_DIR, type RenderedFile } from '../core/layout';
import { withoutSecrets } from '../core/markers';

export const RABBITMQ_CONF = `${CONF_DIR}/rabbitmq.conf`;
export const RABBITMQ_PORT = 5672;
/** The one user every service of the deployment connects as (kolla-ansible's `openstack`). */
export const RABBITMQ_USER = 'openstack';

export interface RabbitMqModel {
  readonly origin: string;
  /** Secret marker. */
  readonly password: string;
  /** `vm_memory_high_watermark.relative`, in percent. */
  readonly memoryHighWatermarkPercent: number;
}

/** A value of RabbitMQ's new-style (sysctl-like) config: words, numbers, paths and secrets only. */
function value(key: string, v: string): string {
  if (!/^[A-Za-z0-9_./*~-]+$/.test(withoutSecrets(v)))
    throw new RenderError(key, v, 'rabbitmq.conf values here are words, numbers and paths');
  return `${key} = ${v}`;
}

/**
 * rabbitmq.conf: plain AMQP on 5672, logs to the console (the container's log), and the
 * deployment's user created on the first boot (`default_user`; RabbitMQ ignores it once its
 * database exists).
 */
export function renderRabbitMq(m: RabbitMqModel): RenderedFile {
  const lines = [
    `# Rendered by wsgiform for ${m.origin}. Do not edit: change the construct's props.`,
    value('listeners.tcp.default', String(RABBITMQ_PORT)),
    // Services connect from other containers: the default user may not be loopback-only.
    value('loopback_users', 'none'),
    value('default_vhost', '/'),
    value('default_user', RABBITMQ_USER),
    value('default_pass', m.password),
    value('default_permissions.configure', '.*'),
    value('default_permissions.read', '.*'),
    value('default_permissions.write', '.*'),
    value('log.console', 'true'),
    value('log.console.level', 'info'),
    value('log.file', 'false'),
    value('vm_memory_high_watermark.relative', (m.memoryHighWatermarkPercent / 100).toFixed(2)),
    value('disk_free_limit.absolute', '50MB'),
    '',
  ];
  return { path: RABBITMQ_CONF, content: lines.join('\n'), mode: 0o640, group: 'rabbitmq' };
}
