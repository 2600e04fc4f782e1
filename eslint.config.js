// Lint rules: typescript-eslint's recommended set plus wsgiform's layer rule
// (eslint-rules/layers.js): imports point only downwards, cdktf only in targets and constructs.
const tseslint = require('typescript-eslint');
const layers = require('./eslint-rules/layers');

module.exports = tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'cdktf.out/**', '**/*.d.ts', '**/*.js'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  // Synthesized Terraform JSON is untyped data; tests read it as such.
  { files: ['test/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  {
    files: ['lib/**/*.ts', 'modules/**/*.ts'],
    plugins: { wsgiform: { rules: { layers } } },
    rules: { 'wsgiform/layers': 'error' },
  },
);
