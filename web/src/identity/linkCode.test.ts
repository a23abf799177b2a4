import { describe, expect, it } from 'vitest'
import { createLinkCode, normalizeLinkCode } from './linkCode'

describe('link codes', () => {
  it('are 12 readable characters in 3 groups, different every time', () => {
    const codes = new Set(Array.from({ length: 200 }, createLinkCode))
    expect(codes.size).toBe(200)
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){2}$/)
  })

  it('forgive case, spaces, dashes and letters that look like digits', () => {
    expect(normalizeLinkCode(' k7qm 4txp-9hdw ')).toBe('K7QM-4TXP-9HDW')
    expect(normalizeLinkCode('K7QM-4TXP-9HDO')).toBe('K7QM-4TXP-9HD0')
    expect(normalizeLinkCode('I1L1-0000-0000')).toBe('1111-0000-0000')
    expect(normalizeLinkCode('K7QM-4TXP')).toBeNull()
    expect(normalizeLinkCode('K7QM-4TXP-9HDU')).toBeNull()
  })
})
