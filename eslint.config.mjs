import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Why ESLint refuses Nest's interceptors (both ways of adding one).
const noInterceptors =
  'No Nest interceptors: each one binds an AsyncResource per request, which keeps the request alive until a full collection (see common/zod-response.ts).';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'data/**',
      'test-output/**',
      '**/*.mjs',
      '**/*.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'describe', property: 'only', message: 'No focused tests.' },
        { object: 'it', property: 'only', message: 'No focused tests.' },
        { object: 'test', property: 'only', message: 'No focused tests.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration through the config module only.',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'nestjs-zod',
              importNames: ['ZodResponse', 'ZodSerializerInterceptor', 'ZodSerializerDto'],
              message:
                'Use ZodResponse from common/zod-response: its answers are parsed by a route hook, not an interceptor.',
            },
            {
              name: '@nestjs/common',
              importNames: ['UseInterceptors'],
              message: noInterceptors,
            },
            {
              name: '@nestjs/core',
              importNames: ['APP_INTERCEPTOR'],
              message: noInterceptors,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/api/src/common/zod-response.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: [
      'apps/api/src/config/**',
      'apps/api/drizzle.config.ts',
      'bench/**',
      'apps/web/e2e/**',
      'apps/api/test/support/**',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['**/*.spec.ts', '**/*.test.ts', '**/*.test.tsx', '**/test/**'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
);
