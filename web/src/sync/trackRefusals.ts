// Follows the relay's refusals of this device's updates (relay/PROTOCOL.md, types 102 and 103):
// subscribes on every (re)connect, keeps the permanent refusals in the room's state (handing them to
// `save` whenever they change, so a reload still shows them) and raises the transient "cannot store"
// flag until the relay stores something again or the connection starts afresh.
import { encodeRefusalsSubscribe, isPermanentRefusal, MESSAGE_REFUSED, readRefused } from '@parley/protocol'
import type { WebsocketProvider } from 'y-websocket'
import type { StateStore } from './linkState'
import { addRefusal, encodeRefusals, pruneStored, type Refusal, UNAVAILABLE_MESSAGE } from './refusals'

export interface RefusalTracker {
  /** The refusals saved before this page load; merged with any that arrived since. */
  restore(saved: readonly Refusal[]): void
  close(): void
}

export function trackRefusals(
  provider: WebsocketProvider,
  store: StateStore,
  save: (encoded: string) => void,
): RefusalTracker {
  let closed = false
  /** Publishes `next` minus what the relay has stored since; saves it only when it changed. */
  const publish = (next: readonly Refusal[], persist: boolean) => {
    const refusals = pruneStored(next, store.get().durable)
    if (closed || refusals === store.get().refusals) return
    store.update({ refusals })
    if (persist) save(encodeRefusals(refusals))
  }
  const receive = (refusal: Refusal) => {
    if (isPermanentRefusal(refusal.code)) publish(addRefusal(store.get().refusals, refusal), true)
    else if (!closed) store.update({ unavailable: UNAVAILABLE_MESSAGE })
  }
  provider.messageHandlers[MESSAGE_REFUSED] = (_encoder, decoder) => receive(readRefused(decoder))
  const onStatus = ({ status }: { status: string }) => {
    if (status !== 'connected') return
    provider.ws?.send(encodeRefusalsSubscribe())
    // A new connection starts afresh: the relay asks again for whatever it could not store.
    if (store.get().unavailable !== null) store.update({ unavailable: null })
  }
  provider.on('status', onStatus)
  let durable = store.get().durable
  const unsubscribe = store.subscribe(() => {
    const state = store.get()
    if (state.durable === durable) return
    // The durable tracker replaces the state vector only when the relay stored something new.
    durable = state.durable
    if (state.unavailable !== null) store.update({ unavailable: null })
    publish(state.refusals, true)
  })
  return {
    restore(saved) {
      const merged = saved.reduce(addRefusal, [] as readonly Refusal[])
      publish(store.get().refusals.reduce(addRefusal, merged), false)
    },
    close() {
      closed = true
      unsubscribe()
      provider.off('status', onStatus)
    },
  }
}
