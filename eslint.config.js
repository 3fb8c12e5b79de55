// ESLint 9 flat config: the LWC platform rules for components, typescript-eslint for Node code,
// and a purity fence around the domain core.
const { defineConfig } = require('eslint/config');
const lwcRecommendedTs = require('@salesforce/eslint-config-lwc/recommended-ts');
const jestPlugin = require('eslint-plugin-jest');
const tseslint = require('typescript-eslint');
const globals = require('globals');

module.exports = defineConfig([
  {
    ignores: [
      'node_modules/**',
      'coverage/**',
      '.build/**',
      'dist/**',
      '**/.scratch/**',
      '**/lwc/**/*.js',
      '!**/lwc/**/__tests__/**/*.js'
    ]
  },
  // Lightning Web Components (TypeScript), with the platform's rules.
  {
    files: ['force-app/**/lwc/**/*.ts'],
    extends: [lwcRecommendedTs],
    // The babel parser sees type names as undefined variables and type-only imports as unused;
    // TypeScript checks both instead (tsconfig.lwc.json: strict, noUnusedLocals).
    rules: {
      'no-undef': 'off',
      'no-unused-vars': 'off',
      // The managed package prefixes schema imports, not bare keys: a record write names its
      // fields through `@salesforce/schema` imports (`[STEP.fieldApiName]: 2`), never `Step__c: 2`.
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[callee.name=/^(createRecord|updateRecord)$/] Property > Identifier.key[name=/__[cr]$/]',
          message:
            'Name the field through an @salesforce/schema import ([FIELD.fieldApiName]): a bare custom name is not namespaced in the managed package.'
        }
      ]
    }
  },
  {
    files: ['force-app/**/lwc/**/__tests__/**/*.{ts,js}'],
    // Tests drive wire adapters by hand and wait on timers to flush renders; neither rule applies to them.
    rules: { '@lwc/lwc/no-unexpected-wire-adapter-usages': 'off', '@lwc/lwc/no-async-operation': 'off' },
    languageOptions: { globals: { ...globals.node, ...jestPlugin.environments.globals.globals } }
  },
  // Node code: domain core, local org, companion, scripts.
  {
    files: ['src/**/*.ts', 'scripts/**/*.ts', 'e2e/**/*.ts'],
    extends: [tseslint.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }]
    }
  },
  // The browser app's own code (platform modules and shell components) runs in the page.
  {
    files: ['src/app/web/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } }
  },
  {
    files: ['src/**/__tests__/**/*.ts', 'scripts/**/__tests__/**/*.ts', 'e2e/**/*.ts'],
    plugins: { jest: jestPlugin },
    languageOptions: { globals: { ...jestPlugin.environments.globals.globals } },
    rules: {
      'jest/no-focused-tests': 'error',
      'jest/no-disabled-tests': 'error',
      'jest/expect-expect': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off'
    }
  },
  // The domain core is pure: no I/O, no clock, no platform or client libraries.
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/__tests__/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['lwc', 'lightning/*', '@salesforce/*', 'jsforce', 'jsforce/*'],
              message: 'src/core is pure: no platform or Salesforce client imports.'
            },
            {
              group: ['node:*', 'fs', 'path', 'http', 'https', 'net', 'child_process', 'os'],
              message: 'src/core is pure: no I/O.'
            },
            {
              group: ['../companion/*', '../local-org/*', '../../companion/*', '../../local-org/*'],
              message: 'src/core depends on nothing else in the project.'
            }
          ]
        }
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'src/core has no clock: take the current instant as an argument.'
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'src/core has no clock: take the current instant as an argument.'
        },
        {
          selector: "CallExpression[callee.object.name='DateTime'][callee.property.name='now']",
          message: 'src/core has no clock: take the current instant as an argument.'
        },
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
          message: 'src/core is deterministic: take randomness as an argument.'
        }
      ],
      'no-restricted-globals': ['error', 'fetch', 'process', 'setTimeout', 'setInterval']
    }
  },
  // The companion knows nothing of the local org or the demo: they depend on it, never the reverse
  // (what differs per org comes in through src/companion/org-adapters.ts). The `/_local` URLs are
  // checked by src/companion/__tests__/boundaries.test.ts.
  {
    files: ['src/companion/**/*.ts'],
    ignores: ['src/companion/**/__tests__/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/local-org', '**/local-org/*', '**/demo', '**/demo/*'],
              message:
                'src/companion depends on neither src/local-org nor src/demo: take what differs per org as an OrgAdapters injection.'
            },
            {
              group: ['better-sqlite3', 'smtp-server'],
              message: "src/companion does not use the local org's runtime libraries."
            }
          ]
        }
      ]
    }
  }
]);
