// Whether this person shares read receipts (off unless they turn it on), kept on this device.
import { useSyncExternalStore } from 'react'

const KEY = 'parley.receipts'
const CHANGED_EVENT = 'parley:receipts-changed'

export function sharesReceipts(storage: Storage = localStorage): boolean {
  return storage.getItem(KEY) === 'on'
}

export function setSharesReceipts(on: boolean): void {
  localStorage.setItem(KEY, on ? 'on' : 'off')
  dispatchEvent(new Event(CHANGED_EVENT))
}

function subscribe(listener: () => void): () => void {
  const onStorage = (event: StorageEvent) => {
    if (event.key === KEY) listener()
  }
  addEventListener('storage', onStorage)
  addEventListener(CHANGED_EVENT, listener)
  return () => {
    removeEventListener('storage', onStorage)
    removeEventListener(CHANGED_EVENT, listener)
  }
}

export function useSharesReceipts(): boolean {
  return useSyncExternalStore(subscribe, () => sharesReceipts())
}
