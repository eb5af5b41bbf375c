// `npm start`: install what is missing, build, and serve the static site on
// http://127.0.0.1:5173 (default scenario).
import { spawnSync } from 'node:child_process';
import { ensureDeps } from './ensure-deps.mjs';

ensureDeps();
const run = (args) => spawnSync('npm', args, { stdio: 'inherit' }).status ?? 1;
const built = run(['run', '-s', 'build']);
if (built !== 0) {
  console.error('npm start: the build failed (see above).');
  process.exit(built);
}
console.log('\nProxyscope: http://127.0.0.1:5173/  (Ctrl-C to stop)');
process.exit(run(['run', '-s', 'serve']));
