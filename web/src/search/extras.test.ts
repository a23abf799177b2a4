import { describe, expect, it } from 'vitest'
import type { Author, MessageItem, RoomSnapshot, ThreadView } from '../room'
import { addRoomExtras, createExtras, findFiles, findPeople } from './extras'

const ada: Author = {
  id: 'ka',
  name: 'Ada Lovelace',
  color: '#000000',
  avatar: null,
  status: null,
  verified: true,
}
const bob: Author = { id: 'kb', name: 'Bob', color: '#000000', avatar: null, status: null, verified: true }

function withFile(entryId: string, name: string, type: string, ts: number, author = ada): MessageItem {
  return {
    key: entryId,
    logId: { client: 1, clock: ts },
    entryId,
    author,
    ts,
    kind: 'message',
    text: '',
    previousTexts: [],
    edited: false,
    retracted: false,
    reactions: [],
    attachments: [{ hash: 'a'.repeat(64), name, type, size: 10 }],
    replyTo: null,
    quote: null,
  }
}

function room(items: MessageItem[], people: Author[], threads: ThreadView[] = []) {
  return {
    timeline: items,
    threads: new Map(threads.map((thread) => [thread.rootId, thread])),
    people: new Map(people.map((person) => [person.id, person])),
  } satisfies Pick<RoomSnapshot, 'timeline' | 'threads' | 'people'>
}

describe('search for files and people', () => {
  const extras = createExtras()
  const reply = withFile('r1', 'Quarterly Budget.xlsx', 'application/vnd.ms-excel', 5, bob)
  addRoomExtras(
    extras,
    'one',
    room(
      [withFile('m1', 'harbour-sketch.png', 'image/png', 1)],
      [ada, bob],
      [
        {
          rootId: 'm1',
          replies: [reply],
          count: 1,
          lastRepliers: [bob],
          lastReplyAt: 5,
          repliers: new Set(['kb']),
        },
      ],
    ),
  )
  addRoomExtras(extras, 'two', room([withFile('m2', 'notes.pdf', 'application/pdf', 3)], [ada]))

  it('finds files by a prefix of their name or type, newest first, a reply’s opening the reply', () => {
    expect(findFiles(extras, 'harb').map((file) => file.attachment.name)).toEqual(['harbour-sketch.png'])
    expect(findFiles(extras, 'image').map((file) => file.entryId)).toEqual(['m1'])
    expect(findFiles(extras, 'budget').map((file) => [file.entryId, file.roomId])).toEqual([['r1', 'one']])
    expect(findFiles(extras, 'application').map((file) => file.attachment.name)).toEqual([
      'Quarterly Budget.xlsx',
      'notes.pdf',
    ])
    expect(findFiles(extras, 'pdf', 'one')).toEqual([])
    expect(findFiles(extras, '  ')).toEqual([])
  })

  it('finds people by name once, with every room they are in', () => {
    const found = findPeople(extras, 'love')
    expect(found.map((person) => [person.author.name, person.roomIds])).toEqual([
      ['Ada Lovelace', ['one', 'two']],
    ])
    expect(findPeople(extras, 'bo', 'two')).toEqual([])
    expect(findPeople(extras, 'ada zzz')).toEqual([])
  })
})
