// Lint rules: typescript-eslint's recommended set plus the layer rule of DESIGN.md:
// render/ and spec/ never import cdktf or constructs.
const tseslint = require('typescript-eslint');
const noCdktf = {
  'no-restricted-imports': [
    'error',
    {
      paths: ['cdktf', 'constructs', '@cdktf/provider-docker'],
      patterns: ['@cdktf/*', '../constructs/*', '../targets/*'],
    },
  ],
};
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
    files: ['lib/render/**/*.ts', 'lib/spec/**/*.ts', 'lib/model/**/*.ts', 'modules/**/*.ts'],
    rules: noCdktf,
  },
);
