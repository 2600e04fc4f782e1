import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// The layer rule of eslint.config.js, run by the ESLint CLI (as `npm run lint` runs it) on code
// placed, through --stdin-filename, in each layer.
const root = join(__dirname, '..', '..');

async function problems(file: string, code: string): Promise<string[]> {
  const r = spawnSync(
    join(root, 'node_modules', '.bin', 'eslint'),
    ['--stdin', '--stdin-filename', file, '--format', 'json'],
    { cwd: root, input: code, encoding: 'utf8', timeout: 60_000 },
  );
  if (r.error || r.stdout === '') throw new Error(`eslint did not run: ${r.error?.message ?? r.stderr}`);
  const [result] = JSON.parse(r.stdout) as { messages: { ruleId: string; message: string }[] }[];
  return result.messages.filter((m) => m.ruleId === 'wsgiform/layers').map((m) => m.message);
}

describe('the layer rule', () => {
  it('fails on an upward import', async () => {
    expect(await problems('lib/core/upward.ts', "export { planService } from '../plan/service';\n")).toEqual([
      "core may not import plan ('../plan/service'): layers import only downwards (core → definition → modules → model → render → plan → targets → constructs)",
    ]);
    expect(
      await problems(
        'lib/render/x.ts',
        "import { ApiService } from '../constructs/api-service';\nexport const a = ApiService;\n",
      ),
    ).toHaveLength(1);
    expect(
      await problems(
        'modules/x.ts',
        "import { resolveDefinition } from '../lib/model/service';\nexport const a = resolveDefinition;\n",
      ),
    ).toHaveLength(1);
  });

  it('keeps raw service definitions out of render and plan, and cdktf out of everything below targets', async () => {
    expect(
      await problems(
        'lib/render/x.ts',
        "import type { ServiceDefinition } from '../definition/service-definition';\nexport type A = ServiceDefinition;\n",
      ),
    ).toEqual([
      "render may not import definition ('../definition/service-definition'): render works on resolved models, not on service definitions",
    ]);
    expect(
      await problems('lib/plan/x.ts', "import { Testing } from 'cdktf';\nexport const t = Testing;\n"),
    ).toEqual(["plan may not import 'cdktf': cdktf belongs to lib/targets and lib/constructs"]);
  });

  it('accepts downward imports', async () => {
    expect(
      await problems(
        'lib/plan/x.ts',
        "import { renderHaproxy } from '../render/haproxy';\nexport const r = renderHaproxy;\n",
      ),
    ).toEqual([]);
    expect(
      await problems('lib/constructs/x.ts', "import { Testing } from 'cdktf';\nexport const t = Testing;\n"),
    ).toEqual([]);
  });
});
