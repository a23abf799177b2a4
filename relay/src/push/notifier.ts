// Pushes new entries to subscribed devices that are not connected (RFC 8030, VAPID per RFC 8292,
// payload encrypted per RFC 8291 by `web-push`). The payload names only the room and a position in
// its log, never any text: the device works out what to show from what it already holds.
import type { Logger } from 'pino'
import webpush from 'web-push'
import type { RelayMetrics } from '../metrics.js'
import { createTokenBucket, type TokenBucket } from '../rateLimit.js'
import type { ConnectedDevices } from './devices.js'
import { createPushSender, isRefusedEndpoint, type SendPush } from './pushSender.js'
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

export type { SendPush }

export interface PushNotifierOptions {
  subscriptions: PushSubscriptionStore
  devices: ConnectedDevices
  vapid: VapidKeys
  /** VAPID `sub`: a mailto: or https: contact for push services. */
  subject: string
  limits: PushLimits
  metrics: RelayMetrics
  log: Logger
  /** Lets pushes reach loopback and private addresses (a test's push service). */
  insecureEndpoints: boolean
  send?: SendPush
}

export interface PushNotifier {
  /** Entries by `authors` were appended to `room`, whose log now holds `position` entries. */
  appended(room: string, authors: readonly string[], position: number): void
  /** Resolves once every push started so far has been answered. */
  settled(): Promise<void>
}

/** A VAPID JWT is good for at most 24 h; one is made per push service and kept this long. */
const VAPID_JWT_SECONDS = 12 * 60 * 60
/** …and made again once less than this is left. */
const VAPID_RENEW_BEFORE_SECONDS = 60 * 60

/**
 * The Authorization header per push service origin (the JWT's audience). Signing it is three
 * quarters of web-push's work for one push (2.3 of 3.1 ms measured here), and it is the same for
 * every device of that push service, so a fan-out signs it once.
 */
function createVapidHeaderCache(subject: string, vapid: VapidKeys) {
  const byAudience = new Map<string, { authorization: string; expiresAt: number }>()
  return {
    for(endpoint: string): Record<string, string> {
      const audience = new URL(endpoint).origin
      const now = Math.floor(Date.now() / 1000)
      let cached = byAudience.get(audience)
      if (cached === undefined || cached.expiresAt - now < VAPID_RENEW_BEFORE_SECONDS) {
        const expiresAt = now + VAPID_JWT_SECONDS
        const headers = webpush.getVapidHeaders(
          audience,
          subject,
          vapid.publicKey,
          vapid.privateKey,
          'aes128gcm',
          expiresAt,
        )
        cached = { authorization: headers.Authorization, expiresAt }
        byAudience.set(audience, cached)
      }
      return { Authorization: cached.authorization }
    },
  }
}

/** Push services keep an undelivered message this long. */
const TTL_SECONDS = 24 * 60 * 60

export function createPushNotifier(options: PushNotifierOptions): PushNotifier {
  const { subscriptions, devices, metrics, log } = options
  const send: SendPush = options.send ?? createPushSender({ insecureEndpoints: options.insecureEndpoints })
  const budgets = new Map<string, TokenBucket>()
  const inFlight = new Set<Promise<void>>()
  const vapidHeaders = createVapidHeaderCache(options.subject, options.vapid)
  const requestOptionsFor = (endpoint: string): webpush.RequestOptions => ({
    headers: vapidHeaders.for(endpoint),
    TTL: TTL_SECONDS,
    contentEncoding: 'aes128gcm',
  })
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
        requestOptionsFor(target.endpoint),
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
      if (isRefusedEndpoint(error)) {
        // Its host resolved to a public address when the device subscribed, and no longer does.
        metrics.pushes.inc({ result: 'refused' })
        log.warn({ err: (error as Error).message }, 'push endpoint refused')
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
