// A bare websocket for sending frames no y-websocket client would send.
import { WebSocket } from 'ws'

export interface RawSocket {
  readonly ws: WebSocket
  readonly frames: Uint8Array[]
  /** Resolves with the close frame the relay sent. */
  readonly closed: Promise<{ code: number; reason: string }>
  send(frame: Uint8Array | string): void
}

export async function openRaw(url: string, path: string): Promise<RawSocket> {
  const ws = new WebSocket(`${url}/${path}`)
  const frames: Uint8Array[] = []
  ws.on('message', (data: Buffer) => frames.push(new Uint8Array(data)))
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  return { ws, frames, closed, send: (frame) => ws.send(frame) }
}
