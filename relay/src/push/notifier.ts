// Pushes new entries to subscribed devices that are not connected (RFC 8030, VAPID per RFC 8292,
// payload encrypted per RFC 8291 by `web-push`). The payload names only the room and a position in
// its log, never any text: the device works out what to show from what it already holds.
import type { Logger } from 'pino'
import webpush from 'web-push'
import type { RelayMetrics } from '../metrics.js'
import { createTokenBucket, type TokenBucket } from '../rateLimit.js'
import type { ConnectedDevices } from './devices.js'
import type { PushSubscriptionRecord, PushSubscriptionStore } from './subscriptions.js'
import type { VapidKeys } from './vapid.js'

export interface PushLimits {
  /** Pushes one device may get: a busy room must not drain its battery. */
  pushesPerMinutePerDevice: number
  pushBurstPerDevice: number
}

/** What goes to the device, encrypted. */
export interface PushPayload {
  room: string
  /** Entries in the room's log once this one was appended. */
  position: number
}

export type SendPush = (
  subscription: webpush.PushSubscription,
  payload: string,
  options: webpush.RequestOptions,
) => Promise<unknown>

export interface PushNotifierOptions {
  subscriptions: PushSubscriptionStore
  devices: ConnectedDevices
  vapid: VapidKeys
  /** VAPID `sub`: a mailto: or https: contact for push services. */
  subject: string
  limits: PushLimits
  metrics: RelayMetrics
  log: Logger
  send?: SendPush
}

export interface PushNotifier {
  /** Entries by `authors` were appended to `room`, whose log now holds `position` entries. */
  appended(room: string, authors: readonly string[], position: number): void
  /** Resolves once every push started so far has been answered. */
  settled(): Promise<void>
}

/**
 * web-push makes the request (VAPID JWT, aes128gcm payload, headers); fetch sends it, which also
 * reaches a test's push service on plain-HTTP loopback (web-push's own sender speaks only HTTPS).
 */
async function sendWithFetch(
  subscription: webpush.PushSubscription,
  payload: string,
  options: webpush.RequestOptions,
): Promise<void> {
  const request = webpush.generateRequestDetails(subscription, payload, options)
  const headers = Object.fromEntries(
    Object.entries(request.headers).filter(([name]) => name.toLowerCase() !== 'content-length'),
  ) as Record<string, string>
  const response = await fetch(request.endpoint, {
    method: request.method,
    headers,
    body: request.body ?? null,
    redirect: 'error',
    signal: AbortSignal.timeout(TIMEOUT_MS),
  })
  await response.arrayBuffer()
  if (!response.ok) {
    throw Object.assign(new Error(`push service answered ${response.status}`), {
      statusCode: response.status,
    })
  }
}

/** Push services keep an undelivered message this long. */
const TTL_SECONDS = 24 * 60 * 60
const TIMEOUT_MS = 10_000

export function createPushNotifier(options: PushNotifierOptions): PushNotifier {
  const { subscriptions, devices, metrics, log } = options
  const send: SendPush = options.send ?? sendWithFetch
  const budgets = new Map<string, TokenBucket>()
  const inFlight = new Set<Promise<void>>()
  const requestOptions: webpush.RequestOptions = {
    vapidDetails: { subject: options.subject, ...options.vapid },
    TTL: TTL_SECONDS,
    contentEncoding: 'aes128gcm',
  }
  const budgetOf = (endpoint: string) => {
    let budget = budgets.get(endpoint)
    if (budget === undefined) {
      const { pushesPerMinutePerDevice, pushBurstPerDevice } = options.limits
      budget = createTokenBucket(pushesPerMinutePerDevice / 60, pushBurstPerDevice)
      budgets.set(endpoint, budget)
    }
    return budget
  }

  const deliver = async (target: PushSubscriptionRecord, payload: string) => {
    try {
      await send(
        { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
        payload,
        requestOptions,
      )
      metrics.pushes.inc({ result: 'delivered' })
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode
      if (status === 404 || status === 410) {
        // The browser dropped the subscription: the push service says so, for good.
        subscriptions.remove(target.endpoint)
        budgets.delete(target.endpoint)
        metrics.pushes.inc({ result: 'gone' })
        return
      }
      metrics.pushes.inc({ result: 'failed' })
      log.warn({ status, err: (error as Error).message }, 'push failed')
    }
  }

  return {
    appended(room, authors, position) {
      const payload = JSON.stringify({ room, position } satisfies PushPayload)
      for (const target of subscriptions.forRoom(room)) {
        if (devices.isConnected(target.device)) continue
        if (authors.every((author) => author === target.key)) continue
        if (!budgetOf(target.endpoint).take()) {
          metrics.pushes.inc({ result: 'rateLimited' })
          continue
        }
        metrics.pushes.inc({ result: 'queued' })
        const sent = deliver(target, payload)
        inFlight.add(sent)
        void sent.finally(() => inFlight.delete(sent))
      }
    },
    async settled() {
      await Promise.all([...inFlight])
    },
  }
}
