import type { LookupAddress } from 'node:dns'
import { describe, expect, it } from 'vitest'
import { endpointRefusal, publicOnlyLookup, type ResolveAll } from './endpointLookup.js'

/** A resolver that answers every name with `addresses` (the DNS seam: no network needed). */
const answering =
  (...addresses: string[]): ResolveAll =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))

const failing: ResolveAll = async () => {
  throw Object.assign(new Error('no such host'), { code: 'ENOTFOUND' })
}

function lookUp(resolve: ResolveAll, all: boolean) {
  return new Promise<{ error: NodeJS.ErrnoException | null; address: string | LookupAddress[] }>((done) =>
    publicOnlyLookup(resolve)('push.example', { all }, (error, address) => done({ error, address })),
  )
}

describe('endpointRefusal', () => {
  it('judges an address in the URL as it is, IPv6 brackets and all', async () => {
    expect(await endpointRefusal(new URL('https://[::1]/x'), failing)).toBe('endpoint is a loopback address')
    expect(await endpointRefusal(new URL('https://10.0.0.7/x'), failing)).toBe(
      'endpoint is a private address',
    )
    expect(await endpointRefusal(new URL('https://[2606:4700::1111]/x'), failing)).toBeNull()
  })

  it('refuses a name if any address it resolves to is not public', async () => {
    const url = new URL('https://push.example/x')
    expect(await endpointRefusal(url, answering('142.250.74.10', '2a00:1450::1'))).toBeNull()
    expect(await endpointRefusal(url, answering('142.250.74.10', '192.168.0.3'))).toBe(
      'endpoint host resolves to a private address',
    )
    expect(await endpointRefusal(url, answering('fd12::1'))).toBe(
      'endpoint host resolves to a unique-local address',
    )
    expect(await endpointRefusal(url, failing)).toBe('endpoint host does not resolve')
    expect(await endpointRefusal(url, answering())).toBe('endpoint host does not resolve')
  })
})

describe('publicOnlyLookup', () => {
  it('hands over public addresses, one or all as asked', async () => {
    expect(await lookUp(answering('142.250.74.10'), false)).toEqual({ error: null, address: '142.250.74.10' })
    expect(await lookUp(answering('142.250.74.10', '2a00:1450::1'), true)).toEqual({
      error: null,
      address: [
        { address: '142.250.74.10', family: 4 },
        { address: '2a00:1450::1', family: 6 },
      ],
    })
  })

  it('fails when the name now resolves to an address that is not public', async () => {
    const { error } = await lookUp(answering('169.254.169.254'), false)
    expect(error).toMatchObject({
      code: 'EPUSHREFUSED',
      message: 'endpoint host resolves to a link-local address',
    })
  })
})
