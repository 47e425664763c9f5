import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// The root is this folder, so `vite build --config apps/web/vite.config.ts` from the repo root
// builds the same thing as `npm run build --workspace apps/web`.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: 'dist',
    // The smallest echarts build (core, bar, line and pie, canvas) is ~560 kB; it is loaded lazily.
    chunkSizeWarningLimit: 600,
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // Libraries every page loads get stable chunks of their own (they change less often than
        // the app); antd is left to automatic splitting so each page loads only its components.
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /[\\/]node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack)[\\/]/,
              priority: 20,
            },
            { name: 'zod', test: /[\\/]node_modules[\\/]zod[\\/]/, priority: 20 },
            // Only the statistics page draws charts: a chunk of its own, loaded with that page alone.
            { name: 'echarts', test: /[\\/]node_modules[\\/](echarts|zrender)[\\/]/, priority: 20 },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
    },
  },
})
