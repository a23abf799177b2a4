// How a bench script ends: exit 0 once `main` resolves (open browsers and sockets must not keep
// the process alive), or print the error's stack and exit 1.
export function runScript(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
      process.exit(1)
    },
  )
}
