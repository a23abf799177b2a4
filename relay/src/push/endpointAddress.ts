// Which addresses a push endpoint may resolve to. The relay sends requests to whatever URL a device
// gives it, so without this any visitor could make it POST to its own loopback, the private
// network it sits in, or a cloud metadata address (169.254.169.254). Pure: classifies an IP
// address; resolving names is endpointLookup.ts.
import { BlockList, isIP } from 'node:net'

/** Why an address is refused, for each kind of address a push service never has. */
const REFUSED: ReadonlyArray<{ why: string; ipv4?: string[]; ipv6?: string[] }> = [
  { why: 'a loopback address', ipv4: ['127.0.0.0/8'], ipv6: ['::1/128'] },
  { why: 'an unspecified address', ipv4: ['0.0.0.0/8'], ipv6: ['::/128'] },
  {
    why: 'a private address',
    // 100.64/10 is carrier-grade NAT: private to the provider's network.
    ipv4: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'],
  },
  { why: 'a link-local address', ipv4: ['169.254.0.0/16'], ipv6: ['fe80::/10'] },
  { why: 'a unique-local address', ipv6: ['fc00::/7', 'fec0::/10'] },
  {
    why: 'a reserved address',
    // IETF protocol assignments, benchmarking, documentation, multicast, the old class E and broadcast.
    ipv4: [
      '192.0.0.0/24',
      '192.0.2.0/24',
      '198.18.0.0/15',
      '198.51.100.0/24',
      '203.0.113.0/24',
      '224.0.0.0/4',
      '240.0.0.0/4',
    ],
    ipv6: ['ff00::/8', '2001:db8::/32', '100::/64'],
  },
]

const LISTS = REFUSED.map(({ why, ipv4 = [], ipv6 = [] }) => {
  const list = new BlockList()
  for (const subnet of ipv4) addSubnet(list, subnet, 'ipv4')
  for (const subnet of ipv6) addSubnet(list, subnet, 'ipv6')
  return { why, list }
})

function addSubnet(list: BlockList, subnet: string, family: 'ipv4' | 'ipv6'): void {
  const [network = '', prefix = ''] = subnet.split('/')
  list.addSubnet(network, Number(prefix), family)
}

/** 16-bit groups of an IPv6 address (expanded `::`, a dotted IPv4 tail turned into two groups). */
function groupsOf(address: string): number[] {
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address)
  let text = address
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number]
    text = `${address.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head = '', tail] = text.split('::')
  const part = (s: string | undefined) => (s ? s.split(':').map((g) => Number.parseInt(g, 16)) : [])
  const start = part(head)
  const end = part(tail)
  return tail === undefined ? start : [...start, ...new Array(8 - start.length - end.length).fill(0), ...end]
}

/** The IPv4 address an IPv6 one carries (NAT64 64:ff9b::/96, 6to4 2002::/16), if it does. */
function embeddedIpv4(address: string): string | null {
  const g = groupsOf(address)
  const v4 = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return v4(g[6] ?? 0, g[7] ?? 0)
  if (g[0] === 0x2002) return v4(g[1] ?? 0, g[2] ?? 0)
  return null
}

/**
 * Why a push may not be sent to `address` (an IP address, without brackets), or null when it is a
 * public one. IPv4-mapped IPv6 addresses count as the IPv4 address they map.
 */
export function addressRefusal(address: string): string | null {
  const family = isIP(address)
  if (family === 0) return 'not an IP address'
  const type = family === 4 ? 'ipv4' : 'ipv6'
  for (const { why, list } of LISTS) if (list.check(address, type)) return why
  const embedded = family === 6 ? embeddedIpv4(address) : null
  return embedded === null ? null : addressRefusal(embedded)
}
