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
} from './commands.js'
import { imagetoolsBuilder, ListEntry, Plan } from './plan.js'
import { listCommands } from './publish.js'
import { indexSources } from './publish-index.js'
import { digestPlaceholder, OS_VERSION_PLACEHOLDER } from './report.js'

/** Every command the plan would run, in order, as the dry run prints them. */
export function plannedCommands(plan: Plan): string[][] {
  const facts = { digest: (entry: ListEntry) => digestPlaceholder(entry.targetId), osVersion: () => OS_VERSION_PLACEHOLDER, byDigest: plan.role === 'merge' }
  const { name: builder, record } = imagetoolsBuilder(plan)
  const publishing = plan.attested && plan.outputType === 'registry'
  // With attestations each platform's index is read (its image, a Windows image's config, its attestation
  // manifest), then the lists are made with imagetools.
  const image = (id: string): string => `<image of ${id}>`
  const readIndexes = publishing
    ? plan.targets.flatMap((t) => [
        imagetoolsInspectCommand(builder, `${plan.image}@${digestPlaceholder(t.id)}`),
        ...(t.platform.os === 'windows' ? [imagetoolsConfigCommand(builder, `${plan.image}@${image(t.id)}`)] : []),
        imagetoolsInspectCommand(builder, `${plan.image}@<attestation of ${t.id}>`)
      ])
    : []
  const attested = new Map(
    plan.targets.map((t) => [t.id, { index: digestPlaceholder(t.id), image: { digest: image(t.id), platform: { architecture: t.platform.arch, os: t.platform.os, 'os.version': OS_VERSION_PLACEHOLDER } } }])
  )
  // Just before each push, what the tag holds now (revision-guard.ts).
  const readTag = (ref: string): string[] => imagetoolsConfigCommand(builder, ref)
  const lists = plan.attested
    ? plan.lists.flatMap((list) => {
        const sources = indexSources(list, plan.image, attested)
        return [imagetoolsCreateCommand(builder, list.ref, sources, true), readTag(list.ref), imagetoolsCreateCommand(builder, list.ref, sources, false), imagetoolsInspectCommand(builder, list.ref)]
      })
    : plan.lists.flatMap((list) => {
        const commands = listCommands(list, plan.insecure, facts)
        return [commands.create, commands.inspectLocal, ...commands.annotate, readTag(list.ref), commands.push, commands.readBack]
      })
  if (plan.role === 'merge') {
    const recorded = record && plan.lists.length > 0 ? [createBuilderCommand(plan.builder, false)] : []
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
    ...(plan.role === 'build' && plan.outputType === 'registry' && !plan.attested
      ? plan.targets.filter((t) => t.platform.os === 'windows').map((t) => manifestInspectCommand(`${plan.image}@${digestPlaceholder(t.id)}`, plan.insecure, true))
      : []),
    ...lists,
    ...(owned ? [removeBuilderCommand(plan.builder.name)] : [])
  ]
}
