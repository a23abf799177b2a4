// What a device may ask of the relay's push API, checked at the boundary: any client is hostile,
// and the endpoint is a URL the relay will send requests to.
import { ROOM_NAME } from '@parley/protocol'
import type { PushLevel, PushSubscriptionRecord } from './subscriptions.js'

export const MAX_PUSH_ROOMS = 500
export const DEVICE_ID = /^[A-Za-z0-9_-]{16,64}$/
const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/
const KEY = /^[A-Za-z0-9_-]{43}$/
const LEVELS = new Set<PushLevel>(['all', 'mentions', 'mute'])
const MAX_ENDPOINT_CHARS = 1024

export interface EndpointPolicy {
  /**
   * Plain-HTTP endpoints on loopback, and endpoints that resolve to loopback or private addresses
   * (for tests with a local push service); never in production.
   */
  insecureEndpoints: boolean
}

/** The subscription `body` asks for, or why it is refused. */
export function parseSubscribeRequest(
  body: unknown,
  policy: EndpointPolicy,
): PushSubscriptionRecord | string {
  if (typeof body !== 'object' || body === null) return 'body must be a JSON object'
  const { subscription, device, key, rooms } = body as Record<string, unknown>
  const sub = subscription as { endpoint?: unknown; keys?: { p256dh?: unknown; auth?: unknown } } | undefined
  const endpoint = checkEndpoint(sub?.endpoint, policy)
  if (typeof endpoint !== 'object') return endpoint
  const p256dh = sub?.keys?.p256dh
  const auth = sub?.keys?.auth
  if (typeof p256dh !== 'string' || !BASE64URL.test(p256dh) || p256dh.length > 100) return 'bad keys.p256dh'
  if (typeof auth !== 'string' || !BASE64URL.test(auth) || auth.length > 50) return 'bad keys.auth'
  if (typeof device !== 'string' || !DEVICE_ID.test(device)) return 'bad device id'
  if (typeof key !== 'string' || !KEY.test(key)) return 'bad key'
  if (typeof rooms !== 'object' || rooms === null || Array.isArray(rooms)) return 'rooms must be an object'
  const entries = Object.entries(rooms as Record<string, unknown>)
  if (entries.length > MAX_PUSH_ROOMS) return `at most ${MAX_PUSH_ROOMS} rooms`
  const levels = new Map<string, PushLevel>()
  for (const [room, level] of entries) {
    if (!ROOM_NAME.test(room)) return `bad room name ${JSON.stringify(room.slice(0, 40))}`
    if (!LEVELS.has(level as PushLevel)) return `bad level for room ${room}`
    levels.set(room, level as PushLevel)
  }
  return { endpoint: endpoint.href, p256dh, auth, device, key, rooms: levels }
}

function checkEndpoint(value: unknown, policy: EndpointPolicy): URL | string {
  if (typeof value !== 'string' || value.length > MAX_ENDPOINT_CHARS) return 'bad endpoint'
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return 'bad endpoint'
  }
  if (url.username !== '' || url.password !== '') return 'bad endpoint'
  if (url.protocol === 'https:') return url
  const loopback = url.hostname === '127.0.0.1' || url.hostname === '[::1]' || url.hostname === 'localhost'
  if (url.protocol === 'http:' && loopback && policy.insecureEndpoints) return url
  return 'endpoint must be an https URL'
}
