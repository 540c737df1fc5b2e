#!/usr/bin/env node
// The command line's entry. It checks the Node that runs it before anything else loads: the action runs on the
// Node 24 that action.yml names, but a command line starts on whatever `node` a machine has, and on an older one the
// bounds in time that the run relies on do not all hold (Node 20 let a request that was never answered wait for
// ever). So this file imports nothing, and the command line itself loads only once the check has passed.

/** The oldest Node major the command line runs on: package.json's `engines` (a test keeps the two the same). */
const NODE_MAJOR_NEEDED = 24

const running = process.versions.node
if (Number(running.split('.')[0]) < NODE_MAJOR_NEEDED) {
  process.stderr.write(
    `velero-multiarch-build needs Node.js ${NODE_MAJOR_NEEDED} or later, and this is Node.js ${running} (${process.execPath}). ` +
      `Install Node.js ${NODE_MAJOR_NEEDED} (https://nodejs.org/en/download, or: nvm install ${NODE_MAJOR_NEEDED}) and run the command line with it.\n`
  )
  process.exitCode = 1
} else {
  await import('./command-line.js')
}
