// The publish stage, the same for a single run (role all) and a merge: from the platforms the split stage hands on
// (this run's builds, or the legs' checked results) to tags moved. In this order, and before any tag moves: read every
// platform's push back and check it; assemble and check every list; read what every tag holds and where the run's
// ref points now, and apply the tag policy to it; sign what will move. Then move the tags, platform tags first and
// lists last, each read back.
import type { Toolset } from '../build/features.js'
import { prepareImagetools } from '../build/stage.js'
import type { Builds } from '../build/stage.js'
import type { BuildTarget, Plan } from '../plan/plan.js'
import { checkoutOf } from '../policy/facts.js'
import { readRefHead } from '../policy/follow-ref.js'
import type { Policy } from '../policy/stage.js'
import { throwIfCancelled } from '../shared/cancel.js'
import type { CommitComparer } from '../shared/commits.js'
import type { PlatformRecord, PublishedImage } from '../shared/platform-record.js'
import { StageFailure } from '../shared/stage-failure.js'
import type { Ports } from '../system/ports.js'
import type { RegistryClient } from '../system/registry/client.js'
import type { Platforms } from '../split/stage.js'
import { moveTags, pushListsByDigest, recheckAliases, TagMove, TagOutcome, tagMoves } from './apply-tags.js'
import { HeldList, readHeld } from './held-tags.js'
import { assembleList, AssembledList, droppedPlatforms, heldAsThisRunsList, mergedListAnnotations } from './lists.js'
import { Provenance, readPushedPlatform } from './read-back.js'
import { SignedDigest, signDigests } from './sign.js'

export interface PublishInput {
  plan: Plan
  policy: Pick<Policy, 'settings' | 'facts' | 'followedRef' | 'releaseOrder'>
  builds: Pick<Builds, 'imagetoolsBuilder'>
  platforms: Platforms
}

/** What a publish did. */
export interface Publication {
  /** Each platform's record, completed with what the registry holds of it (once read back). */
  platforms: PlatformRecord[]
  lists: AssembledList[]
  tags: TagOutcome[]
  signed: SignedDigest[]
  /** List tags that held platforms this run's list does not, and which (the list moved without them). */
  dropped: Array<{ tag: string; platforms: string[] }>
  /** The toolset imagetools ran on, where this stage read it (a merge's). */
  toolset?: Toolset
}

/** Every distinct digest a user can pull from the tags that will move: the images of moving lists and platform tags, and the lists. */
function signingSubjects(moves: TagMove[], published: ReadonlyMap<string, PublishedImage>): Array<{ digest: string; of: string }> {
  // What the tags hold once they moved: a moving tag this run's digest, an unchanged one what it holds already.
  const kept = moves.filter((move) => move.outcome.state === 'not moved' || move.outcome.state === 'unchanged')
  const subjects = new Map<string, string>()
  for (const [platform, image] of published) {
    const platformTags = kept.filter((move) => move.outcome.kind === 'platform' && move.outcome.platform === platform)
    if (!kept.some((move) => move.outcome.kind === 'list') && platformTags.length === 0) continue
    subjects.set(image.image.digest, platform)
    // With attestations a platform tag names the platform's index (its image and attestation manifest): that too
    // is what a user pulls, and is signed.
    for (const tag of platformTags) if (!subjects.has(tag.outcome.digest)) subjects.set(tag.outcome.digest, `${platform}, its index (${tag.outcome.tag})`)
  }
  for (const move of kept.filter((m) => m.outcome.kind === 'list')) if (!subjects.has(move.outcome.digest)) subjects.set(move.outcome.digest, move.outcome.ref)
  return [...subjects].map(([digest, of]) => ({ digest, of }))
}

/** Every platform's push, read back and checked, at once (each is a few requests); logged in the design's order. */
async function readBack(
  plan: Plan,
  records: PlatformRecord[],
  provenance: Provenance,
  registry: RegistryClient,
  ports: Pick<Ports, 'log'>
): Promise<Map<string, PublishedImage>> {
  const read = await Promise.allSettled(
    plan.targets.map(async (target) => {
      const record = records.find((r) => r.platform === target.platform)
      if (!record) throw new Error(`internal: nothing built for ${target.platform}`)
      const notes: string[] = []
      return { target, notes, image: await readPushedPlatform(registry, plan.image, target, record, provenance, (line) => notes.push(line)) }
    })
  )
  const failed = read.find((r): r is PromiseRejectedResult => r.status === 'rejected')
  if (failed) throw failed.reason
  const published = new Map<string, PublishedImage>()
  for (const { target, notes, image } of read.map(
    (r) => (r as PromiseFulfilledResult<{ target: BuildTarget; notes: string[]; image: PublishedImage }>).value
  )) {
    for (const note of notes) ports.log.info(note)
    published.set(target.platform, image)
    const osVersion = image.image.platform['os.version']
    const attestation = image.attestation ? `, attestation ${image.attestation.digest}: ${image.predicates.join(', ')}` : ''
    ports.log.info(
      `[${target.platform}] ${plan.image}@${image.pushed.digest}: image ${image.image.digest}${osVersion ? ` (os.version ${osVersion})` : ''}${attestation}, built from ${provenance.commit || 'an unknown commit'}`
    )
  }
  return published
}

export async function publish(input: PublishInput, ports: Ports): Promise<Publication> {
  const publication: Publication = { platforms: input.platforms.records, lists: [], tags: [], signed: [], dropped: [] }
  if (input.plan.lists.length === 0) return publication
  try {
    await publishLists(input, ports, publication)
    return publication
  } catch (error) {
    throw new StageFailure(error as Error, publication)
  }
}

