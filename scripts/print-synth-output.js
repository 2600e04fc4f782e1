// Prints where `cdktf synth` left the Terraform JSON, and what it holds.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..', 'cdktf.out', 'stacks');
for (const stack of fs.readdirSync(root)) {
  const file = path.join(root, stack, 'cdk.tf.json');
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  const counts = Object.entries(json.resource ?? {}).map(([type, rs]) => `${Object.keys(rs).length} ${type}`);
  console.log(`wsgiform: ${path.relative(process.cwd(), file)}: ${counts.join(', ')}`);
  console.log(
    `wsgiform: set the variables ${Object.keys(json.variable ?? {})
      .map((v) => `TF_VAR_${v}`)
      .join(', ')} to deploy`,
  );
}
