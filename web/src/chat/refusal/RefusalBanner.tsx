import { useId } from 'react'
import type { BannerText } from './refusalText'
import type { RepairPhase } from './useRefusals'
import './refusal.css'

interface RefusalBannerProps {
  text: BannerText
  phase: RepairPhase
  problem: string | null
  canRepair: boolean
  onExport(): void
  onRepair(): void
}

const PHASE_TEXT: Record<RepairPhase, string> = {
  idle: '',
  repairing: 'Repairing this room…',
  waiting: 'Close this room in your other tabs to finish the repair.',
}

/** The room's notice that the relay refused this device's entries, with what the person can do. */
export function RefusalBanner({ text, phase, problem, canRepair, onExport, onRepair }: RefusalBannerProps) {
  const headingId = useId()
  return (
    <section className="refusal-banner" aria-labelledby={headingId}>
      <h2 id={headingId}>{text.heading}</h2>
      <p>Why: {text.reasons.join('; ')}.</p>
      <p>
        Anything else this device writes here would be refused too. Repairing rebuilds this device’s copy of
        the room from the relay: the refused messages stay readable on this device, and everything else you
        wrote is sent again.
      </p>
      <div className="refusal-actions">
        <button type="button" onClick={onExport}>
          Export
        </button>
        <button
          type="button"
          className="primary"
          onClick={onRepair}
          disabled={phase !== 'idle' || !canRepair}
        >
          Repair this room
        </button>
        <span className="refusal-progress" aria-live="polite">
          {phase === 'idle' ? problem : PHASE_TEXT[phase]}
        </span>
      </div>
    </section>
  )
}
