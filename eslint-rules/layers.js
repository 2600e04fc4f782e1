// The layer rule: imports point one way, from the operator-facing constructs down to the shared
// primitives, never back up, and cdktf stays in the target and construct layers.
//   core → definition → modules (service facts) → model → render → plan → targets → constructs → lib/index.ts
// Render and plan see services only as resolved models, never as raw definitions.
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const LAYERS = [
  ['core', 'lib/core/'],
  ['definition', 'lib/definition/'],
  ['modules', 'modules/'],
  ['model', 'lib/model/'],
  ['render', 'lib/render/'],
  ['plan', 'lib/plan/'],
  ['targets', 'lib/targets/'],
  ['constructs', 'lib/constructs/'],
  ['index', 'lib/index'],
];
/** Layers a layer may not import although they sit below it. */
const ALSO_FORBIDDEN = {
  model: ['modules'],
  render: ['definition', 'modules'],
  plan: ['definition', 'modules'],
};
const CDKTF = /^(cdktf|constructs|@cdktf\/)/;
const CDKTF_ALLOWED = new Set(['targets', 'constructs', 'index']);

function layerOf(file) {
  const rel = path.relative(ROOT, file).split(path.sep).join('/');
  const i = LAYERS.findIndex(([, prefix]) => rel.startsWith(prefix));
  return i < 0 ? undefined : { index: i, name: LAYERS[i][0] };
}

module.exports = {
  meta: {
    type: 'problem',
    docs: { description: 'wsgiform layers import only downwards' },
    messages: {
      upward:
        "{{from}} may not import {{to}} ('{{spec}}'): layers import only downwards (core → definition → modules → model → render → plan → targets → constructs)",
      sideways:
        "{{from}} may not import {{to}} ('{{spec}}'): {{from}} works on resolved models, not on service definitions",
      cdktf: "{{from}} may not import '{{spec}}': cdktf belongs to lib/targets and lib/constructs",
    },
    schema: [],
  },
  create(context) {
    const file = context.filename ?? context.getFilename();
    const from = layerOf(file);
    if (!from) return {};
    const check = (node, spec) => {
      if (typeof spec !== 'string') return;
      if (CDKTF.test(spec)) {
        if (!CDKTF_ALLOWED.has(from.name))
          context.report({ node, messageId: 'cdktf', data: { from: from.name, spec } });
        return;
      }
      if (!spec.startsWith('.')) return;
      const to = layerOf(path.resolve(path.dirname(file), spec));
      if (!to) return;
      if (to.index > from.index)
        context.report({ node, messageId: 'upward', data: { from: from.name, to: to.name, spec } });
      else if ((ALSO_FORBIDDEN[from.name] ?? []).includes(to.name))
        context.report({ node, messageId: 'sideways', data: { from: from.name, to: to.name, spec } });
    };
    return {
      ImportDeclaration: (n) => check(n, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n, n.source.value),
      ExportAllDeclaration: (n) => check(n, n.source.value),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n, n.source.value),
      CallExpression: (n) =>
        n.callee.type === 'Identifier' &&
        n.callee.name === 'require' &&
        n.arguments[0]?.type === 'Literal' &&
        check(n, n.arguments[0].value),
    };
  },
};
