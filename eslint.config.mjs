// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import { noFolderImport } from './scripts/eslint/no-folder-import.mjs';

export default tseslint.config(
  {
    ignores: ['node_modules/', 'build/', 'coverage/', 'tmp/', 'miniprogram/**/miniprogram_npm/', '.data/'],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
    languageOptions: {
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly' },
    },
  },
  {
    // The mini-program has no Node: forbid Node built-ins there and in the shared core.
    files: ['miniprogram/**/*.ts'],
    plugins: { wechat: { rules: { 'no-folder-import': noFolderImport } } },
    rules: {
      'wechat/no-folder-import': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'node:*',
            'fs',
            'path',
            'http',
            '@cloudbase/*',
            'mingo',
            '**/cloudfunctions/**',
            '**/local-backend/**',
          ],
        },
      ],
    },
  },
  {
    // The shared core is pure: no wx, no database.
    files: ['miniprogram/shared/**/*.ts'],
    rules: { 'no-restricted-globals': ['error', 'wx', 'getApp', 'getCurrentPages'] },
  },
);
