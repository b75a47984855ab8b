// Lint rules for the whole repository (run by `npm run lint`, part of `npm test`): the JS and
// TypeScript recommended sets, Vue's recommended set for the renderer's components, and a few
// project rules. Formatting is Prettier's job (.prettierrc.json), so no style rules here.
import js from '@eslint/js';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      'dist/',
      'release/',
      'test-results/',
      'bench/.venv-peer/',
      'bench/.cache/',
      'bench/results/',
      '**/*.generated.ts',
      'test/fixtures/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] }, globals: globals.browser },
  },
  {
    files: ['src-main/**', 'test/**', 'bench/**', 'scripts/**', 'bin/**', '*.{js,mjs,cjs,ts,mts}'],
    languageOptions: { globals: globals.node },
  },
  {
    rules: {
      // unused bindings are mistakes, except deliberately ignored ones (_x) and rest siblings
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // `any` stays possible where a library's types fall short, but must be visible in review
      '@typescript-eslint/no-explicit-any': 'warn',
      // comments say why; they do not silence the compiler
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-expect-error': 'allow-with-description' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      // formatting belongs to Prettier
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/first-attribute-linebreak': 'off',
      'vue/attributes-order': 'off',
    },
  },
  {
    // the npm bin entry is CommonJS: it must start on any Node before the bundle loads
    files: ['bin/**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // the CLI, scripts and benchmarks print to the console on purpose
    files: ['src-main/cli/**', 'scripts/**', 'bench/**', 'bin/**', 'test/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // tests read JSON payloads and fake Electron objects field by field; `any` keeps them short
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
