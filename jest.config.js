// One run, one project per part: the Lightning Web Components through sfdx-lwc-jest (the platform's
// own Jest preset), and each part of the Node/TypeScript code through ts-jest, so that
// `jest --selectProjects core` (or companion, local-org, scripts, lwc, e2e) runs and watches one part.
const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

/** A ts-jest project for the suites under one folder. */
function nodeProject(displayName, folder) {
  return {
    displayName,
    testEnvironment: 'node',
    roots: [`<rootDir>/${folder}`],
    testMatch: ['**/__tests__/**/*.test.ts'],
    transform: {
      '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }]
    },
    moduleFileExtensions: ['ts', 'js', 'json']
  };
}

module.exports = {
  projects: [
    {
      ...jestConfig,
      displayName: 'lwc',
      roots: ['<rootDir>/force-app'],
      modulePathIgnorePatterns: ['<rootDir>/.localdevserver'],
      // src/core's coverage is measured by its own suites in the node project; the components'
      // babel-instrumented copy of it would merge into different branch maps.
      coveragePathIgnorePatterns: ['/node_modules/', '<rootDir>/src/'],
      transform: {
        ...jestConfig.transform,
        '^.+\\.(js|ts|html|css)$': '<rootDir>/scripts/build/lwcJestTransformer.cjs'
      },
      // Keep the preset's LWC setup and add the sa11y matcher.
      setupFilesAfterEnv: [
        ...(jestConfig.setupFilesAfterEnv || []),
        '<rootDir>/jest.sa11y.setup.js',
        '<rootDir>/force-app/main/default/lwc/__tests__/utils/labelsSetup.js'
      ],
      // Shared test helpers, platform mocks and fixtures live under __tests__ but are not suites.
      testPathIgnorePatterns: [...jestConfig.testPathIgnorePatterns, '/__tests__/(utils|mocks|data)/'],
      moduleNameMapper: {
        // Components test against the core's TypeScript source, not the generated bundle, so a
        // component suite never depends on a stale `npm run build:core`.
        '^c/strideCore$': '<rootDir>/src/core/index.ts',
        // A navigation mock with a control API (getNavigateCalledWith), as lwc-recipes does.
        '^lightning/navigation$': '<rootDir>/force-app/main/default/lwc/__tests__/mocks/navigation.ts'
      }
    },
    nodeProject('core', 'src/core'),
    nodeProject('local-org', 'src/local-org'),
    nodeProject('companion', 'src/companion'),
    nodeProject('scripts', 'scripts'),
    {
      // The browser app end to end in real Chromium (one browser for the run, one local org per file).
      ...nodeProject('e2e', 'e2e'),
      testMatch: ['**/*.e2e.test.ts'],
      globalSetup: '<rootDir>/e2e/support/globalSetup.ts',
      globalTeardown: '<rootDir>/e2e/support/globalTeardown.ts',
      setupFilesAfterEnv: ['<rootDir>/e2e/support/setup.ts']
    }
  ],
  collectCoverageFrom: ['src/core/**/*.ts', '!src/core/**/__tests__/**'],
  coverageThreshold: {
    './src/core/': { lines: 95, branches: 95 }
  },
  coverageReporters: ['text-summary', 'text']
};
