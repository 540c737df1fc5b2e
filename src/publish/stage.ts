// The publish stage, the same for a single run (role all) and a merge: from what was built (this run's builds, or
// the legs' checked results) to tags moved. In this order, and before any tag moves: read every platform's push
// back and check it; assemble and check every list; decide every tag; sign what will move. Then move the tags,
// platform tags first and lists last, each read back.
import { throwIfCancelled } from '../shared/cancel.js'
import type { Log } from '../shared/log.js'
import type { BuildTarget, Plan } from '../plan/plan.js'
import type { RegistryClient } from '../system/registry/client.js'
import type { LoginContext } from '../system/registry/credentials.js'
import type { CommandRunner } from '../shared/command-runner.js'
import { assembleList, AssembledList, heldAsThisRunsList, mergedListAnnotations } from './lists.js'
import { BuiltPlatform, Provenance, PushedPlatform, readPushedPlatform } from './pushed-platforms.js'
import type { SignedDigest, SigningRequest } from './sign.js'
import type { CommitComparer } from '../shared/commits.js'
import { HeldTag, readHeld, RefState } from './tag-guard.js'
import { decideTags, moveTags, pushListsByDigest, TagMove, TagOutcome } from './tags.js'

/** What a publish did so far, filled as it goes, so that a failure later still shows it. */
export interface PublishRecord {
  platforms: Map<string, PushedPlatform>
  lists: AssembledList[]
  tags: TagOutcome[]
  signed: SignedDigest[]
}

export const emptyPublishRecord = (): PublishRecord => ({ platforms: new Map(), lists: [], tags: [], signed: [] })

export interface PublishContext {
  registry: RegistryClient
  /** Runs imagetools (bounded by command-timeout). */
  runner: CommandRunner
  log: Log
  cwd: string
  env: NodeJS.ProcessEnv
  signal?: AbortSignal
  /** The builder whose registry configuration imagetools uses. */
  builder?: string
  /** Ways to compare this run's commit with what a tag holds (the GitHub API, git). */
  comparers: CommitComparer[]
  /** Reads where the run's ref points now, just before the tags are decided; undefined where no ref is followed. */
  follow?: () => Promise<RefState>
  login: LoginContext
  /** What signing needs (sign: true); undefined in a dry run, which says what it would sign. */
  signing?: SigningRequest
  /** Called whenever the record changes, so that the outputs follow it. */
  changed(): void
}

/** Every distinct digest a user can pull from the tags that will move: the images of moving lists and platform tags, and the lists. */
function signingSubjects(moves: TagMove[], platforms: ReadonlyMap<string, PushedPlatform>): Array<{ digest: string; of: string }> {
  // What the tags hold once they moved: a moving tag this run's digest, an unchanged one what it holds already.
  const published = moves.filter((move) => move.outcome.state === 'not moved' || move.outcome.state === 'unchanged')
  const subjects = new Map<string, string>()
  for (const [id, platform] of platforms) {
    const platformTags = published.filter((move) => move.outcome.kind === 'platform' && move.outcome.targetId === id)
    if (!published.some((move) => move.outcome.kind === 'list') && platformTags.length === 0) continue
    subjects.set(platform.image.digest, id)
    // With attestations a platform tag names the platform's index (its image and attestation manifest): that too
    // is what a user pulls, and is signed.
    for (const tag of platformTags) if (!subjects.has(tag.outcome.digest)) subjects.set(tag.outcome.digest, `${id}, its index (${tag.outcome.tag})`)
  }
  for (const move of published.filter((m) => m.outcome.kind === 'list'))
    if (!subjects.has(move.outcome.digest)) subjects.set(move.outcome.digest, move.outcome.ref)
  return [...subjects].map(([digest, of]) => ({ digest, of }))
}

