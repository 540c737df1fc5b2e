// The repository's tags from the GitHub API, so `tag-latest: auto` works in a shallow checkout.

export async function listRepositoryTags(token: string, repository: string): Promise<string[]> {
  if (!token) throw new Error('the github-token input is empty')
  const [owner, repo] = repository.split('/')
  if (!owner || !repo) throw new Error(`GITHUB_REPOSITORY '${repository}' is not owner/name`)
  // Loaded here: only a tag push needs the API client, and it is the heaviest part of the bundle.
  const { getOctokit } = await import('@actions/github')
  const octokit = getOctokit(token)
  const tags = await octokit.paginate(octokit.rest.repos.listTags, { owner, repo, per_page: 100 })
  return tags.map((tag) => tag.name)
}
