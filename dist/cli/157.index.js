export const id = 157;
export const ids = [157];
export const modules = {

/***/ 7157:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BUNDLE_MEDIA_TYPE: () => (/* binding */ BUNDLE_MEDIA_TYPE),
/* harmony export */   NO_TOKEN: () => (/* binding */ NO_TOKEN),
/* harmony export */   SLSA_PROVENANCE: () => (/* binding */ SLSA_PROVENANCE),
/* harmony export */   attachBundle: () => (/* binding */ attachBundle),
/* harmony export */   provenanceStatement: () => (/* binding */ provenanceStatement),
/* harmony export */   requestIdToken: () => (/* binding */ requestIdToken),
/* harmony export */   signStatement: () => (/* binding */ signStatement),
/* harmony export */   sigstoreInstance: () => (/* binding */ sigstoreInstance),
/* harmony export */   statementCommit: () => (/* binding */ statementCommit),
/* harmony export */   trustedRoot: () => (/* binding */ trustedRoot),
/* harmony export */   verifyBundle: () => (/* binding */ verifyBundle),
/* harmony export */   verifyCommand: () => (/* binding */ verifyCommand)
/* harmony export */ });
/* harmony import */ var _sigstore_bundle__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1040);
/* harmony import */ var _sigstore_oci__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1057);
/* harmony import */ var _sigstore_protobuf_specs__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9654);
/* harmony import */ var _sigstore_protobuf_specs__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(_sigstore_protobuf_specs__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _sigstore_sign__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5179);
/* harmony import */ var _sigstore_tuf__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4423);
/* harmony import */ var _sigstore_verify__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4187);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_6___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_6__);
// Sigstore signing of what a run publishes: for each digest, a SLSA build provenance statement signed with a
// short-lived certificate for the job's OIDC identity, verified here against the instance's trusted root, recorded
// with GitHub's attestations API, and attached in the registry as a referrer of the image.







const BUNDLE_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
const SLSA_PROVENANCE = 'https://slsa.dev/provenance/v1';
const GITHUB_BUILD_TYPE = 'https://actions.github.io/buildtypes/workflow/v1';
const PUBLIC_GOOD = { fulcio: 'https://fulcio.sigstore.dev', rekor: 'https://rekor.sigstore.dev' };
/**
 * The instance: public-good Sigstore for a public repository, GitHub's for a private one (as GitHub's artifact
 * attestations choose), or the endpoints the environment names (SIGSTORE_FULCIO_URL, SIGSTORE_REKOR_URL,
 * SIGSTORE_TSA_URL, SIGSTORE_TRUSTED_ROOT): GitHub Enterprise, or a test's own services.
 */
