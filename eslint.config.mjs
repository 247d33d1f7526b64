// Lint guards the architecture (STYLE.md §19): no floating promises, exhaustive switches, eqeqeq,
// and no framework inside src/protocols (pure protocol code shared by daemon, CLI and simulators).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'data/', 'bin/', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  // Order matters: the protocols block must come last so its stricter list wins for src/protocols.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/simulators/**'], message: 'src/ never imports simulators/ (DESIGN.md).' }] },
      ],
    },
  },
  {
    files: ['src/protocols/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/*'], message: 'src/protocols is framework-free (DESIGN.md): wrap it in a Nest adapter elsewhere.' },
            { group: ['typeorm', '**/inventory/**', '**/database/**'], message: 'protocol code must not touch the database.' },
            { group: ['**/simulators/**'], message: 'src/ never imports simulators/ (DESIGN.md).' },
          ],
        },
      ],
    },
  },
);
