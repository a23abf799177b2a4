import { describe, expect, it } from 'vitest'
import type { SignalChannel } from '../sync'
import type { CallField, CallParticipant } from './callPresence'
import { type CallRoom, callFullNotice, createCallSession } from './callSession'

/** A room whose presence already holds `others` in the call, recording what this device publishes. */
function roomWith(others: CallParticipant[]) {
  const published: Array<CallField | null> = []
  const signals: SignalChannel = {
    clientId: 99,
    send: () => true,
    onSignal: () => () => {},
    onUndelivered: () => () => {},
    close: () => {},
  }
  const room: CallRoom = {
    myKey: 'me',
    signals,
    getParticipants: () => others,
    subscribeParticipants: () => () => {},
    publish: (field) => published.push(field),
  }
  return { room, published }
}

const participant = (clientId: number): CallParticipant => ({
  clientId,
  userId: `user-${clientId}`,
  name: `P${clientId}`,
  color: '#123456',
  since: clientId,
  audio: true,
  video: true,
  screen: false,
})

const config = { iceServers: [], maxCallSize: 4 }

describe('createCallSession', () => {
  it('tells a fifth person the call is full, without asking for a camera or joining', async () => {
    const { room, published } = roomWith([1, 2, 3, 4].map(participant))
    const call = createCallSession(room, async () => config)
    expect(call.getState().participants.map((p) => p.name)).toEqual(['P1', 'P2', 'P3', 'P4'])
    await call.join()
    expect(call.getState()).toMatchObject({ phase: 'idle', notice: callFullNotice(4), peers: [] })
    expect(published).toEqual([])
    call.close()
  })

  it('holds as few people as the relay says', async () => {
    const { room, published } = roomWith([1, 2].map(participant))
    const call = createCallSession(room, async () => ({ iceServers: [], maxCallSize: 2 }))
    await call.join()
    expect(call.getState()).toMatchObject({ phase: 'idle', notice: callFullNotice(2) })
    expect(published).toEqual([])
    call.close()
  })

  it('says why it could not join when there is no microphone (no media devices here)', async () => {
    const { room, published } = roomWith([participant(1)])
    const call = createCallSession(room, async () => config)
    await call.join()
    expect(call.getState().phase).toBe('idle')
    expect(call.getState().notice).toMatch(/cannot make calls|microphone/)
    expect(published).toEqual([])
    call.close()
  })
})
