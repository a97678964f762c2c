import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // The pure core must not reach for I/O: it takes values and returns values.
    files: ['src/policy/**/*.ts', 'src/manifests/**/*.ts', 'src/config/schema.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:fs', 'node:fs/*', 'node:child_process', 'node:http', 'node:https', 'node:net'], message: 'The pure core takes values, not I/O.' },
          { group: ['axios', 'simple-git', '**/registry/**', '**/git/**', '**/forge/**'], message: 'The pure core must not import adapters.' },
        ],
      }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error',
      { selector: "CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name=/^(only|skip|todo)$/]", message: 'No focused or skipped tests.' }] },
  },
);
