// This device's identity, for the whole app: loaded from IndexedDB once, created ("Pick your
// name") or imported (from another device), and its profile changed or adopted. One key pair per
// person, copied to each of their devices: the person's id is their public key everywhere.
// Changes made in another tab reach this one through a BroadcastChannel.

import { deriveKeyAgreement, type KeyAgreement } from '../dm/keyAgreement'
import { checkProfile, type ProfileFields } from '../room'
import { loadStoredIdentity, type StoredIdentity, saveStoredIdentity } from './identityStore'
import { exportSecret, generateIdentityKeys, importSecret } from './keys'
import { type LocalProfile, randomColor } from './profile'
import { createSigner, type Signer } from './signer'
import type { TransferPayload } from './transfer'

const CHANNEL = 'parley-identity'

export interface Identity {
  /** The public key, base64url: this person's id in every room. */
  key: string
  signer: Signer
  /**
   * X25519 key agreement, derived from the same seed (dm/keyAgreement.ts), for direct messages;
   * null in a browser without WebCrypto X25519 (it then offers no direct messages).
   */
  agreement: KeyAgreement | null
  profile: LocalProfile
}

export type IdentityState =
  | { status: 'loading' }
  | { status: 'none' }
  | { status: 'ready'; identity: Identity }
  | { status: 'failed'; error: string }

export interface IdentityManager {
  getState(): IdentityState
  /** Called on every change of `getState()`; returns its unsubscribe. */
  subscribe(listener: () => void): () => void
  /** A new identity for a new person; returns why not (a bad name), or null. */
  create(name: string): Promise<string | null>
  /** Replaces this device's identity with one moved from another device. */
  importPayload(payload: TransferPayload): Promise<void>
  /** A new profile, one seq above the current one; returns why not, or null. */
  updateProfile(fields: ProfileFields): Promise<string | null>
  /** A newer profile of this person seen in a room (written by another of their devices). */
  adopt(profile: LocalProfile): Promise<void>
  /** What moves to another device. */
  exportPayload(): Promise<TransferPayload>
  close(): void
}

async function toIdentity(stored: StoredIdentity, known: Identity | null): Promise<Identity> {
  // Derived once per key pair: a profile change keeps the same agreement.
  const agreement =
    known?.key === stored.key
      ? known.agreement
      : await deriveKeyAgreement(stored.keyPair.privateKey).catch(() => null)
  return {
    key: stored.key,
    signer: createSigner(stored.keyPair.privateKey, stored.key),
    agreement,
    profile: stored.profile,
  }
}

export function createIdentityManager(): IdentityManager {
  let state: IdentityState = { status: 'loading' }
  let stored: StoredIdentity | null = null
  let closed = false
  const listeners = new Set<() => void>()
  const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL)
  const set = async (next: StoredIdentity | null) => {
    const known = state.status === 'ready' ? state.identity : null
    const identity = next === null ? null : await toIdentity(next, known)
    stored = next
    state = identity === null ? { status: 'none' } : { status: 'ready', identity }
    for (const listener of listeners) listener()
  }
  const load = () =>
    loadStoredIdentity().then(
      async (found) => {
        if (!closed) await set(found)
      },
      (error: unknown) => {
        state = { status: 'failed', error: error instanceof Error ? error.message : String(error) }
        for (const listener of listeners) listener()
      },
    )
  // Writes one after another, so an adoption and an edit cannot interleave.
  let queue: Promise<unknown> = Promise.resolve()
  const save = (change: (current: StoredIdentity | null) => Promise<StoredIdentity | null>) => {
    const done = queue.then(async () => {
      const next = await change(stored)
      if (next === null) return
      await saveStoredIdentity(next)
      await set(next)
      channel?.postMessage('changed')
    })
    queue = done.catch(() => undefined)
    return done
  }
  if (channel) channel.onmessage = () => void load()
  void load()
  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async create(name) {
      const profile: LocalProfile = {
        seq: 1,
        name: name.trim(),
        color: randomColor(),
        avatar: null,
        status: null,
      }
      const problem = checkProfile(profile)
      if (problem !== null) return problem
      await save(async () => {
        const { keyPair, key } = await generateIdentityKeys()
        return { key, keyPair, profile }
      })
      return null
    },
    async importPayload({ secret, profile }) {
      await save(async () => {
        const { keyPair, key } = await importSecret(secret)
        return { key, keyPair, profile }
      })
    },
    async updateProfile(fields) {
      const problem = checkProfile(fields)
      if (problem !== null) return problem
      await save(
        async (current) =>
          current && {
            ...current,
            profile: {
              ...fields,
              name: fields.name.trim(),
              status: fields.status || null,
              seq: current.profile.seq + 1,
            },
          },
      )
      return null
    },
    async adopt(profile) {
      await save(async (current) =>
        current && profile.seq >= current.profile.seq ? { ...current, profile } : null,
      )
    },
    async exportPayload() {
      if (stored === null) throw new Error('there is no identity on this device')
      return { secret: await exportSecret(stored.keyPair), profile: stored.profile }
    },
    close() {
      closed = true
      channel?.close()
      listeners.clear()
    },
  }
}
