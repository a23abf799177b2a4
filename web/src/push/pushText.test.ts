import { describe, expect, it } from 'vitest'
import type { MirroredRoom } from './pushMirror'
import { pushNotice } from './pushText'

const rooms = new Map<string, MirroredRoom>([
  ['garden', { id: 'garden', title: 'Garden club', level: 'all' }],
  ['quiet', { id: 'quiet', title: 'Quiet', level: 'mute' }],
])
const lookup = (id: string) => rooms.get(id) ?? null

describe('pushNotice', () => {
  it('names the room from what this device knows, never from the payload', () => {
    expect(pushNotice('{"room":"garden","position":12}', lookup)).toEqual({
      title: 'New message in Garden club',
      body: 'Open the room to read it',
      tag: 'room:garden',
      url: '/r/garden',
    })
    expect(pushNotice('{"room":"elsewhere","position":1,"title":"Spoofed"}', lookup)?.title).toBe(
      'New message in a room',
    )
  })

  it('shows nothing for a muted room or a payload that is not a room', () => {
    expect(pushNotice('{"room":"quiet","position":1}', lookup)).toBeNull()
    for (const data of [null, '', 'text', '{"room":"../x"}', '{"room":5}'])
      expect(pushNotice(data, lookup)).toBeNull()
  })
})
