import { describe, expect, it } from 'vitest'
import { authorizationHeader, tokenFromHash } from './accessToken'

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJyb29tcyI6IioifQ.c2lnbmF0dXJl'

describe('access token links', () => {
  it('reads a JWT from #token=', () => {
    expect(tokenFromHash(`#token=${JWT}`)).toBe(JWT)
  })

  it('ignores fragments that are not a token (entry ids, sealed identities, junk)', () => {
    expect(tokenFromHash('#g4yOq5kAExwZ06ryzWSMW1')).toBeNull()
    expect(tokenFromHash('#token=not-a-jwt')).toBeNull()
    expect(tokenFromHash(`#token=${JWT}&x=<script>`)).toBeNull()
    expect(tokenFromHash(`#token=${'a'.repeat(5000)}.b.c`)).toBeNull()
  })

  it('sends a token as a bearer header, and nothing without one', () => {
    expect(authorizationHeader(JWT)).toEqual({ Authorization: `Bearer ${JWT}` })
    expect(authorizationHeader(null)).toEqual({})
  })
})
