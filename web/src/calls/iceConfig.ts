// The STUN/TURN servers the relay was started with (`--ice-servers`), read once from /config.json
// on the app's own origin (the CSP allows nothing else). Without them calls use host candidates,
// which is enough on one network.

let loaded: Promise<RTCIceServer[]> | null = null

export function loadIceServers(): Promise<RTCIceServer[]> {
  loaded ??= fetch('/config.json', { cache: 'no-store' })
    .then((response) => (response.ok ? response.json() : {}))
    .then((config: { iceServers?: unknown }) =>
      Array.isArray(config.iceServers) ? (config.iceServers as RTCIceServer[]) : [],
    )
    .catch(() => {
      loaded = null // offline now: try again on the next call
      return []
    })
  return loaded
}
