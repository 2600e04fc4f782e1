// Lanes of DESIGN.md "Proof lanes". `npm test` runs unit + synth + configcheck;
// `npm run test:all` provisions Docker images first and adds the e2e lane.
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
    lane('e2e'),
  ],
};
