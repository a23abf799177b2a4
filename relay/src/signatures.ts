// Who wrote what: every new entry must be a signed envelope that verifies for this room, and every
// Yjs client id belongs to the key that first wrote under it. The relay reads only the envelope
// (@parley/protocol), never the chat fields inside its body.
import crypto from 'node:crypto'
import { createRequire } from 'node:module'
import {
  type Envelope,
  type ItemRange,
  parseEnvelope,
  toBase64url,
  type VerifyEd25519,
  verifyEnvelope,
} from '@parley/protocol'
import * as Y from 'yjs'
import type { StateOf } from './dependencies.js'

/** Public keys kept parsed; a room rarely has more writers than this. */
const MAX_CACHED_KEYS = 10_000
/** The binding of a client id whose first entry predates signed entries. */
export const LEGACY_CLIENT = ''

/** The part of sodium-native the relay uses (the package ships no types). */
interface Sodium {
  crypto_sign_verify_detached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean
}

/**
 * libsodium through sodium-native, if it loads: its Ed25519 verify takes ~60% of the time of
 * OpenSSL's through node:crypto (47 vs 80 µs here), and verification is the largest single cost
 * of an update on the relay. The package ships prebuilt binaries (nothing is fetched or built at
 * install); on a platform it has none for, the relay falls back to node:crypto.
 */
function loadSodium(): Sodium | null {
  try {
    return createRequire(import.meta.url)('sodium-native') as Sodium
  } catch {
    return null
  }
}

/** Ed25519 verification with libsodium where it loads, else node:crypto. */
export function createEd25519Verifier(): VerifyEd25519 {
  const sodium = loadSodium()
  return sodium === null ? createNodeEd25519Verifier() : createSodiumEd25519Verifier(sodium)
}

/** Ed25519 verification with libsodium (strict: it also refuses non-canonical signatures and keys of small order). */
export function createSodiumEd25519Verifier(sodium: Sodium | null = loadSodium()): VerifyEd25519 {
  if (sodium === null) throw new Error('sodium-native does not load on this platform')
  return (publicKey, message, signature) =>
    publicKey.length === 32 &&
    signature.length === 64 &&
    sodium.crypto_sign_verify_detached(signature, message, publicKey)
}

/** Ed25519 verification with node:crypto, keeping parsed public keys (bounded). */
export function createNodeEd25519Verifier(): VerifyEd25519 {
  const keys = new Map<string, crypto.KeyObject>()
  return (publicKey, message, signature) => {
    const x = toBase64url(publicKey)
    let key = keys.get(x)
    if (key === undefined) {
      if (keys.size >= MAX_CACHED_KEYS) keys.clear()
      key = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' })
      keys.set(x, key)
    }
    return crypto.verify(null, message, key, signature)
  }
}

/**
 * The key each Yjs client id of a room is bound to. The room's doc is the record: a client's
 * first item carries the envelope that bound it, so nothing else needs storing.
 */
export class ClientKeys {
  private readonly known = new Map<number, string>()

  constructor(private readonly doc: Y.Doc) {}

  /** The key bound to `client`, LEGACY_CLIENT for unsigned history, undefined for a new client. */
  get(client: number): string | undefined {
    const cached = this.known.get(client)
    if (cached !== undefined) return cached
    const first = this.doc.store.clients.get(client)?.[0]
    if (!(first instanceof Y.Item)) return undefined
    const envelope = parseEnvelope(first.content.getContent()[0])
    const key = typeof envelope === 'string' ? LEGACY_CLIENT : envelope.key
    this.known.set(client, key)
    return key
  }
}

/** A new entry of an update, its signature checked. */
export interface SignedEntry {
  envelope: Envelope
  at: ItemRange
}

export type SignatureVerdict =
  | { ok: true; entries: SignedEntry[] }
  | {
      ok: false
      reason: string
      offending: ItemRange
      /** Set when the entry was written under a client id that belongs to another key. */
      foreignClient: number | null
    }

/**
 * Checks the entries of an update's items for `room`. New entries must be signed envelopes that
 * verify and whose key owns their client id; entries the room already has must not claim a client
 * id for another key (that would make the relay's durable state cover someone else's entry).
 */
export function checkSignatures(
  room: string,
  items: readonly Y.Item[],
  stateOf: StateOf,
  keys: ClientKeys,
  verify: VerifyEd25519,
): SignatureVerdict {
  const bindings = new Map<number, string>()
  const entries: SignedEntry[] = []
  for (const item of items) {
    const { client, clock } = item.id
    const values = item.content.getContent()
    for (let i = 0; i < values.length; i++) {
      const at: ItemRange = { client, clock: clock + i, length: 1 }
      const envelope = parseEnvelope(values[i])
      const owner = keys.get(client) ?? bindings.get(client)
      if (at.clock < stateOf(client)) {
        // Already here: only a claim on someone else's client id matters.
        if (owner !== undefined && typeof envelope !== 'string' && envelope.key !== owner) {
          return foreign(client, at)
        }
        continue
      }
      if (typeof envelope === 'string') return refused(`forbidden update: ${envelope}`, at)
      if (owner !== undefined && owner !== envelope.key) return foreign(client, at)
      if (verifyEnvelope(room, envelope, verify) !== true)
        return refused('forbidden update: bad signature', at)
      bindings.set(client, envelope.key)
      entries.push({ envelope, at })
    }
  }
  return { ok: true, entries }
}

function refused(reason: string, offending: ItemRange): SignatureVerdict {
  return { ok: false, reason, offending, foreignClient: null }
}

function foreign(client: number, offending: ItemRange): SignatureVerdict {
  return {
    ok: false,
    reason: `forbidden update: client id ${client} belongs to another key`,
    offending,
    foreignClient: client,
  }
}
