// Sends one push: web-push makes the request (VAPID JWT, aes128gcm payload, headers), node:http(s)
// sends it. Not fetch: its connections cannot be told which addresses they may reach, and every
// connection here goes only to a public address (endpointLookup.ts) unless the relay was started
// for tests with a local push service (`--insecure-push-endpoints`), which is plain HTTP on loopback.
import http from 'node:http'
import https from 'node:https'
import { isIP } from 'node:net'
import webpush from 'web-push'
import { addressRefusal } from './endpointAddress.js'
import { publicOnlyLookup, REFUSED_CODE, type ResolveAll, systemResolve } from './endpointLookup.js'

const TIMEOUT_MS = 10_000
/** Push services answer with a few bytes; more is not read. */
const MAX_ANSWER_BYTES = 64 * 1024

export type SendPush = (
  subscription: webpush.PushSubscription,
  payload: string,
  options: webpush.RequestOptions,
) => Promise<unknown>

export interface PushSenderOptions {
  insecureEndpoints: boolean
  resolve?: ResolveAll
}

/** An error carrying the push service's status (404 and 410 mean the subscription is gone). */
function statusError(message: string, statusCode?: number): Error {
  return Object.assign(new Error(message), statusCode === undefined ? {} : { statusCode })
}

/** Whether a push failed because its endpoint leads to an address pushes may not go to. */
export function isRefusedEndpoint(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === REFUSED_CODE
}

export function createPushSender(options: PushSenderOptions): SendPush {
  const lookup = options.insecureEndpoints ? undefined : publicOnlyLookup(options.resolve ?? systemResolve)
  return (subscription, payload, requestOptions) => {
    const request = webpush.generateRequestDetails(subscription, payload, requestOptions)
    const url = new URL(request.endpoint)
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
    // An address in the URL is never looked up, so it is checked here.
    const literal = !options.insecureEndpoints && isIP(host) !== 0 ? addressRefusal(host) : null
    if (literal !== null) {
      return Promise.reject(Object.assign(new Error(`endpoint is ${literal}`), { code: REFUSED_CODE }))
    }
    return new Promise<void>((resolve, reject) => {
      const client = url.protocol === 'http:' ? http : https
      const outgoing = client.request(url, {
        method: request.method,
        headers: request.headers,
        timeout: TIMEOUT_MS,
        ...(lookup === undefined ? {} : { lookup }),
      })
      outgoing.on('timeout', () => outgoing.destroy(statusError('push service did not answer in time')))
      outgoing.on('error', reject)
      outgoing.on('response', (response) => {
        let read = 0
        response.on('data', (chunk: Buffer) => {
          read += chunk.byteLength
          if (read > MAX_ANSWER_BYTES) response.destroy()
        })
        response.on('error', reject)
        response.on('close', () => {
          const status = response.statusCode ?? 0
          if (status >= 200 && status < 300) resolve()
          else reject(statusError(`push service answered ${status}`, status))
        })
      })
      outgoing.end(request.body ?? undefined)
    })
  }
}