export async function publish(plan: Plan, built: BuiltPlatform[], provenance: Provenance, context: PublishContext, record: PublishRecord): Promise<void> {
  const { log } = context
  throwIfCancelled(context.signal, 'the pushed images were not read, and no tag moved')
  await log.group('Read back what each platform pushed', async () => {
    // Every platform at once (each is a few requests); the log and the record in the design's order.
    const read = await Promise.allSettled(
      plan.targets.map(async (target) => {
        const claim = built.find((b) => b.targetId === target.id)
        if (!claim) throw new Error(`internal: nothing built for ${target.id}`)
        const notes: string[] = []
        return { target, notes, pushed: await readPushedPlatform(context.registry, plan.image, target, claim, provenance, (line) => notes.push(line)) }
      })
    )
    const failed = read.find((r): r is PromiseRejectedResult => r.status === 'rejected')
    if (failed) throw failed.reason
    for (const { target, notes, pushed } of read.map(
      (r) => (r as PromiseFulfilledResult<{ target: BuildTarget; notes: string[]; pushed: PushedPlatform }>).value
    )) {
      for (const note of notes) log.info(note)
      record.platforms.set(target.id, pushed)
      const osVersion = pushed.image.platform['os.version']
      const attestation = pushed.attestation ? `, attestation ${pushed.attestation.digest}: ${pushed.predicates.join(', ')}` : ''
      log.info(
        `[${target.id}] ${plan.image}@${pushed.pushed.digest}: image ${pushed.image.digest}${osVersion ? ` (os.version ${osVersion})` : ''}${attestation}, built from ${provenance.commit || 'an unknown commit'}`
      )
    }
  })
  context.changed()

  throwIfCancelled(context.signal, 'no list was made, and no tag moved')
  // What each list tag holds now: read once, for the guard, and so that a list the registry holds already is not
  // assembled again (a re-run).
  const held = new Map<string, HeldTag>()
  await log.group('Assemble the manifest lists (docker buildx imagetools)', async () => {
    const { annotations: indexAnnotations, note } = mergedListAnnotations(plan, record.platforms)
    if (note) log.info(note)
    for (const list of plan.lists) {
      const holds = await readHeld(context.registry, plan.image, list.tag)
      held.set(list.tag, holds)
      const already = heldAsThisRunsList(list, record.platforms, indexAnnotations, holds)
      if (already) {
        log.info(
          `${list.ref} holds this run's list already (${already.digest}: its images, platforms and annotations${plan.attested ? ', with attestations of an earlier build of the same images' : ''}), so it is not assembled again`
        )
        record.lists.push(already)
        continue
      }
      const assembled = await assembleList(list, record.platforms, indexAnnotations, {
        runner: context.runner,
        log,
        cwd: context.cwd,
        env: context.env,
        builder: context.builder
      })
      const annotations = indexAnnotations.length > 0 ? `, ${indexAnnotations.length} annotations` : ''
      log.info(
        `${list.ref}: ${list.entries.length} platforms${plan.attested ? ' and their attestations' : ''}, each the one built${annotations}: ${assembled.digest} (${assembled.mediaType})`
      )
      record.lists.push(assembled)
    }
  })

  const moves = await log.group('Which tags move', async () => {
    const follow = await context.follow?.()
    if (follow) log.info(`${follow.ref} points to ${follow.head}${follow.head === provenance.commit ? ", this run's commit" : ''}`)
    return decideTags(
      record.lists,
      record.platforms,
      held,
      { commit: provenance.commit, comparers: context.comparers, follow },
      { registry: context.registry, image: plan.image, log, signal: context.signal }
    )
  })
  record.tags = moves.map((move) => move.outcome)
  context.changed()
  const tagContext = { registry: context.registry, image: plan.image, log, signal: context.signal }
  await pushListsByDigest(record.lists, moves, tagContext)

  if (plan.sign) {
    const subjects = signingSubjects(moves, record.platforms)
    if (subjects.length > 0 && context.signing) {
      // Loaded only to sign: Sigstore's clients are most of the bundle.
      const { signDigests, signingContext } = await import('./sign.js')
      const options = {
        runner: context.runner,
        log,
        cwd: context.cwd,
        env: context.env,
        signal: context.signal,
        login: context.login,
        registry: context.registry
      }
      record.signed = await signDigests(plan.image, plan.registryHost, subjects, options, signingContext(context.signing, provenance.commit))
      context.changed()
    } else if (subjects.length > 0) {
      for (const subject of subjects) log.info(`Would sign ${plan.image}@${subject.digest} (${subject.of})`)
    }
  }

  try {
    await log.group('Move the tags', () => moveTags(moves, tagContext))
  } finally {
    context.changed()
  }
  for (const kept of record.tags.filter((t) => t.state === 'kept' && t.kind === 'list')) {
    const line = `${kept.ref} is left where it is, and its platform tags with it: ${kept.reason}`
    if (kept.level === 'notice') log.notice(line)
    else log.warning(line)
  }
}
