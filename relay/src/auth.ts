// Access tokens for a relay closed to strangers. With `--auth-secret`, a websocket (`?token=` in
// its URL) and an upload (`Authorization: Bearer`) need a JWT signed with that secret (HS256,
// verified with `jose`, the maintained JOSE library), scoped to rooms or to any room, and expiring.
// With `--private` as well, only a token that carries the right to create rooms may open a room
// that does not exist yet. Without a secret, a room's unguessable link is the capability.
import { errors, jwtVerify, SignJWT } from 'jose'

const ISSUER = 'parley-relay'
const ALGORITHM = 'HS256'
/** Longest a token may live: a self-hoster renews links at least this often. */
export const MAX_TOKEN_DAYS = 366

export interface AccessPolicy {
  /** The HS256 secret; null when the relay is open to anyone with a room's link. */
  secret: Uint8Array | null
  /** Only tokens with `create` may open new rooms (needs a secret). */
  privateRooms: boolean
}

/** What a valid token allows. */
export interface Grant {
  /** The rooms it opens, or every room. */
  rooms: '*' | string[]
  /** Whether it may open rooms that do not exist yet (needed on a private relay). */
  create: boolean
}

export const OPEN_POLICY: AccessPolicy = { secret: null, privateRooms: false }

export function policyFrom(secret: string | null, privateRooms: boolean): AccessPolicy {
  return { secret: secret === null ? null : new TextEncoder().encode(secret), privateRooms }
}

export async function mintToken(
  secret: Uint8Array,
  grant: Grant,
  days: number,
  now = Date.now(),
): Promise<string> {
  if (!(days > 0 && days <= MAX_TOKEN_DAYS)) throw new RangeError(`days must be from 1 to ${MAX_TOKEN_DAYS}`)
  return new SignJWT({ rooms: grant.rooms, create: grant.create })
    .setProtectedHeader({ alg: ALGORITHM })
    .setIssuer(ISSUER)
    .setIssuedAt(Math.floor(now / 1000))
    .setExpirationTime(Math.floor(now / 1000) + days * 86_400)
    .sign(secret)
}

/** The grant a token carries, or why it is not valid (expired, wrong secret, malformed). */
export async function verifyToken(
  token: string,
  secret: Uint8Array,
  now = Date.now(),
): Promise<Grant | string> {
  try {
    const { payload } = await jwtVerify(token, secret, {
      issuer: ISSUER,
      algorithms: [ALGORITHM],
      currentDate: new Date(now),
      requiredClaims: ['exp'],
    })
    const { rooms, create } = payload as { rooms?: unknown; create?: unknown }
    const roomList =
      rooms === '*' || (Array.isArray(rooms) && rooms.every((room) => typeof room === 'string'))
    if (!roomList) return 'token names no rooms'
    return { rooms: rooms as Grant['rooms'], create: create === true }
  } catch (error) {
    if (error instanceof errors.JWTExpired) return 'token expired'
    if (error instanceof errors.JWSSignatureVerificationFailed) return 'token not signed by this relay'
    return 'token not valid'
  }
}

/** Why `grant` may not open `room` (null when it may). */
export function checkGrant(
  grant: Grant,
  room: string,
  roomExists: boolean,
  policy: AccessPolicy,
): string | null {
  if (grant.rooms !== '*' && !grant.rooms.includes(room)) return 'token is not for this room'
  if (policy.privateRooms && !roomExists && !grant.create) return 'only invited people may create rooms here'
  return null
}

/**
 * Checks a request against the policy: `room` for a websocket, undefined for an upload (any valid
 * token). Resolves with why it is refused, or null.
 */
export function createAuthorizer(policy: AccessPolicy, roomExists: (room: string) => Promise<boolean>) {
  return async (url: string, authorization: string | undefined, room?: string): Promise<string | null> => {
    if (policy.secret === null) return null
    const token = tokenOf(url, authorization)
    if (token === null) return 'this relay needs an access token'
    const grant = await verifyToken(token, policy.secret)
    if (typeof grant === 'string') return grant
    return room === undefined ? null : checkGrant(grant, room, await roomExists(room), policy)
  }
}

/** The token a request carries: `?token=` in its URL, or an `Authorization: Bearer` header. */
export function tokenOf(url: string, authorization: string | undefined): string | null {
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1]
  if (bearer !== undefined) return bearer
  const query = url.indexOf('?')
  return query < 0 ? null : new URLSearchParams(url.slice(query + 1)).get('token')
}
