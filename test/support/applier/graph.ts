// Dependency ordering: the edges come from depends_on and from references, creation follows
// a deterministic topological order and both apply and destroy run over the DAG in parallel.
import type { PlannedResource } from './config';
import { RawNode } from './normalize';
import { isTemplate, Ref } from './template';
import { ApplierError } from './types';

export function collectRefs(node: RawNode | undefined, fn: (r: Ref) => void): void {
  if (node === undefined || node === null || typeof node !== 'object') return;
  if (isTemplate(node)) {
    for (const p of node.parts) if (typeof p !== 'string') fn(p);
  } else if (Array.isArray(node)) node.forEach((n) => collectRefs(n, fn));
  else Object.values(node).forEach((n) => collectRefs(n, fn));
}

export function topoOrder(resources: ReadonlyMap<string, PlannedResource>): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (a: string, stack: string[]): void => {
    const s = state.get(a);
    if (s === 'done') return;
    if (s === 'visiting') throw new ApplierError(`dependency cycle: ${[...stack, a].join(' -> ')}`);
    state.set(a, 'visiting');
    for (const d of [...(resources.get(a)?.deps ?? [])].sort()) visit(d, [...stack, a]);
    state.set(a, 'done');
    order.push(a);
  };
  for (const a of [...resources.keys()].sort()) visit(a, []);
  return order;
}

/** Runs fn over a DAG with bounded parallelism; stops launching after the first failure. */
export async function runDag(
  order: readonly string[],
  depsOf: (a: string) => string[],
  fn: (a: string) => Promise<void>,
  parallelism: number | undefined,
  keepGoing = false,
): Promise<void> {
  const limit = Math.max(1, parallelism ?? 10);
  const done = new Set<string>();
  const failed = new Set<string>();
  const running = new Map<string, Promise<void>>();
  const pending = [...order];
  const inScope = new Set(order);
  let firstError: unknown;
  while (pending.length || running.size) {
    if (firstError === undefined || keepGoing) {
      for (let i = 0; i < pending.length && running.size < limit;) {
        const a = pending[i];
        const deps = depsOf(a).filter((d) => inScope.has(d));
        if (deps.some((d) => failed.has(d))) {
          failed.add(a);
          pending.splice(i, 1);
          continue;
        }
        if (deps.every((d) => done.has(d))) {
          pending.splice(i, 1);
          running.set(
            a,
            fn(a).then(
              () => {
                done.add(a);
              },
              (e: unknown) => {
                failed.add(a);
                if (firstError === undefined) firstError = e;
              },
            ),
          );
        } else i++;
      }
    }
    if (!running.size) break;
    await Promise.race(running.values());
    for (const a of [...running.keys()]) if (done.has(a) || failed.has(a)) running.delete(a);
  }
  if (firstError !== undefined) throw firstError;
}
