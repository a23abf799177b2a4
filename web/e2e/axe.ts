// axe-core, run inside the page. The relay's CSP allows no inline script, so axe's source is not
// added as a <script> tag: it is evaluated through the DevTools protocol (Playwright's evaluate),
// which CSP does not govern, and the pages keep their real CSP (the other tests check it).
import fs from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

interface Violation {
  id: string
  impact: string | null
  help: string
  nodes: { target: unknown[] }[]
}

/** Serious and critical violations on the page as it is now, one line each, prefixed with `where`. */
export async function seriousViolations(page: Page, where: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE)
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<unknown> } })
      .axe
    const results = (await axe.run(document, { resultTypes: ['violations'] })) as {
      violations: Violation[]
      passes: unknown[]
    }
    // An audit that checked nothing (axe not loaded as expected) must not pass as clean.
    if (results.passes.length === 0) throw new Error('axe checked no rule')
    return results.violations
  })
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${where}: ${violation.id} (${violation.impact}) ${violation.help} at ${violation.nodes
          .slice(0, 3)
          .map((node) => JSON.stringify(node.target))
          .join(', ')}`,
    )
}