function sigstoreInstance(choice, visibility, env) {
    if (env.SIGSTORE_FULCIO_URL) {
        return {
            name: 'custom',
            fulcio: env.SIGSTORE_FULCIO_URL,
            rekor: env.SIGSTORE_REKOR_URL || undefined,
            tsa: env.SIGSTORE_TSA_URL || undefined,
            trustedRootFile: env.SIGSTORE_TRUSTED_ROOT || undefined
        };
    }
    const name = choice === 'auto' ? (visibility === 'public' ? 'public-good' : 'github') : choice;
    if (name === 'public-good')
        return { name, ...PUBLIC_GOOD };
    const server = new URL(env.GITHUB_SERVER_URL || 'https://github.com').hostname;
    const host = server === 'github.com' ? 'githubapp.com' : server;
    return { name, fulcio: `https://fulcio.${host}`, tsa: `https://timestamp.${host}/api/v1/timestamp` };
}
const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';
/** The job's OIDC token for Sigstore (`id-token: write`), as the runner hands it out, with its claims read. */
async function requestIdToken(env, timeoutMs) {
    const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
    const bearer = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    if (!url || !bearer)
        throw new Error(NO_TOKEN);
    const request = new URL(url);
    request.searchParams.set('audience', 'sigstore');
    const response = await fetch(request, { headers: { authorization: `Bearer ${bearer}` }, signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok)
        throw new Error(`the runner's OIDC token endpoint answered ${response.status}; sign needs permissions id-token: write`);
    const body = (await response.json());
    if (typeof body.value !== 'string')
        throw new Error("the runner's OIDC token endpoint answered without a token");
    const claims = jwtClaims(body.value);
    const server = env.GITHUB_SERVER_URL || 'https://github.com';
    const workflow = typeof claims.job_workflow_ref === 'string' ? `${server}/${claims.job_workflow_ref}` : typeof claims.sub === 'string' ? claims.sub : '';
    if (!workflow)
        throw new Error('the OIDC token names no workflow (job_workflow_ref)');
    const issuer = env.SIGSTORE_OIDC_ISSUER || (new URL(server).hostname === 'github.com' ? GITHUB_ACTIONS_ISSUER : typeof claims.iss === 'string' ? claims.iss : '');
    return { token: body.value, subject: workflow, issuer };
}
const NO_TOKEN = "sign is true, but this job has no OIDC token: give the job permissions id-token: write (and attestations: write), or set sign to false. A run caused by a fork's pull request gets none.";
function jwtClaims(token) {
    const payload = token.split('.')[1] ?? '';
    try {
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
        if (typeof claims === 'object' && claims !== null && !Array.isArray(claims))
            return claims;
    }
    catch {
        // falls through
    }
    throw new Error('the OIDC token is not a JSON web token');
}
/**
 * What the provenance says of the run, from the workflow's environment; `commit` is what the checkout held (the
 * event's GITHUB_SHA unless the workflow checked out another commit on purpose, which the statement then names too).
 */
function provenanceStatement(subject, env, commit = env.GITHUB_SHA ?? '') {
    const server = env.GITHUB_SERVER_URL || 'https://github.com';
    const repository = env.GITHUB_REPOSITORY ?? '';
    const workflowRef = env.GITHUB_WORKFLOW_REF ?? '';
    const path = workflowRef.slice(repository.length + 1).split('@')[0];
    return {
        _type: STATEMENT_TYPE,
        subject: [{ name: subject.name, digest: { sha256: subject.digest.replace(/^sha256:/, '') } }],
        predicateType: SLSA_PROVENANCE,
        predicate: {
            buildDefinition: {
                buildType: GITHUB_BUILD_TYPE,
                externalParameters: { workflow: { ref: env.GITHUB_REF ?? '', repository: `${server}/${repository}`, path } },
                internalParameters: {
                    github: {
                        ...(commit !== (env.GITHUB_SHA ?? '') ? { event_sha: env.GITHUB_SHA ?? '' } : {}),
                        event_name: env.GITHUB_EVENT_NAME ?? '',
                        repository_id: env.GITHUB_REPOSITORY_ID ?? '',
                        repository_owner_id: env.GITHUB_REPOSITORY_OWNER_ID ?? '',
                        runner_environment: env.RUNNER_ENVIRONMENT ?? ''
                    }
                },
                resolvedDependencies: [{ uri: `git+${server}/${repository}@${env.GITHUB_REF ?? ''}`, digest: { gitCommit: commit } }]
            },
            runDetails: {
                builder: { id: `${server}/${workflowRef}` },
                metadata: { invocationId: `${server}/${repository}/actions/runs/${env.GITHUB_RUN_ID ?? ''}/attempts/${env.GITHUB_RUN_ATTEMPT ?? ''}` }
            }
        }
    };
}
/** Signs a statement: a certificate from Fulcio for the job's identity, and a log entry or a timestamp. */
async function signStatement(statement, instance, identity, timeoutMs) {
    const identityProvider = { getToken: async () => identity.token };
    const witnesses = [
        ...(instance.rekor ? [new _sigstore_sign__WEBPACK_IMPORTED_MODULE_3__/* .RekorWitness */ .fU({ rekorBaseURL: instance.rekor, fetchOnConflict: true, timeout: timeoutMs, retry: 2 })] : []),
        ...(instance.tsa ? [new _sigstore_sign__WEBPACK_IMPORTED_MODULE_3__/* .TSAWitness */ .gs({ tsaBaseURL: instance.tsa, timeout: timeoutMs, retry: 2 })] : [])
    ];
    const builder = new _sigstore_sign__WEBPACK_IMPORTED_MODULE_3__/* .DSSEBundleBuilder */ .VV({
        signer: new _sigstore_sign__WEBPACK_IMPORTED_MODULE_3__/* .FulcioSigner */ .$o({ identityProvider, fulcioBaseURL: instance.fulcio, timeout: timeoutMs, retry: 2 }),
        witnesses
    });
    return (0,_sigstore_bundle__WEBPACK_IMPORTED_MODULE_0__.bundleToJSON)(await builder.create({ data: Buffer.from(JSON.stringify(statement)), type: 'application/vnd.in-toto+json' }));
}
/** A trusted root names a few keys and certificates: a file far larger is not one. */
const MAX_TRUSTED_ROOT_BYTES = 1024 * 1024;
async function readTrustedRootFile(file) {
    const where = `SIGSTORE_TRUSTED_ROOT (${file})`;
    const size = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_6__.stat)(file).catch((error) => {
        throw new Error(`${where} cannot be read: ${error.message}`);
    })).size;
    if (size > MAX_TRUSTED_ROOT_BYTES)
        throw new Error(`${where} is ${size} bytes; a trusted_root.json is at most ${MAX_TRUSTED_ROOT_BYTES}`);
    try {
        const root = _sigstore_protobuf_specs__WEBPACK_IMPORTED_MODULE_2__.TrustedRoot.fromJSON(JSON.parse(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_6__.readFile)(file, 'utf8')));
        if (root.certificateAuthorities.length === 0)
            throw new Error('it names no certificate authority');
        return root;
    }
    catch (error) {
        throw new Error(`${where} is not a Sigstore trusted root: ${error.message}`);
    }
}
/**
 * The trusted root of the instance: from its file; public-good's from its TUF repository (the client carries that
 * repository's initial root); GitHub's from the GitHub CLI, which carries the initial root of GitHub's TUF
 * repository (`gh attestation trusted-root` prints one trusted root per line: the one whose Fulcio is the
 * instance's).
 */
