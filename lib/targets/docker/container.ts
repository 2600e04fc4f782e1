// A ContainerSpec as the docker_container of provider 3.6.2: translation only.
import type { ITerraformDependable } from 'cdktf';
import type { container, provider } from '@cdktf/provider-docker';
import type { RenderedFile } from '../../core/layout';
import { LABELS, type ContainerSpec } from '../../plan/container-spec';
import { toTerraformString } from './terraform-text';

export interface ContainerContext {
  readonly provider: provider.DockerProvider;
  readonly network: string;
  readonly publishAddress: string;
  readonly deploymentName: string;
  readonly imageId: string;
  readonly volumeName: (key: string) => string;
  readonly dependsOn: ITerraformDependable[];
}

export function containerConfig(spec: ContainerSpec, ctx: ContainerContext): container.ContainerConfig {
  const labels: Record<string, string> = { ...spec.labels, [LABELS.deployment]: ctx.deploymentName };
  const hc = spec.healthcheck;
  return {
    provider: ctx.provider,
    name: spec.name,
    image: ctx.imageId,
    command: spec.command.map(toTerraformString),
    env: nonEmpty(Object.entries(spec.env).map(([k, v]) => toTerraformString(`${k}=${v}`))),
    labels: Object.keys(labels)
      .sort()
      .map((k) => ({ label: k, value: toTerraformString(labels[k]) })),
    restart: spec.restart,
    destroyGraceSeconds: spec.stopGraceSeconds,
    stopTimeout: spec.stopGraceSeconds,
    networksAdvanced: [{ name: ctx.network, aliases: nonEmpty([...spec.aliases]) }],
    ports: nonEmpty(
      spec.ports.map((p) => ({
        internal: p.internal,
        external: p.external,
        ip: ctx.publishAddress,
        protocol: 'tcp',
      })),
    ),
    upload: uploads(spec.files),
    healthcheck: hc && {
      test: [...hc.test],
      interval: `${hc.intervalSeconds}s`,
      timeout: `${hc.timeoutSeconds}s`,
      retries: hc.retries,
      startPeriod: `${hc.startPeriodSeconds}s`,
    },
    volumes: nonEmpty([
      ...spec.volumes.map((v) => ({
        volumeName: ctx.volumeName(v.volume),
        containerPath: v.path,
        readOnly: v.readOnly,
      })),
      ...spec.binds.map((b) => ({ hostPath: b.hostPath, containerPath: b.path, readOnly: b.readOnly })),
    ]),
    logOpts: { 'max-size': '10m', 'max-file': '3' },
    ...(spec.oneShot
      ? {
          mustRun: false,
          attach: true,
          logs: true,
          lifecycle: {
            postcondition: [
              {
                condition: '${self.exit_code == 0}',
                errorMessage: `${spec.name} failed: see its container_logs in the Terraform state or 'docker logs ${spec.name}'`,
              },
            ],
          },
        }
      : {}),
    ...(spec.waitHealthySeconds !== undefined ? { wait: true, waitTimeout: spec.waitHealthySeconds } : {}),
    dependsOn: nonEmpty(ctx.dependsOn),
  };
}

/** Leaves an empty list out of the JSON instead of writing `[]`. */
function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}

function uploads(files: readonly RenderedFile[]) {
  return files.map((f) => ({
    file: f.path,
    content: toTerraformString(f.content),
    // `executable` would give 0744, which a non-root user cannot run (provider issue #367).
    permissions: '0' + f.mode.toString(8).padStart(3, '0'),
  }));
}
