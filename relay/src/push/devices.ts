// Which devices have a websocket open to this relay now: they see new entries themselves, so
// they are not pushed to. A device names itself with the `device` query parameter of its websocket.
import { DEVICE_ID } from './subscribeRequest.js'

export interface ConnectedDevices {
  /** Counts a websocket of the device in `url`'s query (if any); returns its release. */
  connect(url: string): () => void
  isConnected(device: string): boolean
}

export function createConnectedDevices(): ConnectedDevices {
  const open = new Map<string, number>()
  return {
    connect(url) {
      const device = new URLSearchParams(url.split('?')[1] ?? '').get('device')
      if (device === null || !DEVICE_ID.test(device)) return () => {}
      open.set(device, (open.get(device) ?? 0) + 1)
      let released = false
      return () => {
        if (released) return
        released = true
        const left = (open.get(device) ?? 1) - 1
        if (left <= 0) open.delete(device)
        else open.set(device, left)
      }
    },
    isConnected: (device) => open.has(device),
  }
}
