// `npm run bench:calls`, relay half: the relay's CPU per signalling message (against the cheapest
// message there is, a presence query, in the same run), and the push fan-out of one mention in a
// room of 200 subscribed devices that are not connected, to a real push service on loopback that
// checks each VAPID JWT and decrypts each payload (pushService.ts, in this process).
import os from 'node:os'
import {
  encodeAwareness,
  encodeAwarenessEntries,
  encodeDurableSubscribe,
  encodeSignal,
  encodeSignalSubscribe,
  MESSAGE_DURABLE,
  MESSAGE_SIGNAL,
  MESSAGE_SIGNAL_UNDELIVERED,
} from '@parley/protocol'
import { openPushSubscriptions } from '../src/push/subscriptions.js'
import { connectClient } from '../test/client.js'
import { startPushService } from '../test/pushService.js'
import { openRaw, type RawSocket } from '../test/rawSocket.js'
import { makeDataDir, startRelay } from '../test/relayProcess.js'
import { waitFor } from '../test/waitFor.js'
import { median, processCpuMs } from './stats.js'

const SENDERS = 100
/** Several addressees, so no one reader's unsent data reaches the relay's 4 MiB per connection. */
const RECEIVERS = 10
/** Each sender stays within the relay's signal burst (200), so none is refused. */
const SIGNALS_PER_SENDER = 200
const ROUNDS = 3
const DEVICES = 200
const FANOUT_ROUNDS = 5
const WAIT_MS = 120_000
/** A typical trickled ICE candidate. */
const CANDIDATE =
  '{"kind":"candidate","candidate":{"candidate":"candidate:842163049 1 udp 1677729535 192.0.2.10 61543 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag 4ZcD network-cost 999","sdpMid":"0","sdpMLineIndex":0}}'
/** The baseline: the cheapest message that gets a small answer (the durable state vector). */
const DURABLE_SUBSCRIBE = encodeDurableSubscribe()

async function peer(url: string, room: string, clientId: number): Promise<RawSocket> {
  const socket = await openRaw(url, room)
  socket.send(encodeAwareness(encodeAwarenessEntries([{ clientId, clock: 1, json: '{"user":{}}' }])))
  socket.send(encodeSignalSubscribe())
  return socket
}

async function signallingCpu(): Promise<{ signalUs: number[]; baselineUs: number[] }> {
  const relay = await startRelay()
  const pid = relay.child.pid ?? 0
  try {
    const receivers = await Promise.all(
      Array.from({ length: RECEIVERS }, (_, i) => peer(relay.url, 'bench', 1 + i)),
    )
    const senders = await Promise.all(
      Array.from({ length: SENDERS }, (_, i) => peer(relay.url, 'bench', 100 + i)),
    )
    const delivered = () =>
      receivers.reduce((sum, r) => sum + r.frames.filter((f) => f[0] === MESSAGE_SIGNAL).length, 0)
    const refused = () =>
      senders.reduce((sum, s) => sum + s.frames.filter((f) => f[0] === MESSAGE_SIGNAL_UNDELIVERED).length, 0)
    await waitFor(() => receivers.every((r) => r.frames.length >= 1), WAIT_MS, 'presence')
    const signalUs: number[] = []
    const baselineUs: number[] = []
    for (let round = 0; round < ROUNDS; round++) {
      // The signal budget refills at 50/s: a full burst again after 4 s.
      await new Promise((resolve) => setTimeout(resolve, 4_500))
      const before = delivered() + refused()
      let cpu = processCpuMs(pid)
      for (const [i, sender] of senders.entries()) {
        const own = encodeSignal({ from: 100 + i, to: 1 + (i % RECEIVERS), payload: CANDIDATE })
        for (let n = 0; n < SIGNALS_PER_SENDER; n++) sender.send(own)
      }
      const total = SENDERS * SIGNALS_PER_SENDER
      await waitFor(() => delivered() + refused() - before >= total, WAIT_MS, 'every signal answered')
      if (refused() > 0) throw new Error(`${refused()} signals refused: the bench went over the relay's rate`)
      signalUs.push(((processCpuMs(pid) - cpu) * 1000) / total)
      // The baseline: as many durable subscriptions, each answered with a small frame.
      const answered = () =>
        senders.reduce((sum, s) => sum + s.frames.filter((f) => f[0] === MESSAGE_DURABLE).length, 0)
      const start = answered()
      cpu = processCpuMs(pid)
      for (const sender of senders)
        for (let n = 0; n < SIGNALS_PER_SENDER; n++) sender.send(DURABLE_SUBSCRIBE)
      await waitFor(() => answered() - start >= total, WAIT_MS, 'every subscription answered')
      baselineUs.push(((processCpuMs(pid) - cpu) * 1000) / total)
    }
    for (const socket of [...receivers, ...senders]) socket.ws.close()
    return { signalUs, baselineUs }
  } finally {
    await relay.stop()
  }
}

async function pushFanout(devices: number): Promise<number[]> {
  const service = await startPushService()
  const dataDir = makeDataDir()
  // Subscribed straight into the relay's push store before it starts (the HTTP API is rate-limited
  // per address, and 200 devices would all come from this one).
  const store = openPushSubscriptions(dataDir)
  for (let i = 0; i < devices; i++) {
    const { subscription } = service.subscriber(`device-${i}`)
    store.save({
      endpoint: subscription.endpoint,
      p256dh: subscription.keys.p256dh,
      auth: subscription.keys.auth,
      device: `bench-device-${String(i).padStart(6, '0')}`,
      key: 'k'.repeat(43),
      rooms: new Map([['big', 'mentions']]),
    })
  }
  store.close()
  const relay = await startRelay({ dataDir, args: ['--insecure-push-endpoints'] })
  const times: number[] = []
  try {
    const author = connectClient(relay.url, 'big', { durable: true })
    await author.synced()
    for (let round = 0; round < FANOUT_ROUNDS; round++) {
      // The per-device push budget (burst 20) holds the rounds.
      const before = service.received.length
      const started = performance.now()
      author.append(`@everyone round ${round}`)
      await waitFor(() => service.received.length - before >= devices, WAIT_MS, 'every device pushed')
      times.push(performance.now() - started)
    }
    if (service.problems.length > 0) throw new Error(`push service problems: ${service.problems.join('; ')}`)
    author.destroy()
    return times
  } finally {
    await relay.stop()
    await service.close()
  }
}

const fmt = (values: number[]) =>
  `${median(values).toFixed(1)} (min ${Math.min(...values).toFixed(1)}, max ${Math.max(...values).toFixed(1)})`

async function main() {
  console.log(
    `relay half of bench:calls — ${os.cpus().length} cores, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  )
  const { signalUs, baselineUs } = await signallingCpu()
  console.log(
    `relay CPU per signal, ${SENDERS * SIGNALS_PER_SENDER} per round (µs, median of ${ROUNDS}): ${fmt(signalUs)}`,
  )
  console.log(`relay CPU per durable subscription answered, baseline (µs): ${fmt(baselineUs)}`)
  const one = await pushFanout(1)
  const many = await pushFanout(DEVICES)
  console.log(
    `push fan-out, a mention to 1 device, append to push decrypted (ms, median of ${FANOUT_ROUNDS}): ${fmt(one)}`,
  )
  console.log(
    `push fan-out, a mention to ${DEVICES} devices, append to the last push decrypted (ms): ${fmt(many)}`,
  )
  console.log(
    `load after: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (the machine is shared)`,
  )
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
