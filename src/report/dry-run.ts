// What a dry run prints: every command the plan would run, in order, with placeholders for what only the builds
// can tell (digests, the Windows os.version).
import {
  buildxVersionCommand,
  createBuilderCommand,
  imagetoolsConfigCommand,
  imagetoolsCreateCommand,
  imagetoolsInspectCommand,
  inspectBuilderCommand,
  manifestInspectCommand,
  removeBuilderCommand
} from '../plan/commands.js'
import { registryConfigBuilder, ListEntry, Plan } from '../plan/plan.js'
import { annotateCommands, listCommands } from '../publish/publish.js'
import { indexSources } from '../publish/publish-index.js'
import { digestPlaceholder, OS_VERSION_PLACEHOLDER } from './report.js'
import type { PlatformResult } from '../split/results.js'

/** What the legs reported of one platform, as a merge's dry run knows it from their results. */
interface KnownPlatform {
  index: string
  image: string
  attestation?: string
  osVersion?: string
}

function knownPlatforms(results: PlatformResult[]): Map<string, KnownPlatform> {
  return new Map(
    results.map((result) => {
      const digestOf = (kind: string): string | undefined => result.manifests.find((m) => m.kind === kind)?.digest
      return [result.platform, { index: result.digest ?? '', image: digestOf('image') ?? result.digest ?? '', attestation: digestOf('attestation'), osVersion: result['os.version'] ?? undefined }]
    })
  )
}

/** What a merge would publish from the legs' results: each list tag, and each entry's digest (and os.version). */
export function describeMergePreview(plan: Plan, results: PlatformResult[]): string[] {
  const known = knownPlatforms(results)
  return plan.lists.map((list) => {
    const entries = list.entries.map((entry) => {
      const platform = known.get(entry.targetId)
      return `${entry.targetId} ${platform?.image ?? '?'}${platform?.osVersion ? ` (os.version ${platform.osVersion})` : ''}`
    })
    return `Would publish ${list.ref}: ${entries.join(', ')}`
  })
}

/**
 * Every command the plan would run, in order, as the dry run prints them; the digests and os.version a merge's
 * legs reported (`results`) stand where a run would know them.
 */
export function plannedCommands(plan: Plan, results: PlatformResult[] = []): string[][] {
  const known = knownPlatforms(results)
  const indexOf = (id: string): string => known.get(id)?.index || digestPlaceholder(id)
  // Without attestations a platform pushes its image alone: the index an OCI list takes it from is the image.
  const imageOf = (id: string): string => known.get(id)?.image || (plan.attested ? `<image of ${id}>` : indexOf(id))
  const osVersionOf = (id: string): string => known.get(id)?.osVersion ?? OS_VERSION_PLACEHOLDER
  const facts = { digest: (entry: ListEntry) => (known.has(entry.targetId) ? imageOf(entry.targetId) : digestPlaceholder(entry.targetId)), osVersion: (entry: ListEntry) => osVersionOf(entry.targetId), byDigest: plan.role === 'merge' }
  const { name: builder, createUnstarted } = registryConfigBuilder(plan)
  const publishing = plan.ociIndex && plan.outputType === 'registry'
  // For OCI indexes each platform's push is read (an attested index: its image, a Windows image's config, its
  // attestation manifest; an image: its config), then the lists are made with imagetools.
  const readIndexes = publishing
    ? plan.targets.flatMap((t) => [
        imagetoolsInspectCommand(builder, `${plan.image}@${indexOf(t.id)}`),
        ...(!plan.attested || t.platform.os === 'windows' ? [imagetoolsConfigCommand(builder, `${plan.image}@${imageOf(t.id)}`)] : []),
        ...(plan.attested ? [imagetoolsInspectCommand(builder, `${plan.image}@${known.get(t.id)?.attestation ?? `<attestation of ${t.id}>`}`)] : [])
      ])
    : []
  const attested = new Map(
    plan.targets.map((t) => [t.id, { index: indexOf(t.id), image: { digest: imageOf(t.id), platform: { architecture: t.platform.arch, os: t.platform.os, 'os.version': osVersionOf(t.id) } } }])
  )
  // Just before each push, what the tag holds now (revision-guard.ts).
  const readTag = (ref: string): string[] => imagetoolsConfigCommand(builder, ref)
  const lists = plan.ociIndex
    ? plan.lists.flatMap((list) => {
        const sources = indexSources(list, plan.image, attested)
        const create = (dryRun: boolean, ref = list.ref): string[] => imagetoolsCreateCommand(builder, ref, sources, dryRun, plan.indexAnnotations)
        // Signed, a list is first pushed by its digest alone, then signed (no command: Sigstore's and GitHub's APIs).
        const byDigest = `${plan.image}@<digest of ${list.ref}>`
        const signing = plan.sign ? [create(false, byDigest), imagetoolsInspectCommand(builder, byDigest)] : []
        return [create(true), ...signing, readTag(list.ref), create(false), imagetoolsInspectCommand(builder, list.ref)]
      })
    : plan.lists.flatMap((list) => {
        const commands = listCommands(list, plan.insecure, facts)
        return [commands.create, commands.inspectLocal, ...annotateCommands(list, facts), readTag(list.ref), commands.push, commands.readBack]
      })
  if (plan.role === 'merge') {
    const recorded = createUnstarted && plan.lists.length > 0 ? [createBuilderCommand(plan.builder, false)] : []
    return [...(plan.lists.length > 0 ? [buildxVersionCommand(), ...recorded] : []), ...readIndexes, ...lists, ...(recorded.length ? [removeBuilderCommand(plan.builder.name)] : [])]
  }
  const owned = plan.builder.create
  return [
    buildxVersionCommand(),
    ...(owned ? [createBuilderCommand(plan.builder)] : []),
    inspectBuilderCommand(plan.builder.name),
    ...plan.targets.map((target) => target.command),
    ...readIndexes,
    // A leg reads each Windows image's os.version back from the registry.
    ...(plan.role === 'build' && plan.outputType === 'registry' && !plan.ociIndex
      ? plan.targets.filter((t) => t.platform.os === 'windows').map((t) => manifestInspectCommand(`${plan.image}@${digestPlaceholder(t.id)}`, plan.insecure, true))
      : []),
    ...lists,
    ...(owned ? [removeBuilderCommand(plan.builder.name)] : [])
  ]
}
