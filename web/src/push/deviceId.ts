// This browser's random device id: its websockets carry it (`?device=`), so the relay does not
// push to a device that is already connected, and its push subscription names it.
const KEY = 'parley.device'

export function deviceId(storage: Storage = localStorage): string {
  const saved = storage.getItem(KEY)
  if (saved !== null && /^[A-Za-z0-9_-]{22}$/.test(saved)) return saved
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  const made = btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
  storage.setItem(KEY, made)
  return made
}
