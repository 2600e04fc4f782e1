// The registry of wsgiform's own service definitions: every file of this folder that exports a
// `definition`. Nothing lists them by hand; a new file is a new service.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ServiceDefinition } from '../lib/definition/service-definition';

const stem = (file: string) => file.replace(/\.(js|ts)$/, '');

function load(): Map<string, ServiceDefinition> {
  const found = new Map<string, ServiceDefinition>();
  const files = readdirSync(__dirname)
    .filter((f) => /\.(js|ts)$/.test(f) && !f.endsWith('.d.ts') && !/^index\.(js|ts)$/.test(f))
    // By service name: 'heat' before 'heat-cfn' (with the extension, '-' sorts before '.').
    .sort((a, b) => (stem(a) < stem(b) ? -1 : stem(a) > stem(b) ? 1 : 0));
  for (const file of files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(join(__dirname, file)) as { definition?: unknown };
    if (!(mod.definition instanceof ServiceDefinition)) {
      throw new Error(`internal: modules/${file} exports no ServiceDefinition named 'definition'`);
    }
    const name = mod.definition.name;
    if (found.has(name)) throw new Error(`internal: two definitions of service ${name} in modules/`);
    found.set(name, mod.definition);
  }
  return found;
}

let registry: Map<string, ServiceDefinition> | undefined;

/** The OpenStack services wsgiform defines itself (modules/), by name. */
export class BuiltinServices {
  /** The definition of a built-in service: `BuiltinServices.named('cinder')`. */
  static named(name: string): ServiceDefinition {
    const d = BuiltinServices.all().find((x) => x.name === name);
    if (d === undefined) {
      throw new Error(
        `unknown service ${JSON.stringify(name)}: wsgiform defines ${BuiltinServices.names().join(', ')}; describe your own with new ServiceDefinition({...})`,
      );
    }
    return d;
  }

  /** Every built-in definition, sorted by name. */
  static all(): ServiceDefinition[] {
    registry ??= load();
    return [...registry.values()];
  }

  /** Names of the built-in services. */
  static names(): string[] {
    return BuiltinServices.all().map((d) => d.name);
  }

  private constructor() {}
}
