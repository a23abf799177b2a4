// What an open room needs of the person using it: their key and signer, their profile as this
// device keeps it, and a way to take on a newer profile of theirs found in the room.
import type { IdentityManager } from '../identity/identity'
import type { LocalProfile } from '../identity/profile'
import type { Signer } from '../identity/signer'

export interface RoomIdentity {
  key: string
  signer: Signer
  /** The X25519 public key this identity publishes in its profile (null: no direct messages). */
  dh: string | null
  getProfile(): LocalProfile
  /** Called when this device's profile changes; returns its unsubscribe. */
  subscribeProfile(listener: () => void): () => void
  /** A newer profile of this person, written by another of their devices. */
  adopt(profile: LocalProfile): void
}

/** The room identity of the manager's current identity (which must be ready). */
export function roomIdentityOf(manager: IdentityManager): RoomIdentity {
  const current = () => {
    const state = manager.getState()
    if (state.status !== 'ready') throw new Error('no identity on this device')
    return state.identity
  }
  const { key, signer, agreement } = current()
  return {
    key,
    signer,
    dh: agreement?.publicKey ?? null,
    getProfile: () => current().profile,
    subscribeProfile(listener) {
      let last = current().profile
      return manager.subscribe(() => {
        const state = manager.getState()
        if (state.status !== 'ready' || state.identity.profile === last) return
        last = state.identity.profile
        listener()
      })
    },
    adopt(profile) {
      void manager.adopt(profile)
    },
  }
}
