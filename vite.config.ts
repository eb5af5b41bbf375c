import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import lessons from './scripts/vite-plugin-lessons.ts';

// Relative base: the static build works from any sub-path of a static host.
export default defineConfig({
  base: './',
  plugins: [react(), lessons()],
  worker: { format: 'es' },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 5173, strictPort: true },
});