async function trustedRoot(instance, ghTrustedRoots, timeoutMs = 60_000) {
    if (instance.trustedRootFile)
        return readTrustedRootFile(instance.trustedRootFile);
    if (instance.name === 'public-good')
        return (0,_sigstore_tuf__WEBPACK_IMPORTED_MODULE_4__.getTrustedRoot)({ timeout: timeoutMs, retry: 2 });
    const fulcioHost = new URL(instance.fulcio).host;
    const roots = (await ghTrustedRoots())
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => _sigstore_protobuf_specs__WEBPACK_IMPORTED_MODULE_2__.TrustedRoot.fromJSON(JSON.parse(line)));
    const root = roots.find((r) => r.certificateAuthorities.some((ca) => ca.uri.includes(fulcioHost)));
    if (!root)
        throw new Error(`gh attestation trusted-root printed no trusted root for ${instance.fulcio}; set SIGSTORE_TRUSTED_ROOT to its trusted_root.json`);
    return root;
}
/**
 * Checks a bundle as anyone verifying the image would: its signature and certificate chain against the trusted
 * root, its log entry or timestamp, then the certificate's identity and issuer against this job's, each compared as
 * a whole string (the verifier's own policy takes an identity as an unanchored regular expression, so that
 * `...@refs/heads/main` would also accept `...@refs/heads/mainline`), and the statement's subject (the digest).
 */
