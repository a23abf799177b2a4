// First, so that reading the room's view cache from IndexedDB starts before the rest of the app
// (React included) is evaluated.
import './sync/earlyRead'
import './access/captureToken'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/App'
import './styles.css'

const root = document.getElementById('root')
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  )
}

// The service worker keeps the app shell so a room reloads with the relay down or no network.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((error: unknown) => {
    console.warn('Service worker registration failed', error)
  })
}
