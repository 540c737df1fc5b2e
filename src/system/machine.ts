// The machine the action runs on: its architecture (the one platform a `docker` output builds) and how many of its
// CPUs sat idle lately (for `max-parallel: auto` when the builder runs here).
import os from 'node:os'
import { LinuxArchitecture, linuxArchitectureOf } from '../shared/platforms.js'

export interface CpuMonitor {
  /** CPUs idle on average over the last `seconds`; undefined until that much has been watched. */
  idleCpus(seconds: number): number | undefined
  stop(): void
}

export interface Machine {
  /** This machine's architecture as buildx names it; undefined for one buildx does not build for. */
  readonly arch: LinuxArchitecture | undefined
  /** Node's name of it, for the message when buildx has none. */
  readonly nodeArch: string
  readonly cpuCount: number
  /** Starts watching the CPUs. */
  watchCpus(): CpuMonitor
}

interface Sample {
  at: number
  idle: number
  total: number
}

function sample(): Sample {
  let idle = 0
  let total = 0
  for (const cpu of os.cpus()) {
    idle += cpu.times.idle
    total += cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.idle + cpu.times.irq
  }
  return { at: Date.now(), idle, total }
}

/** Reads the CPU times every `intervalMs`, keeping a minute of them. */
export function watchCpus(intervalMs = 500): CpuMonitor {
  const samples: Sample[] = [sample()]
  const timer = setInterval(() => {
    samples.push(sample())
    while (samples.length > 2 && samples[1].at < Date.now() - 60_000) samples.shift()
  }, intervalMs)
  timer.unref()
  const cpus = os.cpus().length
  return {
    idleCpus(seconds) {
      const now = samples[samples.length - 1]
      const then = [...samples].reverse().find((s) => s.at <= now.at - seconds * 1000)
      if (!then || now.total === then.total) return undefined
      return ((now.idle - then.idle) / (now.total - then.total)) * cpus
    },
    stop: () => clearInterval(timer)
  }
}

export const thisMachine: Machine = {
  arch: linuxArchitectureOf(process.arch),
  nodeArch: process.arch,
  cpuCount: os.cpus().length,
  watchCpus: () => watchCpus()
}
