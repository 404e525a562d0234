// Three projects: server-side code runs in node (mingo picks its node build there),
// pages run in jsdom with miniprogram-simulate, screenshots (visual) in node driving Chromium.
const transform = {
  '^.+\\.[tj]s$': [
    'ts-jest',
    {
      tsconfig: {
        module: 'commonjs',
        moduleResolution: 'node10',
        target: 'ES2020',
        esModuleInterop: true,
        allowJs: true,
        isolatedModules: true,
      },
      diagnostics: false,
    },
  ],
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      displayName: 'server',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests'],
      testMatch: ['<rootDir>/tests/{shared,lib,functions,local-backend,scripts}/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/tests/setup/observe-database.ts'],
      moduleFileExtensions: ['ts', 'js', 'json'],
      transform,
    },
    {
      displayName: 'pages',
      // Each file starts the local backend as a child process; on a shared 2-CPU machine that alone can pass jest's
      // 5 s default for a hook. startPageBackend has its own 30 s limit, which says what went wrong.
      testTimeout: 30_000,
      testEnvironment: 'jsdom',
      // Node's export conditions so server modules (mingo) load their node builds in e2e page tests.
      testEnvironmentOptions: { customExportConditions: ['node', 'node-addons'] },
      roots: ['<rootDir>/tests'],
      testMatch: ['<rootDir>/tests/pages/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/tests/setup/observe-pages.ts'],
      moduleFileExtensions: ['ts', 'js', 'json'],
      moduleDirectories: ['node_modules', '<rootDir>/miniprogram/miniprogram_npm'],
      transformIgnorePatterns: ['/node_modules/'],
      transform,
    },
    {
      // Screenshots of every page against docs/screenshots (Chromium; skipped without it).
      displayName: 'visual',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests'],
      testMatch: ['<rootDir>/tests/visual/**/*.test.ts'],
      moduleFileExtensions: ['ts', 'js', 'json'],
      transform,
    },
  ],
};
