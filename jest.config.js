// Lanes of DESIGN.md "Proof lanes". `npm test` runs unit + synth + configcheck + consumer
// (consumer needs `npm run build && npm run jsii` first); `npm run test:all` provisions Docker
// images first, builds, and adds the e2e lane.
const ts = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.dev.json' }] };
const lane = (name, extra = {}) => ({
  displayName: name,
  testEnvironment: 'node',
  transform: ts,
  testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
  ...extra,
});
module.exports = {
  projects: [
    lane('unit'),
    lane('synth', { setupFilesAfterEnv: ['<rootDir>/test/support/setup-cdktf.ts'] }),
    lane('configcheck'),
    lane('consumer'),
    lane('e2e'),
  ],
};
