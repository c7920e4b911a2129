// One lint config for every workspace; each package runs `eslint src`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'warn',
    },
  },
  {
    // The agent runs on a Pi: it loads the wire contract only, not the cloud API's schemas.
    files: ['edge/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@yardguard/firmware-config',
              message: "Import from '@yardguard/firmware-config/wire' (the API schemas cost the agent ~2.5 MB of heap); API types only with `import type`.",
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
);
