// Prints the image builds scripts/provision.sh warms Docker's cache with, one JSON object a line:
// {"tag", "context", "buildArgs"}. The service images come from the built-in definitions, so
// the deploy's own builds (same context, same arguments) hit the cache.
// Usage: ts-node scripts/image-builds.ts BASE_IMAGE [service …]   (default services: keystone cinder)
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BuiltinServices } from '../modules';
import { resolveDefinition } from '../lib/model/service';

const [base, ...names] = process.argv.slice(2);
if (!base) throw new Error('usage: image-builds.ts BASE_IMAGE [service …]');
const images = join(__dirname, '..', 'images');
for (const role of readdirSync(images).sort()) {
  if (role === 'service') continue;
  console.log(
    JSON.stringify({
      tag: `wsgiform/${role}:latest`,
      context: join(images, role),
      buildArgs: { BASE: base },
    }),
  );
}
for (const name of names.length > 0 ? names : ['keystone', 'cinder']) {
  const m = resolveDefinition(`provision/${name}`, BuiltinServices.named(name));
  console.log(
    JSON.stringify({
      tag: `wsgiform/${name}:latest`,
      context: join(images, m.image.bundled ?? name),
      buildArgs: { BASE: base, ...m.image.buildArgs },
    }),
  );
}
