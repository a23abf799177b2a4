// Signals to and from other peers of a room through the relay (relay/PROTOCOL.md, types 104–106):
// asks for them on every (re)connect, hands each received one to the listeners, and sends ours
// while connected. Signals are ephemeral: one sent while offline is dropped, as the relay would.
import {
  encodeSignal,
  encodeSignalSubscribe,
  MESSAGE_SIGNAL,
  MESSAGE_SIGNAL_UNDELIVERED,
  readSignal,
  readSignalUndelivered,
  type Signal,
  type SignalUndelivered,
} from '@parley/protocol'
import type { WebsocketProvider } from 'y-websocket'

export type { Signal, SignalUndelivered }

export interface SignalChannel {
  /** This connection's awareness client id: what others address signals to. */
  readonly clientId: number
  /** Sends `payload` to client `to`; false when offline (the signal is dropped). */
  send(to: number, payload: string): boolean
  /** Every signal addressed to us; returns its unsubscribe. */
  onSignal(listener: (signal: Signal) => void): () => void
  /** Every signal of ours the relay did not deliver; returns its unsubscribe. */
  onUndelivered(listener: (notice: SignalUndelivered) => void): () => void
  close(): void
}

export function trackSignals(provider: WebsocketProvider): SignalChannel {
  const signalListeners = new Set<(signal: Signal) => void>()
  const undeliveredListeners = new Set<(notice: SignalUndelivered) => void>()
  provider.messageHandlers[MESSAGE_SIGNAL] = (_encoder, decoder) => {
    const signal = readSignal(decoder)
    for (const listener of signalListeners) listener(signal)
  }
  provider.messageHandlers[MESSAGE_SIGNAL_UNDELIVERED] = (_encoder, decoder) => {
    const notice = readSignalUndelivered(decoder)
    for (const listener of undeliveredListeners) listener(notice)
  }
  const onStatus = ({ status }: { status: string }) => {
    if (status === 'connected') provider.ws?.send(encodeSignalSubscribe())
  }
  provider.on('status', onStatus)
  const clientId = provider.awareness.clientID
  return {
    clientId,
    send(to, payload) {
      const ws = provider.ws
      if (!provider.wsconnected || ws === null) return false
      ws.send(encodeSignal({ from: clientId, to, payload }))
      return true
    },
    onSignal(listener) {
      signalListeners.add(listener)
      return () => signalListeners.delete(listener)
    },
    onUndelivered(listener) {
      undeliveredListeners.add(listener)
      return () => undeliveredListeners.delete(listener)
    },
    close() {
      signalListeners.clear()
      undeliveredListeners.clear()
      provider.off('status', onStatus)
    },
  }
}
