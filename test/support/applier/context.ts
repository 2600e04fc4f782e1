// What the per-resource-type create/delete functions share with the Applier: the engine
// client, the recorded state and the provider's package-level creationTime, plus small helpers.
import { DockerClient } from '../docker-api';
import type { Plan, PlannedResource } from './config';
import { ApplierError, ApplyOptions, ResourceState } from './types';

export interface ApplyContext {
  readonly plan: Plan;
  readonly opts: ApplyOptions;
  readonly docker: DockerClient;
  readonly state: Map<string, ResourceState>;
  readonly log: (msg: string) => void;
  /** The provider's package-level `creationTime` (container_funcs.go:47): the last start of ANY container. */
  creationTime: number | undefined;
  /** Images this run built, the only ones a forced cleanup may remove. */
  readonly createdImages: Set<string>;
}

export function record(
  ctx: ApplyContext,
  address: string,
  id: string,
  attrs: Record<string, unknown>,
): ResourceState {
  const r = ctx.plan.resources.get(address) as PlannedResource;
  const s: ResourceState = { type: r.type, name: r.name, id, attrs };
  ctx.state.set(address, s);
  return s;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Errors the provider swallows (containsIgnorableErrorMessage: case-insensitive substring). */
export function ignorable(e: unknown, ...messages: string[]): boolean {
  const msg = e instanceof Error ? e.message.toLowerCase() : String(e).toLowerCase();
  return messages.some((m) => msg.includes(m.toLowerCase()));
}

export interface LabelCfg {
  label: string;
  value: string;
}

export function labelMap(labels: LabelCfg[] | undefined, where: string): Record<string, string> | undefined {
  if (!labels || labels.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const l of labels) {
    // labels is a set keyed by hash: two values for one key would be applied in hash order.
    if (l.label in out && out[l.label] !== l.value)
      throw new ApplierError(`${where}.labels: label '${l.label}' given twice with different values`);
    out[l.label] = l.value;
  }
  return out;
}

export function nonEmptyMap(m: Record<string, string> | undefined): Record<string, string> | undefined {
  return m && Object.keys(m).length ? m : undefined;
}
