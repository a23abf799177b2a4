import { describe, expect, it } from 'vitest'
import type { MirroredRoom } from './pushMirror'
import { pushNotice, readPushPayload } from './pushText'

const garden: MirroredRoom = { id: 'garden', title: 'Garden club', level: 'all' }
const quiet: MirroredRoom = { id: 'quiet', title: 'Quiet', level: 'mute' }
const busy: MirroredRoom = { id: 'busy', title: 'Busy', level: 'mentions' }
const unchecked = { kind: 'unchecked' } as const

describe('readPushPayload', () => {
  it('reads a room and a position, and nothing that is not one', () => {
    expect(readPushPayload('{"room":"garden","position":12}')).toEqual({ room: 'garden', position: 12 })
    for (const data of [null, '', 'text', '{"room":"../x"}', '{"room":5}', 'null'])
      expect(readPushPayload(data)).toBeNull()
  })
})

describe('pushNotice', () => {
  it('names the room from what this device knows, never from the payload', () => {
    expect(pushNotice('garden', garden, unchecked)).toEqual({
      title: 'New message in Garden club',
      body: 'Open the room to read it',
      tag: 'room:garden',
      url: '/r/garden',
      silent: false,
    })
    expect(pushNotice('elsewhere', null, unchecked)?.title).toBe('New message in a room')
  })

  it('shows nothing for a muted room', () => {
    expect(pushNotice('quiet', quiet, unchecked)).toBeNull()
    expect(pushNotice('quiet', quiet, { kind: 'mentioned', by: 'Bob' })).toBeNull()
  })

  it('at level mentions, says who mentioned you, or quietly that nobody did', () => {
    expect(pushNotice('busy', busy, { kind: 'mentioned', by: 'Bob' })).toMatchObject({
      title: 'Bob mentioned you in Busy',
      tag: 'room:busy',
      silent: false,
    })
    const none = pushNotice('busy', busy, { kind: 'notMentioned' })
    expect(none).toMatchObject({ title: 'Busy', tag: 'quiet:busy', silent: true })
    expect(none?.body).not.toMatch(/mention(ed)? you\b/)
  })

  it('at level mentions, says it could not tell when the room could not be read', () => {
    expect(pushNotice('busy', busy, unchecked)).toMatchObject({
      title: 'New message in Busy',
      body: 'Open the room to see whether it mentions you',
      silent: false,
    })
  })

  it('at level all, does not single out mentions', () => {
    expect(pushNotice('garden', garden, { kind: 'mentioned', by: 'Bob' })?.title).toBe(
      'New message in Garden club',
    )
  })
})
