// Runs the durability rounds against Parley and turns them into report lines.
import { type DurabilityRound, type KillMoment, runDurabilityRound } from './durability.js'
import type { ProcessGroup, RelaySpec } from './processes.js'

const DURABLE_ENTRIES = 500
const ROUNDS_PER_MOMENT = 3
const MOMENTS: KillMoment[] = ['acked', 'forwarded', 'noWait']

export async function runDurability(group: ProcessGroup, progress: (message: string) => void) {
  const spec: RelaySpec = { kind: 'parley', dataDir: group.tempDir('durability') }
  const rounds: DurabilityRound[] = []
  let id = 0
  for (const moment of MOMENTS) {
    progress(`durability: SIGKILL ${moment}`)
    for (let round = 0; round < ROUNDS_PER_MOMENT; round++) {
      rounds.push(await runDurabilityRound(group, spec, moment, DURABLE_ENTRIES, id++))
    }
  }
  return rounds
}

const DESCRIPTIONS: Record<KillMoment, string> = {
  acked: 'SIGKILL after the durable ack covering all N',
  forwarded: 'SIGKILL once a peer had received all N (no ack wait)',
  noWait: 'SIGKILL right after the last send (no wait at all)',
}

export function durabilityRows(rounds: readonly DurabilityRound[]): string[] {
  return MOMENTS.map((moment) => {
    const mine = rounds.filter((round) => round.moment === moment)
    const survived = mine.map((round) => `${round.survived}/${round.written}`).join(', ')
    const waited = mine.map((round) => round.waitedMs.toFixed(0)).join(', ')
    const verdict =
      moment === 'acked'
        ? mine.every((round) => round.survived === round.written)
          ? '  OK'
          : '  FAIL: acked entries lost'
        : ''
    return `${DESCRIPTIONS[moment].padEnd(54)} survived ${survived}  (waited ms: ${waited})${verdict}`
  })
}