function verifyBundle(bundle, root, instance, expected) {
    const verifier = new _sigstore_verify__WEBPACK_IMPORTED_MODULE_5__/* .Verifier */ .BL((0,_sigstore_verify__WEBPACK_IMPORTED_MODULE_5__/* .toTrustMaterial */ .jO)(root), {
        tlogThreshold: instance.rekor ? 1 : 0,
        // GitHub's Fulcio logs its certificates in no CT log; others embed the log's timestamp in each certificate.
        ctlogThreshold: instance.name !== 'github' && root.ctlogs.length > 0 ? 1 : 0,
        timestampThreshold: instance.tsa ? 1 : 0
    });
    const signer = verifier.verify((0,_sigstore_verify__WEBPACK_IMPORTED_MODULE_5__/* .toSignedEntity */ .DC)((0,_sigstore_bundle__WEBPACK_IMPORTED_MODULE_0__.bundleFromJSON)(bundle)));
    const identity = signer.identity?.subjectAlternativeName;
    const issuer = signer.identity?.extensions?.issuer;
    if (identity !== expected.subject)
        throw new Error(`the certificate is for ${identity ?? 'no identity'}, not this job's ${expected.subject}`);
    if (issuer !== expected.issuer)
        throw new Error(`the certificate's OIDC issuer is ${issuer ?? 'none'}, not ${expected.issuer}`);
    const envelope = bundle.dsseEnvelope;
    const statement = JSON.parse(Buffer.from(envelope?.payload ?? '', 'base64').toString('utf8'));
    const digests = (statement.subject ?? []).map((s) => `sha256:${s.digest?.sha256 ?? ''}`);
    if (digests.length !== 1 || digests[0] !== expected.digest)
        throw new Error(`the bundle's statement is about ${digests.join(', ') || 'nothing'}, not ${expected.digest}`);
}
/**
 * What a user runs to verify a signed digest with GitHub's CLI, pinned to exactly what signed it: the repository, the
 * workflow file that signed (the job's, a reusable workflow's where one was called), the ref and commit the run was
 * for (the certificate's source ref and digest: the event's, GITHUB_SHA, else this run's commit), and the issuer.
 */
function verifyCommand(subject, identity, env, commit) {
    const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/$/, '');
    const workflow = identity.subject.startsWith(`${server}/`) ? identity.subject.slice(server.length + 1).replace(/@[^@]*$/, '') : identity.subject;
    const args = [
        'gh',
        'attestation',
        'verify',
        `oci://${subject}`,
        '--repo',
        env.GITHUB_REPOSITORY || '<owner>/<repository>',
        '--signer-workflow',
        workflow,
        '--source-ref',
        env.GITHUB_REF || '<ref>',
        '--source-digest',
        env.GITHUB_SHA || commit || '<commit>',
        '--cert-oidc-issuer',
        identity.issuer
    ];
    return args.join(' ');
}
/** The commit a bundle's provenance statement names (its resolved dependency's gitCommit); undefined if none. */
function statementCommit(bundle) {
    const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope?.payload ?? '', 'base64').toString('utf8'));
    const commit = statement.predicate?.buildDefinition?.resolvedDependencies?.[0]?.digest?.gitCommit;
    return typeof commit === 'string' ? commit : undefined;
}
/** Attaches the bundle in the registry as a referrer of `digest` (or under the `sha256-<hex>` tag, without a referrers API). */
async function attachBundle(bundle, repository, digest, credentials, timeoutMs) {
    const descriptor = await (0,_sigstore_oci__WEBPACK_IMPORTED_MODULE_1__/* .attachArtifactToImage */ .Kg)({
        imageName: repository,
        imageDigest: digest,
        artifact: Buffer.from(JSON.stringify(bundle)),
        mediaType: BUNDLE_MEDIA_TYPE,
        annotations: { 'dev.sigstore.bundle.predicateType': SLSA_PROVENANCE, 'dev.sigstore.bundle.content': 'dsse-envelope' },
        fetchOpts: { timeout: timeoutMs, retry: 2, proxy: undefined, noProxy: undefined },
        // A registry without authentication refuses the credentials' challenge: none are passed there.
        credentials: credentials
    });
    return descriptor.digest;
}


/***/ })

};
