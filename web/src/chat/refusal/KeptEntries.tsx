import { useId } from 'react'
import { describeRefusal, entryText } from './refusalText'
import type { KeptEntry } from './refusedArchive'
import './refusal.css'

/** The entries a repair kept on this device because the relay refused them, with why. */
export function KeptEntries({ kept, onExport }: { kept: readonly KeptEntry[]; onExport(): void }) {
  const headingId = useId()
  return (
    <section className="kept-entries" aria-labelledby={headingId}>
      <div className="kept-header">
        <h2 id={headingId}>Refused by the relay, kept on this device</h2>
        <button type="button" onClick={onExport}>
          Export
        </button>
      </div>
      <ul>
        {kept.map((entry) => (
          <li key={`${entry.logId.client}.${entry.logId.clock}`}>
            <p className="kept-reason">Refused: {describeRefusal(entry.code, entry.reason)}</p>
            <p className="kept-text">{entryText(entry.value)}</p>
          </li>
        ))}
      </ul>
    </section>
  )
}
