// Raw peers for signalling tests: they announce a presence client id and subscribe to signals
// (relay/PROTOCOL.md, types 104–106), and read what the relay sent them.
import {
  decodeAwarenessUpdate,
  encodeAwareness,
  encodeAwarenessEntries,
  encodeSignalSubscribe,
  MESSAGE_AWARENESS,
  MESSAGE_SIGNAL,
  MESSAGE_SIGNAL_UNDELIVERED,
  openFrame,
  readSignal,
  readSignalUndelivered,
  type Signal,
  type SignalUndelivered,
} from '@parley/protocol'
import * as decoding from 'lib0/decoding'
import { openRaw, type RawSocket } from './rawSocket.js'

export function signalsOf(socket: RawSocket): Signal[] {
  return socket.frames.filter((f) => f[0] === MESSAGE_SIGNAL).map((f) => readSignal(openFrame(f).decoder))
}

export function undeliveredOf(socket: RawSocket): SignalUndelivered[] {
  return socket.frames
    .filter((f) => f[0] === MESSAGE_SIGNAL_UNDELIVERED)
    .map((f) => readSignalUndelivered(openFrame(f).decoder))
}

/** Client ids whose presence `socket` has been told about. */
export function presentIds(socket: RawSocket): Set<number> {
  const ids = new Set<number>()
  for (const frame of socket.frames) {
    if (frame[0] !== MESSAGE_AWARENESS) continue
    const decoder = decoding.createDecoder(frame)
    decoding.readVarUint(decoder)
    for (const entry of decodeAwarenessUpdate(decoding.readVarUint8Array(decoder))) ids.add(entry.clientId)
  }
  return ids
}

/** A raw peer that announces `clientId` in presence and asks for signals. */
export async function openPeer(url: string, room: string, clientId: number): Promise<RawSocket> {
  const socket = await openRaw(url, room)
  socket.send(encodeAwareness(encodeAwarenessEntries([{ clientId, clock: 1, json: '{"user":{}}' }])))
  socket.send(encodeSignalSubscribe())
  return socket
}
