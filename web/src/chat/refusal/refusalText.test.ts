import { describe, expect, it } from 'vitest'
import { messageEntry, reactionEntry, titleEntry } from '../../room/bodies'
import { createTestPerson, seal, type TestPerson } from '../../room/testing'
import { bannerText, describeRefusal, entryText, REFUSED_AFTER_ANOTHER, refusedNote } from './refusalText'

const TOO_LARGE = 'too large: entry of 5123 bytes over 2048'
const alice = await createTestPerson('Alice')
const bob = await createTestPerson('Bob')
const message = (author: TestPerson, text: string) => seal(author, messageEntry(text))

describe('describeRefusal', () => {
  it('says what the relay said, plainly and with grouped digits', () => {
    expect(describeRefusal(4413, TOO_LARGE)).toBe('too large (entry of 5,123 bytes over 2,048)')
    expect(describeRefusal(4403, 'forbidden update: deletions are not allowed')).toBe(
      'not allowed (deletions are not allowed)',
    )
    expect(describeRefusal(4424, 'missing dependency: it depends on entries the relay refused')).toBe(
      'missing earlier entries (it depends on entries the relay refused)',
    )
    expect(describeRefusal(4400, '')).toBe('malformed')
    expect(describeRefusal(4499, 'odd: something new')).toBe('odd (something new)')
    expect(describeRefusal(null, 'Too large to send: 17 KiB of 16 KiB allowed per entry.')).toBe(
      'Too large to send: 17 KiB of 16 KiB allowed per entry.',
    )
  })
})

describe('refusedNote', () => {
  it('gives the reason for the entry that broke the rule, and says the others came with or after it', () => {
    expect(refusedNote({ code: 4413, reason: TOO_LARGE, offending: true })).toBe(
      'Not sent: the relay refused it — too large (entry of 5,123 bytes over 2,048)',
    )
    expect(refusedNote({ code: 4413, reason: TOO_LARGE, offending: false })).toBe(
      `Not sent: the relay refused it — ${REFUSED_AFTER_ANOTHER}`,
    )
    expect(
      refusedNote({
        code: 4424,
        reason: 'missing dependency: what it depends on never arrived',
        offending: false,
      }),
    ).toBe('Not sent: the relay refused it — missing earlier entries (what it depends on never arrived)')
  })
})

describe('bannerText', () => {
  it('counts my refused messages and lists the reasons of the entries that broke a rule', async () => {
    const text = bannerText(
      [
        { code: 4413, reason: TOO_LARGE, offending: true, value: await message(alice, 'big') },
        { code: 4413, reason: TOO_LARGE, offending: false, value: await message(alice, 'after') },
        { code: 4413, reason: TOO_LARGE, offending: false, value: await message(bob, 'relayed') },
      ],
      alice.key,
    )
    expect(text).toEqual({
      heading: 'The relay refused 2 of your messages',
      reasons: ['too large (entry of 5,123 bytes over 2,048)'],
    })
  })

  it('counts entries when none of them is a message of mine', async () => {
    const reaction = await seal(alice, reactionEntry({ target: 'id-y', emoji: '👍', on: true }))
    const reason = 'missing dependency: it depends on entries the relay refused'
    expect(bannerText([{ code: 4424, reason, offending: false, value: reaction }], alice.key)).toEqual({
      heading: 'The relay refused 1 entry from this device',
      reasons: ['missing earlier entries (it depends on entries the relay refused)'],
    })
  })
})

describe('entryText', () => {
  it('shows a message by its text and anything else by what it is', async () => {
    expect(entryText(await message(alice, 'hello'))).toBe('hello')
    expect(entryText(await seal(alice, titleEntry('Plans')))).toBe('Room title: Plans')
    expect(entryText({ junk: 'y'.repeat(400) })).toHaveLength(301)
    expect(entryText(undefined)).toBe('undefined')
  })
})
