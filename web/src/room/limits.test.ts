import { describe, expect, it } from 'vitest'
import {
  checkEntrySize,
  checkMessageText,
  checkTitle,
  entryByteLength,
  MAX_ENTRY_BYTES,
  MAX_TEXT_CHARS,
} from './limits'

describe('limits', () => {
  it('accepts a normal message and refuses empty ones', () => {
    expect(checkMessageText('hello')).toBeNull()
    expect(checkMessageText(' \n ')).toBe('Message is empty.')
  })

  it('says how long a too long message is', () => {
    expect(checkMessageText('x'.repeat(MAX_TEXT_CHARS))).toBeNull()
    expect(checkMessageText('x'.repeat(MAX_TEXT_CHARS + 1))).toBe(
      'Message is too long: 4,001 of 4,000 characters.',
    )
  })

  it('counts characters, not UTF-16 units', () => {
    expect(checkMessageText('😀'.repeat(MAX_TEXT_CHARS))).toBeNull()
  })

  it('measures entries as UTF-8 JSON, like the relay', () => {
    expect(entryByteLength({ t: 'é' })).toBe(10)
    expect(checkEntrySize({ t: 'x'.repeat(MAX_ENTRY_BYTES) })).toMatch(/^Too large to send: 17 KiB of 16 KiB/)
    expect(checkEntrySize({ t: 'x' })).toBeNull()
  })

  it('bounds titles', () => {
    expect(checkTitle('Plans')).toBeNull()
    expect(checkTitle('x'.repeat(201))).toBe('Title is too long: 201 of 200 characters.')
  })
})
