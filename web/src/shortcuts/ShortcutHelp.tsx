import { Dialog } from '../ui/Dialog'
import { keyName, SHORTCUTS } from './keymap'

const MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform)

/** The help sheet: every keyboard shortcut and what it does. */
export function ShortcutHelp({ onClose }: { onClose(): void }) {
  return (
    <Dialog title="Keyboard shortcuts" className="shortcut-help" onClose={onClose}>
      <table>
        <tbody>
          {SHORTCUTS.map((shortcut) => (
            <tr key={shortcut.does}>
              <td>
                {shortcut.keys.map((key, i) => (
                  <span key={key}>
                    {i > 0 ? ' + ' : null}
                    <kbd>{keyName(key, MAC)}</kbd>
                  </span>
                ))}
              </td>
              <td>{shortcut.does}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="dialog" className="dialog-actions">
        <button type="submit">Close</button>
      </form>
    </Dialog>
  )
}
