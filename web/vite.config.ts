import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

/** The relay that `npm run dev` proxies websockets to. */
const RELAY_URL = 'http://localhost:8080'

export default defineConfig({
  plugins: [react()],
  // The shared @parley/protocol package is bundled from its TypeScript sources.
  resolve: { conditions: ['parley-source', 'module', 'browser', 'development|production'] },
  build: {
    outDir: 'dist',
    // No inline assets: the relay's CSP allows only same-origin scripts and styles.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: {
    proxy: {
      // A room's websocket is `/<roomId>`; app paths (`/r/…`, `/src/…`, `/@vite/…`) have a second segment or a dot.
      '^/[A-Za-z0-9_-]+$': { target: RELAY_URL, ws: true },
    },
  },
})