/** Publishes the plan's lists, recording in `publication` what it did as it goes, so that a failure still shows it. */
async function publishLists(input: PublishInput, ports: Ports, publication: Publication): Promise<void> {
  const { policy } = input
  // A merge learns what buildx can do only now, once its legs' results are checked; a single run knew at its build.
  const tools = input.plan.role === 'merge' ? await prepareImagetools(input.plan, policy.settings, ports) : undefined
  if (tools) publication.toolset = tools.toolset
  const plan = tools?.plan ?? input.plan
  const imagetoolsBuilder = tools ? tools.builder : input.builds.imagetoolsBuilder
  const { log, signal, workspace } = ports
  const { settings } = policy
  const registry = ports.registries.open(plan.registryHost, plan.insecure)
  const provenance: Provenance = { commit: input.platforms.commit, source: policy.facts.sourceUrl }
  throwIfCancelled(signal, 'the pushed images were not read, and no tag moved')
  const published = await log.group('Read back what each platform pushed', () => readBack(plan, input.platforms.records, provenance, registry, ports))
  publication.platforms = input.platforms.records.map((record) => {
    const image = published.get(record.platform)
    return image ? { ...record, published: image } : record
  })

  throwIfCancelled(signal, 'no list was made, and no tag moved')
  // What each list tag holds now: read once, for the guard, and so that a list the registry holds already is not
  // assembled again (a re-run).
  const held = new Map<string, HeldList>()
  await log.group('Assemble the manifest lists (docker buildx imagetools)', async () => {
    const { annotations: indexAnnotations, note } = mergedListAnnotations(plan, published)
    if (note) log.info(note)
    for (const list of plan.lists) {
      const holds = await readHeld(registry, plan.image, list.tag)
      held.set(list.tag, holds)
      const already = heldAsThisRunsList(list, published, indexAnnotations, holds)
      if (already) {
        log.info(
          `${list.ref} holds this run's list already (${already.digest}: its images, platforms and annotations${plan.attested ? ', with attestations of an earlier build of the same images' : ''}), so it is not assembled again`
        )
        publication.lists.push(already)
        continue
      }
      const builder = imagetoolsBuilder
      const assembled = await assembleList(list, published, indexAnnotations, { buildx: ports.buildx, cwd: workspace.root, ...(builder ? { builder } : {}) })
      const annotations = indexAnnotations.length > 0 ? `, ${indexAnnotations.length} annotations` : ''
      log.info(
        `${list.ref}: ${list.entries.length} platforms${plan.attested ? ' and their attestations' : ''}, each the one built${annotations}: ${assembled.digest} (${assembled.mediaType})`
      )
      publication.lists.push(assembled)
    }
  })

  const checkout = checkoutOf(settings, workspace.root)
  const comparers: CommitComparer[] = [
    ...(ports.github.api ? [ports.github.api] : []),
    ports.git.comparer(checkoutOf({ ...settings, role: 'all' }, workspace.root) ?? workspace.root)
  ]
  const moves = await log.group('Which tags move', async () => {
    const follow = policy.followedRef ? await readRefHead(policy.followedRef, ports.github.api, ports.git, checkout) : undefined
    if (follow) log.info(`${follow.ref} points to ${follow.head}${follow.head === provenance.commit ? ", this run's commit" : ''}`)
    return tagMoves(
      publication.lists,
      published,
      held,
      { commit: provenance.commit, comparers, ...(follow ? { follow } : {}), ...(policy.releaseOrder ? { order: policy.releaseOrder } : {}) },
      { registry, image: plan.image, log, ...(signal ? { signal } : {}) }
    )
  })
  publication.tags = moves.map((move) => move.outcome)
  for (const assembled of publication.lists) {
    const moving = moves.some((move) => move.outcome.kind === 'list' && move.outcome.ref === assembled.list.ref && move.outcome.state === 'not moved')
    const holds = held.get(assembled.list.tag)
    const dropped = moving && holds ? droppedPlatforms(holds, assembled) : []
    if (dropped.length === 0) continue
    publication.dropped.push({ tag: assembled.list.ref, platforms: dropped })
    log.warning(
      `${assembled.list.ref} holds ${dropped.join(', ')} now, which this run's list does not: moving it drops them (the inputs os, arch and windows-version give this run's platforms; an empty one takes its default)`
    )
  }
  const tagContext = { registry, image: plan.image, log, ...(signal ? { signal } : {}) }
  await pushListsByDigest(publication.lists, moves, tagContext)

  if (plan.sign) {
    const subjects = signingSubjects(moves, published)
    if (subjects.length > 0) {
      const request = {
        image: plan.image,
        registry,
        choice: settings.sigstore,
        commit: provenance.commit,
        timeoutSeconds: settings.commandTimeout
      }
      publication.signed = await signDigests(subjects, request, ports)
    }
  }

  await log.group('Move the tags', async () => {
    await recheckAliases(moves, publication.lists, policy.releaseOrder, tagContext)
    await moveTags(moves, tagContext)
  })
  for (const kept of publication.tags.filter((t) => t.state === 'kept' && t.kind === 'list')) {
    const line = `${kept.ref} is left where it is, and its platform tags with it: ${kept.reason}`
    if (kept.level === 'notice') log.notice(line)
    else log.warning(line)
  }
}
