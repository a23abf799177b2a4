import { useEffect, useState, useSyncExternalStore } from 'react'
import { LEGACY_PREFIX } from '../room'
import { fingerprintOf } from './fingerprint'
import { createIdentityManager, type IdentityManager, type IdentityState } from './identity'

/** The app's identity manager while mounted (null during the first render). */
export function useIdentityManager(): IdentityManager | null {
  const [manager, setManager] = useState<IdentityManager | null>(null)
  useEffect(() => {
    const opened = createIdentityManager()
    setManager(opened)
    return () => {
      opened.close()
      setManager(null)
    }
  }, [])
  return manager
}

export function useIdentityState(manager: IdentityManager): IdentityState {
  return useSyncExternalStore(manager.subscribe, manager.getState)
}

/** The fingerprint of the key `id` (computed asynchronously: null until then, and for legacy ids). */
export function useFingerprint(id: string | null): string | null {
  const [fingerprint, setFingerprint] = useState<{ id: string; value: string } | null>(null)
  useEffect(() => {
    if (id === null || id.startsWith(LEGACY_PREFIX)) return
    let current = true
    void fingerprintOf(id).then((value) => {
      if (current) setFingerprint({ id, value })
    })
    return () => {
      current = false
    }
  }, [id])
  return fingerprint?.id === id ? fingerprint.value : null
}
