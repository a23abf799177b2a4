import { describe, expect, it } from 'vitest'
import { addressRefusal } from './endpointAddress.js'

describe('addressRefusal', () => {
  it('accepts public IPv4 and IPv6 addresses', () => {
    for (const address of [
      '8.8.8.8',
      '142.250.74.10',
      '172.32.0.1',
      '2a00:1450:4001:80e::200a',
      '2606:4700::1111',
    ])
      expect(addressRefusal(address), address).toBeNull()
  })

  it('refuses loopback, unspecified, private, link-local and unique-local addresses', () => {
    const cases: Array<[string, string]> = [
      ['127.0.0.1', 'a loopback address'],
      ['127.255.0.9', 'a loopback address'],
      ['::1', 'a loopback address'],
      ['0.0.0.0', 'an unspecified address'],
      ['::', 'an unspecified address'],
      ['10.1.2.3', 'a private address'],
      ['172.16.0.1', 'a private address'],
      ['172.31.255.254', 'a private address'],
      ['192.168.1.10', 'a private address'],
      ['100.64.0.1', 'a private address'],
      ['169.254.169.254', 'a link-local address'],
      ['fe80::1', 'a link-local address'],
      ['febf:ffff::1', 'a link-local address'],
      ['fd00::1', 'a unique-local address'],
      ['fc12:3456::1', 'a unique-local address'],
      ['224.0.0.1', 'a reserved address'],
      ['255.255.255.255', 'a reserved address'],
      ['ff02::1', 'a reserved address'],
    ]
    for (const [address, why] of cases) expect(addressRefusal(address), address).toBe(why)
  })

  it('sees through IPv6 forms that carry an IPv4 address', () => {
    expect(addressRefusal('::ffff:127.0.0.1')).toBe('a loopback address')
    expect(addressRefusal('::ffff:a00:1')).toBe('a private address')
    expect(addressRefusal('64:ff9b::a9fe:a9fe')).toBe('a link-local address')
    expect(addressRefusal('64:ff9b::192.168.0.1')).toBe('a private address')
    expect(addressRefusal('2002:7f00:1::1')).toBe('a loopback address')
    expect(addressRefusal('::ffff:8.8.8.8')).toBeNull()
    expect(addressRefusal('64:ff9b::808:808')).toBeNull()
  })

  it('refuses what is not an address', () => {
    expect(addressRefusal('localhost')).toBe('not an IP address')
    expect(addressRefusal('')).toBe('not an IP address')
  })
})
