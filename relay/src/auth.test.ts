import { describe, expect, it } from 'vitest'
import { checkGrant, mintToken, policyFrom, tokenOf, verifyToken } from './auth.js'

const policy = policyFrom('s'.repeat(32), false)
const privatePolicy = policyFrom('s'.repeat(32), true)
const secret = policy.secret as Uint8Array
const DAY_MS = 86_400_000

describe('access tokens', () => {
  it('grants the rooms a token names, or every room', async () => {
    const token = await mintToken(secret, { rooms: ['team'], create: false }, 30)
    const grant = await verifyToken(token, secret)
    expect(grant).toEqual({ rooms: ['team'], create: false })
    if (typeof grant === 'string') throw new Error(grant)
    expect(checkGrant(grant, 'team', true, policy)).toBeNull()
    expect(checkGrant(grant, 'other', true, policy)).toBe('token is not for this room')
    const any = await verifyToken(await mintToken(secret, { rooms: '*', create: false }, 1), secret)
    expect(typeof any !== 'string' && checkGrant(any, 'anything', true, policy)).toBeNull()
  })

  it('refuses an expired token and one signed with another secret', async () => {
    const now = Date.now()
    const token = await mintToken(secret, { rooms: '*', create: false }, 1, now)
    expect(await verifyToken(token, secret, now + 2 * DAY_MS)).toBe('token expired')
    const foreign = await mintToken(
      new TextEncoder().encode('t'.repeat(32)),
      { rooms: '*', create: false },
      1,
    )
    expect(await verifyToken(foreign, secret)).toBe('token not signed by this relay')
    expect(await verifyToken('not.a.jwt', secret)).toBe('token not valid')
  })

  it('lets only tokens with the create right open new rooms on a private relay', async () => {
    const member = await verifyToken(await mintToken(secret, { rooms: '*', create: false }, 1), secret)
    const creator = await verifyToken(await mintToken(secret, { rooms: '*', create: true }, 1), secret)
    if (typeof member === 'string' || typeof creator === 'string') throw new Error('tokens')
    expect(checkGrant(member, 'new-room', false, privatePolicy)).toBe(
      'only invited people may create rooms here',
    )
    expect(checkGrant(member, 'old-room', true, privatePolicy)).toBeNull()
    expect(checkGrant(creator, 'new-room', false, privatePolicy)).toBeNull()
    expect(checkGrant(member, 'new-room', false, policy)).toBeNull()
  })

  it('reads a token from the URL or a bearer header, and refuses days out of range', async () => {
    expect(tokenOf('/room?token=abc', undefined)).toBe('abc')
    expect(tokenOf('/room', 'Bearer xyz')).toBe('xyz')
    expect(tokenOf('/room', undefined)).toBeNull()
    await expect(mintToken(secret, { rooms: '*', create: false }, 0)).rejects.toThrow(RangeError)
  })
})
