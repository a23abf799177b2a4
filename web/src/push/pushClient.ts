// This device's push subscription: turned on from Settings (which asks for notification
// permission), kept in step with the rooms and their levels, revoked from Settings. The relay
// keeps it (relay/PROTOCOL.md, "Push"); the browser's push service delivers.
import { authorizationHeader, readAccessToken } from '../access/accessToken'
import { loadLevel, type NotifyLevel } from '../notify/settings'
import { deviceId } from './deviceId'

export type PushStatus = 'unsupported' | 'off' | 'on' | 'blocked'

function supported(): boolean {
  return 'serviceWorker' in navigator && 'PushManager' in globalThis && typeof Notification !== 'undefined'
}

async function currentSubscription(): Promise<PushSubscription | null> {
  if (!supported()) return null
  const registration = await navigator.serviceWorker.getRegistration()
  return (await registration?.pushManager.getSubscription()) ?? null
}

export async function pushStatus(): Promise<PushStatus> {
  if (!supported()) return 'unsupported'
  if (Notification.permission === 'denied') return 'blocked'
  return (await currentSubscription()) === null ? 'off' : 'on'
}

function levels(roomIds: readonly string[]): Record<string, NotifyLevel> {
  return Object.fromEntries(roomIds.map((id) => [id, loadLevel(id)]))
}

async function post(path: string, body: unknown): Promise<void> {
  const response = await fetch(path, {
    method: 'POST',
    // A relay with access tokens accepts a subscription only to rooms this device's token opens.
    headers: { 'Content-Type': 'application/json', ...authorizationHeader(readAccessToken()) },
    body: JSON.stringify(body),
  })
  if (!response.ok) throw new Error(`${path}: ${(await response.text()).trim() || response.status}`)
}

/** Tells the relay this subscription's rooms and levels. */
async function register(
  subscription: PushSubscription,
  key: string,
  roomIds: readonly string[],
): Promise<void> {
  await post('/push/subscribe', {
    subscription: subscription.toJSON(),
    device: deviceId(),
    key,
    rooms: levels(roomIds),
  })
}

/** Turns push on for this device; throws an Error saying why it could not. */
export async function enablePush(key: string, roomIds: readonly string[]): Promise<void> {
  if (!supported()) throw new Error('This browser cannot receive push notifications.')
  if ((await Notification.requestPermission()) !== 'granted')
    throw new Error('Notifications are not allowed for this site.')
  const response = await fetch('/push/key')
  if (!response.ok) throw new Error('This relay does not send push notifications.')
  const { publicKey } = (await response.json()) as { publicKey: string }
  const registration = await navigator.serviceWorker.ready
  const subscription = await registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: publicKey,
  })
  await register(subscription, key, roomIds)
}

/** Revokes this device: the browser drops the subscription and the relay forgets it. */
export async function disablePush(): Promise<void> {
  const subscription = await currentSubscription()
  if (subscription === null) return
  await post('/push/unsubscribe', { endpoint: subscription.endpoint }).catch(() => {})
  await subscription.unsubscribe()
}

/** Keeps the relay's copy of this device's rooms and levels current (no-op while push is off). */
export async function syncPush(key: string, roomIds: readonly string[]): Promise<void> {
  const subscription = await currentSubscription()
  if (subscription !== null) await register(subscription, key, roomIds)
}
