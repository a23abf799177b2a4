// What the relay says about calls in /config.json (the app's own origin: the CSP allows nothing
// else): its STUN/TURN servers (`--ice-servers`; without them calls use host candidates, enough on
// one network) and how many people a call may hold (`--max-call-size`, at most MAX_CALL_SIZE).
import { MAX_CALL_SIZE } from '@parley/protocol'

export interface CallConfig {
  iceServers: RTCIceServer[]
  maxCallSize: number
}

const DEFAULT_CONFIG: CallConfig = { iceServers: [], maxCallSize: MAX_CALL_SIZE }
/** A call of one is no call. */
const MIN_CALL_SIZE = 2

/** The call settings in `json` (the relay's /config.json); defaults for what is missing or wrong. */
export function readCallConfig(json: unknown): CallConfig {
  const { iceServers, maxCallSize } = (json ?? {}) as { iceServers?: unknown; maxCallSize?: unknown }
  const size =
    typeof maxCallSize === 'number' && Number.isInteger(maxCallSize)
      ? Math.min(MAX_CALL_SIZE, Math.max(MIN_CALL_SIZE, maxCallSize))
      : MAX_CALL_SIZE
  return { iceServers: Array.isArray(iceServers) ? (iceServers as RTCIceServer[]) : [], maxCallSize: size }
}

let loaded: Promise<CallConfig> | null = null

export function loadCallConfig(): Promise<CallConfig> {
  loaded ??= fetch('/config.json', { cache: 'no-store' })
    .then((response) => (response.ok ? response.json() : {}))
    .then(readCallConfig)
    .catch(() => {
      loaded = null // offline now: try again on the next call
      return DEFAULT_CONFIG
    })
  return loaded
}
