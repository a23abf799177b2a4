import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'

/** The relay that `npm run dev` proxies websockets to. */
const RELAY_URL = 'http://localhost:8080'
const THEME_COLOR = '#3b5bdb'

export default defineConfig({
  plugins: [
    react(),
    // The service worker is ours (src/serviceWorker/sw.ts); the plugin builds it and writes into
    // it the list of files of this build to precache (injectManifest), and emits the install
    // manifest. It registers nothing itself: main.tsx does (no inline script, for the CSP).
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/serviceWorker',
      filename: 'sw.ts',
      injectRegister: false,
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        // The service worker stays readable: it is small, and it is what someone debugging offline reads.
        minify: false,
      },
      manifest: {
        name: 'Parley',
        short_name: 'Parley',
        description: 'Local-first chat: your rooms live on your device and sync through your own relay.',
        id: '/',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: THEME_COLOR,
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        ],
      },
    }),
  ],
  // The shared @parley/protocol package is bundled from its TypeScript sources.
  resolve: { conditions: ['parley-source', 'module', 'browser', 'development|production'] },
  build: {
    outDir: 'dist',
    // No inline assets: the relay's CSP allows only same-origin scripts and styles.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'yjs', test: /node_modules[\\/](yjs|lib0|y-protocols|y-websocket|y-indexeddb)[\\/]/ },
            {
              name: 'markdown',
              test: /node_modules[\\/](markdown-it|entities|linkify-it|uc\.micro|mdurl|punycode\.js)[\\/]/,
            },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      // A room's websocket is `/<roomId>`; app paths (`/r/…`, `/src/…`, `/@vite/…`) have a second segment or a dot.
      '^/[A-Za-z0-9_-]+$': { target: RELAY_URL, ws: true },
    },
  },
})
