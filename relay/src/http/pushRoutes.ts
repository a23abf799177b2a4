// The push API: the relay's VAPID public key, and subscribing or revoking a device. Requests are
// small JSON bodies, bounded and rate-limited per address; on a relay with access tokens, a
// subscription may name only rooms the token opens; an endpoint must lead to a public address.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { endpointRefusal, type ResolveAll } from '../push/endpointLookup.js'
import { type EndpointPolicy, parseSubscribeRequest } from '../push/subscribeRequest.js'
import type { PushSubscriptionStore } from '../push/subscriptions.js'
import { createTokenBucket, type TokenBucket } from '../rateLimit.js'
import { replyText } from './textReply.js'

export const PUSH_PATH_PREFIX = '/push/'
const MAX_BODY_BYTES = 64 * 1024
const REQUESTS_PER_SECOND_PER_ADDRESS = 1
const REQUEST_BURST_PER_ADDRESS = 20
const MAX_TRACKED_ADDRESSES = 10_000

export interface PushRoutesOptions extends EndpointPolicy {
  publicKey: string
  subscriptions: PushSubscriptionStore
  /** How endpoint hosts are resolved (the system's resolver by default). */
  resolve?: ResolveAll
  /** Why `room` may not be named with this Authorization header, or null. */
  authorizeRoom(room: string, authorization: string | undefined): Promise<string | null>
  /** Why this Authorization header is not good for this relay at all (any room), or null. */
  authorizeAny(authorization: string | undefined): Promise<string | null>
}

export function createPushRoutes(options: PushRoutesOptions) {
  const budgets = new Map<string, TokenBucket>()
  const admit = (address: string): boolean => {
    let budget = budgets.get(address)
    if (budget === undefined) {
      if (budgets.size >= MAX_TRACKED_ADDRESSES) budgets.clear()
      budget = createTokenBucket(REQUESTS_PER_SECOND_PER_ADDRESS, REQUEST_BURST_PER_ADDRESS)
      budgets.set(address, budget)
    }
    return budget.take()
  }

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0]
    if (path === '/push/key' && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
      res.end(JSON.stringify({ publicKey: options.publicKey }))
      return
    }
    if (path !== '/push/subscribe' && path !== '/push/unsubscribe') return replyText(res, 404, 'not found')
    if (req.method !== 'POST') return replyText(res, 405, 'method not allowed')
    if (!admit(req.socket.remoteAddress ?? 'unknown')) return replyText(res, 429, 'too many requests', true)
    const body = await readJson(req)
    if (typeof body === 'string') return replyText(res, 400, body, true)
    if (path === '/push/unsubscribe') {
      // On a relay closed to strangers, only someone it admits may revoke (any valid token).
      const refused = await options.authorizeAny(req.headers.authorization)
      if (refused !== null) return replyText(res, 401, `unauthorized: ${refused}`)
      const endpoint = (body as { endpoint?: unknown } | null)?.endpoint
      if (typeof endpoint !== 'string') return replyText(res, 400, 'endpoint missing')
      options.subscriptions.remove(endpoint)
      return replyText(res, 200, 'unsubscribed')
    }
    const record = parseSubscribeRequest(body, options)
    if (typeof record === 'string') return replyText(res, 400, record)
    for (const room of record.rooms.keys()) {
      const refused = await options.authorizeRoom(room, req.headers.authorization)
      if (refused !== null) return replyText(res, 401, `unauthorized: ${refused}`)
    }
    // Looked up only for a request that may subscribe: a stranger cannot make the relay resolve names.
    if (!options.insecureEndpoints) {
      const refused = await endpointRefusal(new URL(record.endpoint), options.resolve)
      if (refused !== null) return replyText(res, 400, refused)
    }
    options.subscriptions.save(record)
    replyText(res, 200, 'subscribed')
  }
}

/** The request's JSON body, or why it cannot be read. */
async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  let bytes = 0
  for await (const chunk of req) {
    bytes += (chunk as Buffer).byteLength
    if (bytes > MAX_BODY_BYTES) return `body over ${MAX_BODY_BYTES} bytes`
    chunks.push(chunk as Buffer)
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown
  } catch {
    return 'body is not JSON'
  }
}
