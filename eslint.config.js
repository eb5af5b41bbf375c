// Lint: mainly the engine's isolation (DESIGN.md) — no DOM, UI libraries, Node APIs, wall-clock
// time or unseeded randomness inside src/engine — plus TypeScript's recommended checks.
import tseslint from 'typescript-eslint';

const engineIsolation = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          group: ['react', 'react-*', 'react/*', 'd3', 'd3-*', '@xyflow/*', '@xterm/*', 'zustand', 'zustand/*', 'comlink', 'node:*', 'fs', 'path', 'os', 'child_process', '**/ui/**', '**/worker/**'],
          message: 'src/engine is pure TypeScript: no UI libraries, no Node APIs, no imports from ui/worker.',
        },
      ],
    },
  ],
  'no-restricted-globals': [
    'error',
    ...['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'setImmediate', 'queueMicrotask', 'requestAnimationFrame', 'performance', 'window', 'document', 'navigator', 'process', 'require', 'Buffer'].map((name) => ({
      name,
      message: 'The engine takes time and I/O from the simulation, never from the host.',
    })),
  ],
  'no-restricted-properties': [
    'error',
    { object: 'Math', property: 'random', message: 'Use the seeded Rng (src/engine/sim/rng.ts).' },
    { object: 'Date', property: 'now', message: 'Use the virtual clock (src/engine/sim/clock.ts).' },
  ],
  'no-restricted-syntax': [
    'error',
    { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Use the virtual clock (src/engine/sim/clock.ts).' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'public/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.recommended],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src/engine/**/*.ts'],
    ignores: ['src/engine/**/*.test.ts'],
    rules: engineIsolation,
  },
);
