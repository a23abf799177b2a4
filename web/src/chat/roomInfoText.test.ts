import { describe, expect, it } from 'vitest'
import { ignoredLines, verificationLine } from './roomInfoText'

const clean = { badSignature: 0, unsigned: 0, wrongAuthor: 0, duplicate: 0 }

describe('room info', () => {
  it('names each reason something was ignored, with its count', () => {
    expect(ignoredLines({ pending: 0, ignored: clean })).toEqual([])
    expect(
      ignoredLines({ pending: 0, ignored: { ...clean, badSignature: 3, wrongAuthor: 1, duplicate: 1200 } }),
    ).toEqual([
      '3 entries ignored: bad signature',
      '1 entry ignored: change by someone other than the author',
      '1,200 entries ignored: replayed copy',
    ])
  })

  it('says whether every entry is verified yet', () => {
    expect(verificationLine({ pending: 1, ignored: clean })).toBe('Verifying 1 entry…')
    expect(verificationLine({ pending: 0, ignored: clean })).toBe('Every entry verified')
  })
})
