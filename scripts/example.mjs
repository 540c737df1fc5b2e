// npm run example: builds examples/ for linux/amd64 and windows/amd64 (ltsc2022) to tarballs in examples/_output
// with the command line, then says where they are. The builder: the one named (--buildx-instance, or
// BUILDX_INSTANCE); else, as root with the toolset scripts/setup.sh installed, a BuildKit of the run's own
// (--local-builder, removed afterwards); else the one the command line asks docker to create.
// Extra arguments go to the command line: npm run example -- --dry-run
import { spawn } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const examples = path.join(root, 'examples')
const extra = process.argv.slice(2)
const named =
  extra.some((arg) => arg === '--buildx-instance' || arg.startsWith('--buildx-instance=') || arg.startsWith('--local-builder')) || !!process.env.BUILDX_INSTANCE
const toolset = path.join(root, '.cache/toolsets/newest')
const local = !named && process.getuid?.() === 0 && existsSync(path.join(toolset, 'bin/buildkitd'))
const args = [path.join(root, 'dist/cli/index.js'), '--output-type', 'tar', '--os', 'linux,windows', ...(local ? ['--local-builder'] : []), ...extra]

const child = spawn(process.execPath, args, { cwd: examples, stdio: ['inherit', 'pipe', 'inherit'] })
let stdout = ''
child.stdout.on('data', (chunk) => (stdout += chunk))
const code = await new Promise((resolve) => child.on('close', (exitCode, signal) => resolve(exitCode ?? (signal ? 130 : 1))))
if (code !== 0) {
  if (!local && !named && process.getuid?.() !== 0)
    console.error(
      'example: with no builder named, run it as root after scripts/setup.sh (it then starts a BuildKit of its own), or name one: BUILDX_INSTANCE=<builder> npm run example'
    )
  process.exit(code)
}
const outputs = JSON.parse(stdout)
if (extra.includes('--dry-run')) {
  console.log(`example: a dry run; a run writes ${outputs.tarballs.map((file) => path.join('examples', file)).join(' and ')}`)
} else {
  console.log('example: the images, one tarball per platform:')
  for (const file of outputs.tarballs) {
    const full = path.join(examples, file)
    if (!existsSync(full)) throw new Error(`example: ${full} was not written`)
    console.log(`  ${path.relative(process.cwd(), full)} (${(statSync(full).size / 1e6).toFixed(1)} MB)`)
  }
}
