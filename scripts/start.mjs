// `npm start`: install what is missing, build, and serve the static site on
// http://127.0.0.1:5173 (default scenario).
import { execSync } from 'node:child_process';
import { ensureDeps } from './ensure-deps.mjs';

ensureDeps();
execSync('npm run build', { stdio: 'inherit' });
console.log('\nProxyscope: http://127.0.0.1:5173/');
execSync('npx vite preview --host 127.0.0.1 --port 5173 --strictPort', { stdio: 'inherit' });
