export const id = 689;
export const ids = [689];
export const modules = {

/***/ 28079:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hr: () => (/* binding */ CLEANUP_TIMEOUT_SECONDS),
/* harmony export */   Ij: () => (/* binding */ createBuilder),
/* harmony export */   iq: () => (/* binding */ removeBuilder),
/* harmony export */   u6: () => (/* binding */ imagetoolsBuilder)
/* harmony export */ });
/* harmony import */ var _plan_plan_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(48720);
/* harmony import */ var _shared_command_runner_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(50055);
/* harmony import */ var _shared_retry_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(43091);
/* harmony import */ var _shared_transient_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(26603);
/* harmony import */ var _system_buildx_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(24789);





/**
 * Creates the builder; `bootstrap: false` records it without starting it (enough for imagetools, which reads its
 * configuration). A transient fault (pulling its BuildKit image, a timeout) is tried again, after removing what the
 * failed attempt left.
 */
async function createBuilder(builder, ports, { bootstrap } = { bootstrap: true }) {
    let attempt = 0;
    const outcome = await (0,_shared_retry_js__WEBPACK_IMPORTED_MODULE_4__/* .withRetries */ .LH)(`docker buildx create ${builder.name}`, async () => {
        if (attempt++ > 0)
            await ports.buildx.remove(builder.name);
        return ports.buildx.create(builder, { bootstrap });
    }, (output, result) => (result.timedOut ? { transient: true, reason: 'no answer within command-timeout' } : (0,_shared_transient_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .classifyRegistryError */ .CT)(output)), ports.retry ?? { retries: 0, maxWaitSeconds: 0, baseSeconds: 0 }, ports.log, ports.signal);
    if (outcome.result.exitCode !== 0) {
        throw new _shared_command_runner_js__WEBPACK_IMPORTED_MODULE_1__/* .CommandError */ .Q('docker', (0,_system_buildx_js__WEBPACK_IMPORTED_MODULE_3__/* .createArgv */ .X)(builder, bootstrap), outcome.result, outcome.attempts > 1 ? ` after ${outcome.attempts} attempts` : '');
    }
}
/** The bound on removing a builder: the clean-up of a cancelled or failed run must end too. */
const CLEANUP_TIMEOUT_SECONDS = 60;
/** Removes a builder the action created; says what it removed, and never throws (this runs during cleanup). */
async function removeBuilder(name, ports) {
    const removed = await ports.buildx.remove(name);
    if (removed === true)
        ports.log.info(`Removed the buildx builder ${name} that this action created.`);
    else if (removed === false)
        ports.log.info(`No buildx builder ${name} to remove.`);
    else
        ports.log.warning(`Could not remove the buildx builder ${name}: ${removed}`);
    return removed === true;
}
/**
 * The builder imagetools reads a plain-HTTP registry's configuration from: the run's; a merge records one, unstarted,
 * when it needs one (see registryConfigBuilder).
 */
async function imagetoolsBuilder(plan, ports) {
    const { name, createUnstarted } = (0,_plan_plan_js__WEBPACK_IMPORTED_MODULE_0__/* .registryConfigBuilder */ .n4)(plan);
    if (createUnstarted)
        await createBuilder(plan.builder, ports, { bootstrap: false });
    return name;
}


/***/ }),

/***/ 1689:
/***/ ((module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
__webpack_require__.r(__webpack_exports__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(73136);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_url__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _build_builder_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(28079);
/* harmony import */ var _inputs_readers_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(18961);
/* harmony import */ var _inputs_definitions_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(33775);
/* harmony import */ var _inputs_local_builder_flag_js__WEBPACK_IMPORTED_MODULE_15__ = __webpack_require__(5083);
/* harmony import */ var _pipeline_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(16534);
/* harmony import */ var _policy_stage_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(4916);
/* harmony import */ var _shared_log_js__WEBPACK_IMPORTED_MODULE_14__ = __webpack_require__(21827);
/* harmony import */ var _shared_stage_failure_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(74172);
/* harmony import */ var _system_buildx_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(24789);
/* harmony import */ var _system_edges_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(51071);
/* harmony import */ var _system_local_builder_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(93258);
/* harmony import */ var _system_runner_js__WEBPACK_IMPORTED_MODULE_13__ = __webpack_require__(63439);
// The command line: the action's pipeline as `make container` was, inputs given as flags or as the seed's
// environment variables, the workspace being the current directory. cli.ts loads it once the Node is one it runs on.
















/** The exit code of a run stopped by a signal, as shells report one. */
const CANCELLED = 130;
/** The bound on each command that starts the local builder (buildkitd --version, docker buildx create and inspect). */
const LOCAL_BUILDER_TIMEOUT_SECONDS = 60;
function usage() {
    const width = Math.max(..._inputs_definitions_js__WEBPACK_IMPORTED_MODULE_6__/* .INPUTS */ .mc.map((input) => input.name.length)) + 2;
    const lines = _inputs_definitions_js__WEBPACK_IMPORTED_MODULE_6__/* .INPUTS */ .mc.map((input) => {
        const seed = input.seedVariable ? ` [env ${input.seedVariable}]` : '';
        const fallback = input.default === '' ? '' : ` (default: ${input.default})`;
        return `  --${input.name.padEnd(width)} ${input.description}${fallback}${seed}`;
    });
    return [
        'Usage: velero-multiarch-build [--input value ...]',
        '',
        'Builds an image for each platform with docker buildx and, for output-type registry, publishes one manifest',
        "list. Flags are the action inputs; the environment variables of Velero's Makefile are read too (flags win).",
        'Logs go to standard error; the outputs are printed to standard output as one JSON object.',
        'SIGINT or SIGTERM stops the builds and cleans up; a second one stops every command at once.',
        '',
        ...lines,
        `  --${'local-builder[=DIR]'.padEnd(width)} start a BuildKit of its own for this run (root; buildkitd and buildx from DIR/bin, default: the toolset scripts/setup.sh installed) and remove it afterwards; for a machine with no builder`,
        '  --help'
    ].join('\n');
}
/** The checkout (or installed package) this command line runs from: the nearest package.json of ours above it. */
function packageRoot() {
    for (let dir = node_path__WEBPACK_IMPORTED_MODULE_2___default().dirname((0,node_url__WEBPACK_IMPORTED_MODULE_3__.fileURLToPath)(import.meta.url));; dir = node_path__WEBPACK_IMPORTED_MODULE_2___default().dirname(dir)) {
        try {
            if (JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(dir, 'package.json'), 'utf8')).name === 'velero-multiarch-build')
                return dir;
        }
        catch {
            // no package.json of ours here
        }
        if (node_path__WEBPACK_IMPORTED_MODULE_2___default().dirname(dir) === dir)
            return undefined;
    }
}
/** The toolset and base-image mirror of `--local-builder`: the flag's directory, else what scripts/setup.sh left. */
function localBuilderPlaces(flag) {
    const root = packageRoot();
    const toolsetDir = flag !== '' ? node_path__WEBPACK_IMPORTED_MODULE_2___default().resolve(flag) : root ? node_path__WEBPACK_IMPORTED_MODULE_2___default().join(root, '.cache/toolsets/newest') : '';
    if (toolsetDir === '')
        throw new Error('--local-builder: no toolset directory known outside a checkout of velero-multiarch-build; name one: --local-builder=DIR (DIR/bin holding buildkitd and docker-buildx)');
    const mirrorDir = root ? node_path__WEBPACK_IMPORTED_MODULE_2___default().join(root, '.cache/mirror') : undefined;
    return { toolsetDir, mirrorDir: mirrorDir && (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(mirrorDir, _system_local_builder_js__WEBPACK_IMPORTED_MODULE_12__/* .MIRROR_FILE */ .Rq)) ? mirrorDir : undefined };
}
async function main(argv) {
    if (argv.includes('--help') || argv.includes('-h')) {
        process.stdout.write(`${usage()}\n`);
        return 0;
    }
    const log = (0,_shared_log_js__WEBPACK_IMPORTED_MODULE_14__/* .consoleLog */ .aO)();
    const runner = new _system_runner_js__WEBPACK_IMPORTED_MODULE_13__/* .ProcessRunner */ .Si();
    const abort = new AbortController();
    let builder;
    // The local builder, from the moment it starts: a signal while it starts still stops what it started.
    let local;
    let cleaning;
    let dispose = async () => undefined;
    const removeOwnBuilder = async () => {
        if (!builder)
            return;
        const bounded = (0,_system_runner_js__WEBPACK_IMPORTED_MODULE_13__/* .boundedRunner */ .Y3)(runner, _build_builder_js__WEBPACK_IMPORTED_MODULE_4__/* .CLEANUP_TIMEOUT_SECONDS */ .Hr);
        await (0,_build_builder_js__WEBPACK_IMPORTED_MODULE_4__/* .removeBuilder */ .iq)(builder, { buildx: new _system_buildx_js__WEBPACK_IMPORTED_MODULE_10__/* .BuildxCli */ .Vy({ runner: bounded, buildRunner: bounded, log, env: process.env }), log });
    };
    const cleanUpOnce = () => (cleaning ??= removeOwnBuilder().finally(async () => (await local?.catch(() => undefined))?.stop()));
    // The first signal cancels: the builds and every command stop, nothing more is published, the builder goes. The
    // second does not wait for any of that: every command is killed, the builder removed, and the process exits.
    const onSignal = (signal) => {
        if (!abort.signal.aborted) {
            log.error(`received ${signal}; stopping the builds (a second signal stops everything at once)`);
            abort.abort();
            return;
        }
        log.error(`received ${signal} again; stopping everything at once`);
        runner.killAll();
        void cleanUpOnce().finally(() => process.exit(CANCELLED));
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    let outputs;
    try {
        const flag = (0,_inputs_local_builder_flag_js__WEBPACK_IMPORTED_MODULE_15__/* .takeLocalBuilderFlag */ .m)(argv);
        let read = (0,_inputs_readers_js__WEBPACK_IMPORTED_MODULE_5__/* .readCommandLine */ .y)(flag.argv, process.env);
        read.problems.push(...flag.problems);
        if (flag.toolsetDir !== undefined) {
            if (read.values['buildx-instance'])
                throw new _inputs_definitions_js__WEBPACK_IMPORTED_MODULE_6__/* .InputError */ .dz([
                    `--local-builder and ${read.names['buildx-instance'] ?? 'buildx-instance'} (${read.values['buildx-instance']}) each name the builder: give one of them`
                ]);
            if (/^true$/i.test(read.values['dry-run'] ?? '')) {
                log.info('--local-builder: a dry run runs nothing, so no BuildKit is started');
            }
            else if (read.problems.length === 0) {
                local = (0,_system_local_builder_js__WEBPACK_IMPORTED_MODULE_12__/* .startLocalBuilder */ .bB)({
                    ...localBuilderPlaces(flag.toolsetDir),
                    dockerConfig: process.env.DOCKER_CONFIG || node_path__WEBPACK_IMPORTED_MODULE_2___default().join(node_os__WEBPACK_IMPORTED_MODULE_1___default().homedir(), '.docker'),
                    runner: (0,_system_runner_js__WEBPACK_IMPORTED_MODULE_13__/* .boundedRunner */ .Y3)(runner, LOCAL_BUILDER_TIMEOUT_SECONDS, abort.signal),
                    log
                });
                const started = await local;
                // The pipeline, its commands and its registry logins read this DOCKER_CONFIG, which holds the builder.
                process.env.DOCKER_CONFIG = started.dockerConfig;
                read = {
                    ...read,
                    values: { ...read.values, 'buildx-instance': started.name },
                    given: new Set([...read.given, 'buildx-instance']),
                    names: { ...read.names, 'buildx-instance': 'flag --local-builder' }
                };
            }
        }
        const edges = (0,_system_edges_js__WEBPACK_IMPORTED_MODULE_11__/* .machineEdges */ .s)({
            env: process.env,
            workspace: process.cwd(),
            log,
            runner,
            signal: abort.signal,
            onOutputs: (values) => {
                outputs = values;
            },
            onBuilderCreated: (name) => {
                builder = name;
            }
        });
        dispose = () => edges.dispose();
        await (0,_pipeline_js__WEBPACK_IMPORTED_MODULE_7__/* .runPipeline */ .a)(read, edges);
        return 0;
    }
    catch (error) {
        const cause = (0,_shared_stage_failure_js__WEBPACK_IMPORTED_MODULE_9__/* .causeOf */ .r)(error);
        if (cause instanceof _policy_stage_js__WEBPACK_IMPORTED_MODULE_8__/* .NothingToDo */ .iH) {
            log.notice(cause.message);
            return 0;
        }
        const problems = cause instanceof _inputs_definitions_js__WEBPACK_IMPORTED_MODULE_6__/* .InputError */ .dz ? cause.problems : [cause.message];
        for (const problem of problems)
            log.error(problem);
        if (cause instanceof _inputs_definitions_js__WEBPACK_IMPORTED_MODULE_6__/* .InputError */ .dz)
            log.info('Run with --help for the flags and their allowed values.');
        return abort.signal.aborted ? CANCELLED : cause instanceof _inputs_definitions_js__WEBPACK_IMPORTED_MODULE_6__/* .InputError */ .dz ? 2 : 1;
    }
    finally {
        await cleanUpOnce();
        await dispose();
        if (outputs)
            process.stdout.write(`${JSON.stringify(outputs, null, 2)}\n`);
    }
}
process.exitCode = await main(process.argv.slice(2));

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 20539:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KX: () => (/* binding */ parseAnnotations),
/* harmony export */   mA: () => (/* binding */ defaultIndexAnnotations),
/* harmony export */   rO: () => (/* binding */ withDefaults)
/* harmony export */ });
/* harmony import */ var _shared_oci_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(99064);
// OCI annotations: the `annotations` input's lines, as docker/metadata-action writes them, and the annotations an
// index gets when the user gives none of a key. Pure.

/** The levels of buildx's annotation prefixes this action places; buildx knows more (see refusedLevel). */
const LEVELS = ['manifest', 'index'];
/** Reverse-DNS keys as the OCI image spec has them (`org.opencontainers.image.description`). */
const KEY = /^[A-Za-z0-9][\w.-]*$/;
/** A value on one line: buildx carries it in one argument; GHCR shows at most 512 characters of a description. */
const MAX_VALUE_LENGTH = 1024;
const MAX_ANNOTATIONS = 100;
/** Why a prefix buildx knows is not taken here, or undefined for the two this action places. */
function refusedLevel(prefix) {
    if (LEVELS.includes(prefix))
        return undefined;
    const known = /^(manifest|index)(-descriptor)?(\[.*\])?$/.test(prefix);
    return known
        ? `the prefix '${prefix}:' is buildx's, but this action places annotations on every image manifest and every published index only; allowed prefixes: manifest: (or none), index:`
        : `'${prefix}:' is not an annotation level; allowed prefixes: manifest: (or none), index:`;
}
/**
 * Reads newline-separated `[level:]key=value` lines (no prefix means `manifest:`, as in buildx). Returns the
 * annotations and one problem per wrong line, naming the line.
 */
function parseAnnotations(text) {
    const annotations = { manifest: [], index: [] };
    const problems = [];
    const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
    for (const [number, line] of lines.entries()) {
        if (line.trim() === '')
            continue;
        const where = `line ${number + 1}`;
        const equals = line.indexOf('=');
        if (equals < 0) {
            problems.push(`${where} ('${line}') has no '='; each line is [manifest:|index:]key=value`);
            continue;
        }
        const name = line.slice(0, equals).trim();
        const value = line.slice(equals + 1);
        const colon = name.indexOf(':');
        const prefix = colon < 0 ? 'manifest' : name.slice(0, colon);
        const key = colon < 0 ? name : name.slice(colon + 1);
        const refused = refusedLevel(prefix);
        if (refused)
            problems.push(`${where}: ${refused}`);
        else if (!KEY.test(key))
            problems.push(`${where}: '${key}' is not an annotation key (letters, digits, '.', '_' and '-', such as org.opencontainers.image.description)`);
        else if (value.length > MAX_VALUE_LENGTH)
            problems.push(`${where}: the value of ${key} is ${value.length} characters long; at most ${MAX_VALUE_LENGTH}`);
        else {
            const level = annotations[prefix];
            const same = level.findIndex(([k]) => k === key);
            // metadata-action repeats nothing, but a hand-written list may: the last value wins, as in buildx.
            if (same >= 0)
                level.splice(same, 1);
            level.push([key, value]);
        }
    }
    if (annotations.manifest.length + annotations.index.length > MAX_ANNOTATIONS)
        problems.push(`more than ${MAX_ANNOTATIONS} annotations`);
    return { annotations, problems };
}
/** The OCI annotations an index gets by default: where it comes from, what and when. */
function defaultIndexAnnotations(facts) {
    const all = [
        [_shared_oci_js__WEBPACK_IMPORTED_MODULE_0__/* .OCI_KEYS */ .Vv.source, facts.sourceUrl],
        [_shared_oci_js__WEBPACK_IMPORTED_MODULE_0__/* .OCI_KEYS */ .Vv.revision, facts.revision],
        [_shared_oci_js__WEBPACK_IMPORTED_MODULE_0__/* .OCI_KEYS */ .Vv.version, facts.version],
        [_shared_oci_js__WEBPACK_IMPORTED_MODULE_0__/* .OCI_KEYS */ .Vv.created, facts.created],
        [_shared_oci_js__WEBPACK_IMPORTED_MODULE_0__/* .OCI_KEYS */ .Vv.description, facts.description ?? ''],
        [_shared_oci_js__WEBPACK_IMPORTED_MODULE_0__/* .OCI_KEYS */ .Vv.licenses, facts.licenses ?? '']
    ];
    return all.filter(([, value]) => value !== '');
}
/** The user's annotations, then each default whose key the user did not give. */
function withDefaults(given, defaults) {
    const keys = new Set(given.map(([key]) => key));
    return [...given, ...defaults.filter(([key]) => !keys.has(key))];
}


/***/ }),

/***/ 33775:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $5: () => (/* binding */ REPRODUCIBLE),
/* harmony export */   I3: () => (/* binding */ SIGSTORE_CHOICES),
/* harmony export */   JX: () => (/* binding */ DEFAULT_ANNOTATIONS),
/* harmony export */   Q5: () => (/* binding */ MULTILINE_INPUTS),
/* harmony export */   Q8: () => (/* binding */ AUTO),
/* harmony export */   dN: () => (/* binding */ TAR_FORMATS),
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   gg: () => (/* binding */ ROLES),
/* harmony export */   mc: () => (/* binding */ INPUTS),
/* harmony export */   s2: () => (/* binding */ keepsAttestations),
/* harmony export */   uN: () => (/* binding */ isRemoteContext)
/* harmony export */ });
/* unused harmony export TAG_LATEST */
/* harmony import */ var _shared_platforms_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(99521);

/** The action's interface. action.yml, the README and the command line's flags follow this table (a test checks). */
const INPUTS = [
    {
        name: 'output-type',
        default: 'docker',
        actionDefault: 'auto',
        seedVariable: 'BUILD_OUTPUT_TYPE',
        description: '`docker`, `tar`, `registry`, or `auto` (from the workflow event; docker outside GitHub)'
    },
    { name: 'os', default: 'linux', seedVariable: 'BUILD_OS', description: 'operating systems: `linux`, `windows` (comma or newline separated)' },
    {
        name: 'arch',
        default: 'amd64',
        seedVariable: 'BUILD_ARCH',
        description: `Linux architectures: ${_shared_platforms_js__WEBPACK_IMPORTED_MODULE_0__/* .LINUX_ARCHITECTURES */ .Ec.join(', ')}; Windows is always amd64`
    },
    { name: 'windows-version', default: 'ltsc2022', seedVariable: 'BUILD_WINDOWS_VERSION', description: `Windows versions: ${_shared_platforms_js__WEBPACK_IMPORTED_MODULE_0__/* .WINDOWS_VERSIONS */ .SX.join(', ')}` },
    {
        name: 'buildx-instance',
        default: '',
        seedVariable: 'BUILDX_INSTANCE',
        description: 'an existing buildx builder; empty: the action creates one and removes it afterwards'
    },
    {
        name: 'buildkit-image',
        default: '',
        description: "BuildKit image of a builder the action creates (tag or digest, such as moby/buildkit:v0.24.0); empty: buildx's default, moby/buildkit:buildx-stable-1"
    },
    { name: 'registry', default: 'velero', seedVariable: 'REGISTRY', description: 'registry and namespace in front of `bin`, and the REGISTRY build argument' },
    { name: 'bin', default: 'velero', seedVariable: 'BIN', description: 'binary name: last part of the image and of tarball names, and the BIN build argument' },
    { name: 'image', default: '', seedVariable: 'IMAGE', description: 'repository without a tag; empty: `<registry>/<bin>`' },
    {
        name: 'version',
        default: 'main',
        actionDefault: 'auto',
        seedVariable: 'VERSION',
        description: 'the tag of the manifest list and the start of every platform tag; `auto`: from the Git ref (main outside GitHub)'
    },
    {
        name: 'tag-latest',
        default: 'false',
        actionDefault: 'auto',
        seedVariable: 'TAG_LATEST',
        description: 'also publish `latest` and the `latest-<platform>` tags: `true` asks for them (on a release run they move only to the highest release), `auto`: on a release run of the highest release, `false`: not asked here (extra-tags may ask)'
    },
    { name: 'dockerfile', default: 'Dockerfile', seedVariable: 'VELERO_DOCKERFILE', description: 'Dockerfile for Linux, relative to the workspace' },
    {
        name: 'windows-dockerfile',
        default: 'Dockerfile-Windows',
        seedVariable: 'VELERO_DOCKERFILE_WINDOWS',
        description: 'Dockerfile for Windows, relative to the workspace'
    },
    {
        name: 'context',
        default: '.',
        description: "build context, relative to the workspace, or a Git or HTTP URL; git reads the run's commit, its time and the tree's state there"
    },
    { name: 'build-args', default: '', description: 'newline-separated `KEY=VALUE` lines, after (and overriding) the standard ones' },
    { name: 'labels', default: '', description: 'newline-separated `KEY=VALUE` image labels' },
    {
        name: 'annotations',
        default: '',
        description: 'newline-separated `key=value` OCI annotations, as docker/metadata-action writes them: `manifest:` (or no prefix) on every image, `index:` on every published list (which is then an OCI index); buildx 0.12 or later'
    },
    {
        name: 'default-annotations',
        default: 'auto',
        description: '`org.opencontainers.image.*` annotations (source, revision, version, created, description, licenses) on the lists, under the keys `annotations` does not give: `auto` (on lists that are OCI indexes anyway: attestations or index annotations), `true` (every list, as an OCI index), `false`'
    },
    {
        name: 'extra-tags',
        default: '',
        description: "newline-separated full references (such as docker/metadata-action's `tags` output) under which the list is also published, by the tag policy: `latest` as tag-latest true, aliases (`1`, `1.16`) in release order, release-shaped tags on release runs only; same repository as `image`, no platform tags of their own"
    },
    {
        name: 'release',
        default: 'false',
        description: 'this run is a release though it is not a tag push: its version and aliases may be release-shaped, in release order (honoured on workflow_dispatch, in a reusable workflow when its caller was dispatched, and on the command line)'
    },
    {
        name: 'secrets',
        default: '',
        description: 'newline-separated `id=value` build secrets, or `id<<EOF`, lines, `EOF` for several lines (buildx `--secret`, never build args); not on the command line, where ps shows it: use --secret-files or --secret-envs'
    },
    { name: 'secret-files', default: '', description: 'newline-separated `id=path` build secrets read from files in the workspace' },
    { name: 'secret-envs', default: '', description: 'newline-separated `id=VARIABLE` build secrets read from the environment' },
    {
        name: 'fork-secrets',
        default: 'false',
        description: "give secrets to a run caused by a fork's pull request (pull_request_target, workflow_run), whose code can read them; false: they are withheld"
    },
    {
        name: 'public-build-args',
        default: '',
        description: 'build-args names that look secret (PASSWORD, TOKEN, SECRET or KEY in the name, or a word AUTH, PAT, CRED(S), CREDENTIAL(S), PASSWD, PWD, PRIVATE, CERT or PEM) but are not; the others are masked and withheld from runs caused by a fork'
    },
    { name: 'cache-from', default: '', description: 'newline-separated buildx cache sources; `{platform}` becomes the platform (`linux-arm64`)' },
    { name: 'cache-to', default: '', description: 'newline-separated buildx cache destinations; `{platform}` as in cache-from' },
    { name: 'no-cache', default: 'false', description: "build without BuildKit's cache" },
    {
        name: 'reproducible',
        default: 'auto',
        description: "the same commit and inputs give the same images: SOURCE_DATE_EPOCH = the commit's time, BuildKit's rewrite-timestamp, org.opencontainers.image.created = the commit's time. `auto`: what the toolset supports, the log says what it cannot promise; `true`: a BuildKit older than 0.13, or of unknown version, is refused before any build; `false`: the run's time, as before"
    },
    { name: 'tar-format', default: 'rootfs', description: '`rootfs` (the root filesystem, as the seed), `docker` or `oci` (image archives)' },
    { name: 'pkg', default: 'github.com/vmware-tanzu/velero', seedVariable: 'PKG', description: 'the `PKG` build argument: the Go package of the project' },
    { name: 'insecure-registry', default: 'false', seedVariable: 'INSECURE_REGISTRY', description: "the image's registry speaks plain HTTP" },
    { name: 'output-dir', default: '_output', description: 'where tarballs are written, inside the workspace' },
    { name: 'max-parallel', default: 'auto', description: 'how many platform builds run at once: `auto` (as the machine can take them), a number, or 0 (all)' },
    { name: 'fail-fast', default: 'true', description: 'when a platform fails, stop the other builds; false: run every platform to the end' },
    { name: 'retries', default: '3', description: 'further attempts after a transient registry fault (429, 5xx, dropped connection, timeout); 0 to 10' },
    { name: 'retry-max-wait', default: '120', description: 'cap, in seconds, on the time one command spends waiting between retries; 0 to 3600' },
    {
        name: 'command-timeout',
        default: '300',
        description: 'seconds any one command but a build, or one registry or GitHub API request, may run (docker buildx imagetools, buildx version/inspect/create/rm, credential helpers, git, the registry, the GitHub API) before it is stopped (a command with SIGTERM, then SIGKILL 5 s later)'
    },
    {
        name: 'provenance',
        default: 'false',
        description: "SLSA provenance attestation for every platform: `false` (as the design), `true` or `mode=min`, `mode=max` (records the build arguments' values)"
    },
    {
        name: 'sbom',
        default: 'false',
        description: 'SBOM attestation for every platform: `false` (as the design), `true` (its scanner image comes from Docker Hub), `generator=<image>` (another scanner image)'
    },
    {
        name: 'sign',
        default: 'false',
        description: "sign every image and list the run publishes: a SLSA provenance statement per digest, signed with Sigstore for the job's OIDC identity, verified, recorded with GitHub's attestations API and attached in the registry; needs permissions id-token: write and attestations: write"
    },
    {
        name: 'sigstore',
        default: 'auto',
        description: "the Sigstore instance sign uses: `auto` (public-good for a public repository, GitHub's for a private one), `public-good`, `github`; SIGSTORE_FULCIO_URL and the other SIGSTORE_* variables name others"
    },
    {
        name: 'role',
        default: 'all',
        description: "`all` (build and publish), `build` (one leg of a split run: build and push these platforms, hand the results on), `merge` (build nothing: check the legs' results and publish the lists)"
    },
    {
        name: 'results-dir',
        default: '',
        description: 'where a leg writes its results and the merge reads them; empty: velero-multiarch-results under RUNNER_TEMP (the temporary directory outside GitHub); relative to the workspace'
    },
    {
        name: 'allow-other-commit',
        default: 'false',
        description: "the checkout may hold another commit than the event's (GITHUB_SHA), on purpose (a dispatch that rebuilds a release tag); the images, the log and the signed statements then name both. false: such a run pushes nothing"
    },
    { name: 'dry-run', default: 'false', description: 'print the plan and every command, run nothing' },
    {
        name: 'github-token',
        default: '',
        actionDefault: '${{ github.token }}',
        description: "token for the GitHub API, with contents: read: the repository's release tags, where the run's ref points and how two commits stand; with sign, the attestations API and the trusted root"
    }
];
const TAG_LATEST = (/* unused pure expression or super */ null && (['auto', 'true', 'false']));
const REPRODUCIBLE = ['auto', 'true', 'false'];
const DEFAULT_ANNOTATIONS = ['auto', 'true', 'false'];
const SIGSTORE_CHOICES = ['auto', 'public-good', 'github'];
const ROLES = ['all', 'build', 'merge'];
const TAR_FORMATS = ['rootfs', 'docker', 'oci'];
class InputError extends Error {
    problems;
    constructor(problems) {
        super(problems.length === 1 ? problems[0] : `${problems.length} inputs are invalid:\n${problems.join('\n')}`);
        this.problems = problems;
        this.name = 'InputError';
    }
}
/** The value of `version`, `tag-latest` and `output-type` that the workflow event decides (policy/auto.ts). */
const AUTO = 'auto';
/** Their lines are kept as written: a value may start or end with a space. */
const MULTILINE_INPUTS = ['build-args', 'labels', 'secrets', 'annotations'];
/**
 * Whether the images carry the attestations asked for: the Docker formats (output docker, tar-format docker) cannot,
 * and drop them (with a warning); everything else keeps them.
 */
function keepsAttestations(settings) {
    const wanted = settings.provenance !== 'false' || settings.sbom !== 'false';
    const dockerExporter = settings.outputType === 'docker' || (settings.outputType === 'tar' && settings.tarFormat === 'docker');
    return wanted && !dockerExporter;
}
/** True when the context is fetched by buildx itself rather than read from the workspace. */
function isRemoteContext(context) {
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith('git@');
}


/***/ }),

/***/ 5083:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   m: () => (/* binding */ takeLocalBuilderFlag)
/* harmony export */ });
// The command line's one flag that is not an action input: `--local-builder[=DIR]`, a BuildKit of the command
// line's own for a machine with no builder (src/system/local-builder.ts). Taken out of argv before the inputs are
// read, so that every other flag is read as the action reads its inputs.
function takeLocalBuilderFlag(argv) {
    const rest = [];
    const problems = [];
    let toolsetDir;
    for (const arg of argv) {
        if (arg === '--local-builder')
            toolsetDir = '';
        else if (arg.startsWith('--local-builder=')) {
            toolsetDir = arg.slice('--local-builder='.length);
            if (toolsetDir === '')
                problems.push('flag --local-builder=: the directory is empty; give --local-builder alone for the installed toolset (.cache/toolsets/newest), or --local-builder=DIR with DIR holding bin/buildkitd and bin/docker-buildx');
        }
        else
            rest.push(arg);
    }
    return { argv: rest, toolsetDir, problems };
}


/***/ }),

/***/ 18961:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   y: () => (/* binding */ readCommandLine)
/* harmony export */ });
/* unused harmony export readActionInputs */
/* harmony import */ var _definitions_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(33775);
// Where the inputs come from: the action's step inputs (an empty one means action.yml's default), or the command
// line's flags and the seed's environment variables. Each reader says which inputs were given, how to name them in
// messages, and what it already found wrong; settings.ts then reads them into Settings.

/**
 * Reads every input with a getter such as `core.getInput`. An empty value (an unset workflow expression arrives as
 * one) means action.yml's default, `auto` included: never the command line's.
 */
function readActionInputs(get) {
    const values = {};
    const given = new Set();
    const emptied = [];
    for (const input of INPUTS) {
        const value = get(input.name);
        if (value.trim() !== '')
            given.add(input.name);
        else
            emptied.push(...emptyDefault(input));
        values[input.name] = value.trim() === '' && input.actionDefault === AUTO ? AUTO : value;
    }
    const warnings = emptied.length === 0
        ? []
        : [
            `${emptied.length === 1 ? 'an input was' : 'inputs were'} given empty (an unset expression, a secret that is not there, or ''), so ${emptied.length === 1 ? 'it takes its default' : 'each takes its default'}: ${emptied.join(', ')}`
        ];
    return { values, given, names: {}, problems: [], warnings };
}
/**
 * A step gets action.yml's default for an input it leaves out; an empty value was given (an unset expression such as
 * `${{ inputs.os }}`, a secret that is not there, or `os: ''`), and means the default all the same: said, where the
 * default is not empty, so that an empty value never decides silently. (github-token has a rule of its own.)
 */
function emptyDefault(input) {
    const fallback = input.actionDefault ?? input.default;
    if (fallback === '' || fallback.startsWith('${{'))
        return [];
    return [`${input.name} (${fallback})`];
}
/** An empty flag or variable on the command line means the input's default there, which is said where it is not empty. */
function commandLineEmpty(input, named) {
    return input.default === '' ? [] : [`${named} is empty, so its default, '${input.default}', is used`];
}
// Velero's Makefiles before the multi-arch design, and pipelines still written against them, spell it so.
const OLDER_OUTPUT_VARIABLE = 'BUILDX_OUTPUT_TYPE';
/** The seed's variables, and Velero's older spelling of BUILD_OUTPUT_TYPE, when it agrees with the newer one. */
function readEnvironment(env, read) {
    for (const input of _definitions_js__WEBPACK_IMPORTED_MODULE_0__/* .INPUTS */ .mc) {
        const variable = input.seedVariable;
        if (!variable || env[variable] === undefined)
            continue;
        if ((env[variable] ?? '').trim() === '') {
            read.warnings.push(...commandLineEmpty(input, `environment variable ${variable}`));
            continue;
        }
        read.values[input.name] = env[variable];
        read.given.add(input.name);
        read.names[input.name] = `environment variable ${variable}`;
    }
    const older = env[OLDER_OUTPUT_VARIABLE];
    if (older === undefined)
        return;
    const newer = env.BUILD_OUTPUT_TYPE;
    if (newer !== undefined && newer.trim() !== older.trim()) {
        read.problems.push(`environment variables BUILD_OUTPUT_TYPE ('${newer}') and ${OLDER_OUTPUT_VARIABLE} ('${older}') are both set and differ; ${OLDER_OUTPUT_VARIABLE} is Velero's older spelling of BUILD_OUTPUT_TYPE: unset one`);
    }
    else if (newer === undefined) {
        read.values['output-type'] = older;
        read.given.add('output-type');
        read.names['output-type'] = `environment variable ${OLDER_OUTPUT_VARIABLE}`;
    }
}
/**
 * The command line's inputs: `--name value`, `--name=value`, or a bare `--flag` for a boolean; flags win over the
 * seed's environment variables (`BUILD_OS=linux,windows`), which win over the defaults. Every problem is collected.
 */
function readCommandLine(argv, env) {
    const read = { values: {}, given: new Set(), names: {}, problems: [], warnings: [] };
    readEnvironment(env, read);
    const booleans = new Set(_definitions_js__WEBPACK_IMPORTED_MODULE_0__/* .INPUTS */ .mc.filter((i) => i.default === 'true' || i.default === 'false').map((i) => i.name));
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (!arg.startsWith('--')) {
            read.problems.push(`unexpected argument '${arg}': inputs are given as --name value`);
            continue;
        }
        const equals = arg.indexOf('=');
        const name = arg.slice(2, equals < 0 ? undefined : equals);
        if (!_definitions_js__WEBPACK_IMPORTED_MODULE_0__/* .INPUTS */ .mc.some((input) => input.name === name)) {
            read.problems.push(`unknown flag '--${name}'; the flags are: ${_definitions_js__WEBPACK_IMPORTED_MODULE_0__/* .INPUTS */ .mc.map((x) => `--${x.name}`).join(', ')}`);
            continue;
        }
        if (name === 'secrets') {
            read.problems.push("flag --secrets: a secret's value on the command line is seen by ps and kept in shell history, so it is refused; give it as a file (--secret-files id=path) or in the environment (--secret-envs id=VARIABLE)");
            if (equals < 0)
                i++;
            continue;
        }
        let value;
        if (equals >= 0) {
            value = arg.slice(equals + 1);
        }
        else if (booleans.has(name) && (i + 1 >= argv.length || argv[i + 1].startsWith('--'))) {
            value = 'true';
        }
        else if (i + 1 < argv.length) {
            value = argv[++i];
        }
        else {
            read.problems.push(`flag '--${name}' needs a value`);
            continue;
        }
        if (value.trim() === '') {
            read.warnings.push(...commandLineEmpty(_definitions_js__WEBPACK_IMPORTED_MODULE_0__/* .INPUTS */ .mc.find((input) => input.name === name) ?? _definitions_js__WEBPACK_IMPORTED_MODULE_0__/* .INPUTS */ .mc[0], `flag --${name}`));
            continue;
        }
        read.values[name] = value;
        read.given.add(name);
        read.names[name] = `flag --${name}`;
    }
    return read;
}


/***/ }),

/***/ 73332:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ES: () => (/* binding */ maskedParts),
/* harmony export */   dC: () => (/* binding */ parseSecrets),
/* harmony export */   kn: () => (/* binding */ duplicateIds),
/* harmony export */   n0: () => (/* binding */ looksSecret),
/* harmony export */   sU: () => (/* binding */ MAX_SECRET_BYTES)
/* harmony export */ });
/* unused harmony exports SECRET_PARTS, SECRET_WORDS, nameWords */
// How secrets reach a build, in three forms: `secrets` (values in the input, one `id=value` per line, or a value of
// several lines between `id<<DELIMITER` and `DELIMITER`), `secret-files` (`id=path` in the workspace) and
// `secret-envs` (`id=VARIABLE` of the environment). buildx gets each as a file or a variable, never as an argument;
// every value is masked in the log before anything can print it, and no error ever quotes one.
/** BuildKit refuses a secret larger than this. */
const MAX_SECRET_BYTES = 500 * 1024;
const ID = /^[A-Za-z0-9_][\w.-]*$/;
const DELIMITER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/**
 * The `secrets` input: `id=value` lines, and values of several lines as a heredoc (`id<<EOF`, the lines, `EOF`), as
 * GITHUB_OUTPUT takes them. A problem names the line by its number only: all of it may be secret.
 */
function parseSecrets(text) {
    const pairs = [];
    const problems = [];
    const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
    for (let index = 0; index < lines.length; index++) {
        const line = lines[index];
        const number = index + 1;
        if (line.trim() === '')
            continue;
        const heredoc = /^([^=<]+)<<(.*)$/.exec(line);
        if (heredoc) {
            const [, id, delimiter] = heredoc;
            if (!ID.test(id.trim()))
                problems.push(`line ${number} does not start with a valid id (letters, digits, '.', '_' and '-')`);
            if (!DELIMITER.test(delimiter)) {
                problems.push(`line ${number} starts a value of several lines, but its delimiter after << is not a word (letters, digits and '_')`);
                continue;
            }
            const end = lines.findIndex((candidate, at) => at > index && candidate === delimiter);
            if (end < 0) {
                problems.push(`line ${number} starts a value of several lines that never ends: no line holds only its delimiter`);
                break;
            }
            pairs.push([id.trim(), lines.slice(index + 1, end).join('\n')]);
            index = end;
            continue;
        }
        const equals = line.indexOf('=');
        if (equals < 0) {
            problems.push(`line ${number} has no '=' and starts no value of several lines; each secret is id=value, or id<<EOF, its lines, then EOF`);
        }
        else if (!ID.test(line.slice(0, equals).trim())) {
            problems.push(`line ${number} does not start with a valid id (letters, digits, '.', '_' and '-')`);
        }
        else {
            pairs.push([line.slice(0, equals).trim(), line.slice(equals + 1)]);
        }
    }
    return { pairs, problems };
}
/**
 * What of a secret value is masked: the whole value, and each of its lines that holds a letter or digit (a line of
 * braces alone, as a JSON key file has, says nothing, and masking it would hide every brace of the log).
 */
function maskedParts(value) {
    const lines = value
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => /[A-Za-z0-9]/.test(line));
    return [...new Set([value, ...lines].filter((part) => part.trim() !== ''))];
}
/** The ids of all three forms must differ: buildx would take one and drop the other. */
function duplicateIds(sources) {
    const ids = [...sources.secrets, ...sources.secretFiles, ...sources.secretEnvs].map(([id]) => id);
    return [...new Set(ids.filter((id, index) => ids.indexOf(id) !== index))];
}
/** Anywhere in a name, these say secret (`MY_APIKEY`, `dbPassword`). */
const SECRET_PARTS = ['PASSWORD', 'TOKEN', 'SECRET', 'KEY'];
/** As a whole word of a name, these say secret too (`GH_AUTH`, `NPM_PAT`, `dbPasswd`); inside a word they do not (`PATH`). */
const SECRET_WORDS = ['AUTH', 'PAT', 'CRED', 'CREDS', 'CREDENTIAL', 'CREDENTIALS', 'PASSWD', 'PWD', 'PRIVATE', 'CERT', 'PEM'];
/**
 * The words of a name: split at `_`, `-`, a change from lower to upper case, the last capital of a run of them before
 * a lower-case letter, and between letters and digits.
 */
function nameWords(name) {
    return name
        .replace(/([a-z])([A-Z])/g, '$1 $2')
        .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
        .replace(/([A-Za-z])([0-9])/g, '$1 $2')
        .replace(/([0-9])([A-Za-z])/g, '$1 $2')
        .split(/[\s_-]+/)
        .filter((word) => word !== '')
        .map((word) => word.toUpperCase());
}
/** A build argument name that suggests a secret, whose value would stay in the image history. */
function looksSecret(name) {
    const upper = name.toUpperCase();
    return SECRET_PARTS.some((part) => upper.includes(part)) || nameWords(name).some((word) => SECRET_WORDS.includes(word));
}


/***/ }),

/***/ 16534:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  a: () => (/* binding */ runPipeline)
});

// EXTERNAL MODULE: ./src/inputs/definitions.ts
var definitions = __webpack_require__(33775);
;// CONCATENATED MODULE: ./src/plan/describe.ts
function describePlan(plan) {
    const lines = [
        plan.role === 'merge'
            ? `Output: ${plan.outputType}; role: merge (builds nothing: publishes the legs' results)`
            : `Output: ${plan.outputType}; role: ${plan.role}; builder: ${plan.builder.name}${plan.builder.create ? ' (created for this run)' : ' (given)'}; max-parallel: ${plan.maxParallel}`,
        `Platforms (${plan.targets.length}):`
    ];
    for (const target of plan.targets) {
        const where = target.tarball ? ` -> ${target.tarball}` : '';
        lines.push(`  ${target.platform}: ${target.tags.join(', ')}${where}  [${target.dockerfile}]`);
    }
    if (plan.lists.length > 0) {
        const kind = plan.ociIndex ? 'OCI indexes' : "in the images' media types";
        const annotations = plan.indexAnnotations.length > 0 ? `; annotations: ${plan.indexAnnotations.map(([key]) => key).join(', ')}` : '';
        lines.push(`Manifest lists (${plan.lists.length}; ${kind}${annotations}):`);
        for (const list of plan.lists) {
            const by = plan.role === 'merge' ? 'each by the digest its leg pushed' : 'each by the digest its build pushes';
            const platformTags = list.platformTags.length > 0 ? `, with ${list.platformTags.map((t) => t.tag).join(', ')}` : '';
            lines.push(`  ${list.ref} <- ${list.entries.map((e) => e.platform).join(', ')} (${by})${platformTags}`);
        }
    }
    return lines;
}
/** Everything the log says of the plan before anything runs: its warnings, notices, reproducibility and itself. */
function announcePlan(plan, log) {
    for (const warning of plan.warnings)
        log.warning(warning);
    for (const notice of plan.notices)
        log.notice(notice);
    for (const line of [...plan.reproducibility.notes, ...describePlan(plan)])
        log.info(line);
}

// EXTERNAL MODULE: ./src/plan/plan.ts
var plan_plan = __webpack_require__(48720);
;// CONCATENATED MODULE: ./src/shared/cancel.ts
// A cancelled run (GitHub's SIGINT, the command line's first signal) starts no further stage.
/** Throws, saying what was not done, once the run was cancelled. */
function throwIfCancelled(signal, what) {
    if (signal?.aborted)
        throw new Error(`the run was cancelled: ${what}`);
}

// EXTERNAL MODULE: ./src/shared/retry.ts
var retry = __webpack_require__(43091);
// EXTERNAL MODULE: ./src/shared/stage-failure.ts
var stage_failure = __webpack_require__(74172);
// EXTERNAL MODULE: ./src/shared/versions.ts
var versions = __webpack_require__(79372);
// EXTERNAL MODULE: ./src/build/builder.ts
var build_builder = __webpack_require__(28079);
;// CONCATENATED MODULE: ./src/build/features.ts

/** The BuildKit that rewrites the times of files in layers (rewrite-timestamp); older ones accept it and ignore it. */
const REWRITE_TIMESTAMP_BUILDKIT = [0, 13, 0];
/** The BuildKit that applies SOURCE_DATE_EPOCH at all. */
const SOURCE_DATE_EPOCH_BUILDKIT = [0, 11, 0];
const FEATURES = [
    {
        name: "input 'provenance' or 'sbom' (attestations)",
        wanted: (settings) => settings.provenance !== 'false' || settings.sbom !== 'false',
        buildkit: [0, 11, 0],
        because: 'BuildKit makes attestations from 0.11'
    },
    {
        name: "input 'annotations' (manifest:)",
        wanted: (settings) => settings.role !== 'merge' && settings.annotations.manifest.length > 0,
        buildx: [0, 12, 0],
        buildkit: [0, 11, 0],
        because: 'buildx sets annotations at build time (--annotation) from 0.12, and BuildKit exports them from 0.11'
    },
    {
        name: "input 'annotations' (index:)",
        wanted: (settings) => settings.role !== 'build' && settings.annotations.index.length > 0,
        buildx: [0, 12, 0],
        because: 'buildx annotates an index (imagetools create --annotation) from 0.12'
    },
    {
        name: "input 'default-annotations': 'true'",
        wanted: (settings) => settings.role !== 'build' && settings.defaultAnnotations === 'true',
        buildx: [0, 12, 0],
        because: 'buildx annotates an index (imagetools create --annotation) from 0.12'
    },
    {
        name: "input 'reproducible': 'true'",
        wanted: (settings) => settings.reproducible === 'true' && settings.role !== 'merge',
        buildkit: REWRITE_TIMESTAMP_BUILDKIT,
        because: 'BuildKit rewrites the times of the files in layers (rewrite-timestamp) from 0.13, and older ones accept the option and ignore it'
    },
    {
        name: "input 'tar-format': 'docker' on a remote-driver builder",
        wanted: (settings, builder) => settings.outputType === 'tar' && settings.tarFormat === 'docker' && builder?.driver === 'remote',
        buildx: [0, 11, 0],
        because: 'buildx writes a docker archive from a remote builder from 0.11'
    }
];
/**
 * Every wanted feature the toolset is known to lack, each as one sentence. Features on unknown versions pass, but
 * for reproducible true, which promises what only the version can tell.
 */
function unsupportedFeatures(settings, toolset) {
    const problems = [];
    if (toolset.unread)
        return problems;
    if (settings.reproducible === 'true' && settings.role !== 'merge' && toolset.builder && !toolset.builder.buildkit) {
        problems.push(`input 'reproducible': 'true' needs BuildKit ${(0,versions/* formatVersion */.qh)(REWRITE_TIMESTAMP_BUILDKIT)} or later, and the BuildKit version of builder ${toolset.builder.name} cannot be read (docker buildx inspect names none), so it cannot be promised. Use a builder that reports its version, or set reproducible to auto.`);
    }
    for (const feature of FEATURES.filter((f) => f.wanted(settings, toolset.builder))) {
        const missing = [
            feature.buildx && toolset.buildx && (0,versions/* isOlder */.tW)(toolset.buildx, feature.buildx)
                ? `buildx ${(0,versions/* formatVersion */.qh)(feature.buildx)} (found ${(0,versions/* formatVersion */.qh)(toolset.buildx)})`
                : undefined,
            feature.buildkit && toolset.builder?.buildkit && (0,versions/* isOlder */.tW)(toolset.builder.buildkit, feature.buildkit)
                ? `BuildKit ${(0,versions/* formatVersion */.qh)(feature.buildkit)} (builder ${toolset.builder.name} runs ${(0,versions/* formatVersion */.qh)(toolset.builder.buildkit)})`
                : undefined
        ].filter((text) => text !== undefined);
        if (missing.length > 0) {
            problems.push(`${feature.name} needs ${missing.join(' and ')} or later: ${feature.because}. Upgrade (docker/setup-buildx-action's version and driver-opts image=moby/buildkit:<version>, or this action's buildkit-image), or turn the setting off.`);
        }
    }
    return problems;
}
/** The toolset in one line, for the log and the job summary. */
function describeToolset(toolset) {
    if (toolset.unread)
        return `not read (${toolset.unread})`;
    const buildx = toolset.buildx ? `buildx ${(0,versions/* formatVersion */.qh)(toolset.buildx)}` : 'buildx (version unknown)';
    if (!toolset.builder)
        return buildx;
    const buildkit = toolset.builder.buildkit ? `BuildKit ${(0,versions/* formatVersion */.qh)(toolset.builder.buildkit)}` : 'BuildKit (version unknown)';
    return `${buildx}, ${buildkit} on builder ${toolset.builder.name} (${toolset.builder.driver ?? 'unknown'} driver)`;
}
/**
 * What the builder's BuildKit keeps of a reproducible plan: whether rewrite-timestamp stays, and the line for the log
 * when something cannot be promised. A BuildKit older than 0.13 accepts the option and ignores it, so the version
 * decides (reproducible true refused such a BuildKit already: unsupportedFeatures).
 */
function fitReproducibility(reproducibility, builder) {
    const { mode } = reproducibility;
    if (reproducibility.epoch === undefined || !builder)
        return { rewriteTimestamps: reproducibility.rewriteTimestamps };
    const buildkit = builder.buildkit;
    if (!buildkit) {
        return {
            rewriteTimestamps: reproducibility.rewriteTimestamps,
            note: `reproducible ${mode}: the BuildKit version of builder ${builder.name} is unknown, so whether it rewrites the times of files in layers (BuildKit ${(0,versions/* formatVersion */.qh)(REWRITE_TIMESTAMP_BUILDKIT)} or later) cannot be told: two builds of one commit may differ`
        };
    }
    if ((0,versions/* isOlder */.tW)(buildkit, SOURCE_DATE_EPOCH_BUILDKIT)) {
        return {
            rewriteTimestamps: false,
            note: `reproducible ${mode}: BuildKit ${(0,versions/* formatVersion */.qh)(buildkit)} ignores SOURCE_DATE_EPOCH (${(0,versions/* formatVersion */.qh)(SOURCE_DATE_EPOCH_BUILDKIT)} applies it): the images are not reproducible`
        };
    }
    if (reproducibility.rewriteTimestamps && (0,versions/* isOlder */.tW)(buildkit, REWRITE_TIMESTAMP_BUILDKIT)) {
        return {
            rewriteTimestamps: false,
            note: `reproducible ${mode}: BuildKit ${(0,versions/* formatVersion */.qh)(buildkit)} applies SOURCE_DATE_EPOCH to the image config and history, but cannot rewrite the times of the files a build writes into layers (BuildKit ${(0,versions/* formatVersion */.qh)(REWRITE_TIMESTAMP_BUILDKIT)} can): two builds of one commit may differ, a no-cache one among them`
        };
    }
    return { rewriteTimestamps: reproducibility.rewriteTimestamps };
}
/** The buildx that annotates an index: `default-annotations: auto` adds none with an older one. */
const INDEX_ANNOTATIONS_BUILDX = [0, 12, 0];

;// CONCATENATED MODULE: ./src/build/preflight.ts
// What this machine must be before any build: BuildKit (docker buildx with the docker-container driver) runs on a
// Linux runner, which builds the Windows images too. The docker CLI and buildx's version are the buildx port's to
// check (system/buildx.ts).
/** Refuses a GitHub runner BuildKit does not run on; elsewhere (Docker Desktop on a Mac, say) buildx may well work. */
function checkRunner(runnerOs) {
    if (runnerOs === 'Windows' || runnerOs === 'macOS') {
        throw new Error(`this job runs on a ${runnerOs} runner, where BuildKit (docker buildx with the docker-container driver) does not run. Use a Linux runner (runs-on: ubuntu-latest): it builds the Windows images too.`);
    }
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/shared/transient-errors.ts
var transient_errors = __webpack_require__(26603);
;// CONCATENATED MODULE: ./src/build/schedule.ts
/** How long the CPUs are watched before another build starts because they were idle. */
const CPU_WINDOW_SECONDS = 3;
// buildx's plain progress: `#12 [build 3/4] RUN go build ...`, then `#14 exporting to image`,
// `#14 exporting to client tarball`, `#14 exporting to docker image format`, `#14 exporting to oci image format`.
const COMPUTING = /^#(\d+) \[[^\]]+\] RUN /;
const FINISHING = /^#\d+ exporting to /;
/**
 * Where a build is after it printed `line`. A RUN step computes until it is done, unless BuildKit answers it from
 * its cache (`#8 CACHED` right after `#8 [build 3/4] RUN ...`); a later RUN computes again; the export is the end.
 */
function progressAfter(line, progress) {
    if (FINISHING.test(line))
        return { phase: 'finishing' };
    if (progress.phase === 'finishing')
        return progress;
    const run = COMPUTING.exec(line);
    if (run)
        return { phase: 'computing', runStep: run[1] };
    if (progress.phase === 'computing' && progress.runStep !== undefined && line.trim() === `#${progress.runStep} CACHED`)
        return { phase: 'cached' };
    return progress;
}
function mayStartAnother(maxParallel, state) {
    const { running } = state;
    if (running.length === 0)
        return true;
    if (maxParallel !== 'auto')
        return maxParallel === 0 || running.length < maxParallel;
    if (running.every((build) => build.phase === 'finishing' || build.phase === 'cached'))
        return true;
    if (state.fromCache && running.every((build) => build.phase !== 'computing'))
        return true;
    return state.idleCpus !== undefined && state.idleCpus >= 1 && running.every((build) => build.phase !== 'starting' && build.phaseSeconds >= CPU_WINDOW_SECONDS);
}
/** What `auto` did, for the log: a line each time it starts a build while others run. */
function describeStart(maxParallel, state) {
    if (maxParallel !== 'auto' || state.running.length === 0)
        return undefined;
    if (state.running.every((build) => build.phase === 'finishing'))
        return 'the running builds are exporting';
    if (state.running.every((build) => build.phase === 'finishing' || build.phase === 'cached'))
        return 'the running builds compute nothing: their RUN steps came from the cache, or they are exporting';
    if (state.fromCache && state.running.every((build) => build.phase !== 'computing'))
        return 'an earlier build computed nothing (its RUN steps came from the cache), and no running build computes';
    return `${state.idleCpus?.toFixed(1)} CPUs were idle over the last ${CPU_WINDOW_SECONDS} s`;
}

;// CONCATENATED MODULE: ./src/build/run-builds.ts
// Runs the planned buildx builds, several at once, each line of output shown live behind its platform; what each
// build did goes into its platform's record.




const LOG_TAIL_LINES = 25;
/**
 * Removes the tarball a build that did not finish wrote (buildx before 0.30 creates it before the build starts, and
 * one stopped half-way leaves part of it), so that no later step (upload-artifact with `_output/*.tar`) ships it. A
 * file older than the build is not this build's, and stays.
 */
async function removeUnfinishedTarball(target, options, started) {
    if (!target.tarball)
        return;
    if (await options.workspace.removeUnfinished(external_node_path_default().resolve(options.workspace.root, target.tarball), started)) {
        options.log.info(`[${target.platform}] removed ${target.tarball}, which the unfinished build left`);
    }
}
async function buildOne(target, options, stop, onPhase) {
    const started = options.clock.now();
    const record = await runBuild(target, options, stop, onPhase);
    if (record.status !== 'built')
        await removeUnfinishedTarball(target, options, started);
    return record;
}
async function runBuild(target, options, stop, onPhase) {
    const started = options.clock.now();
    const elapsed = () => (options.clock.now() - started) / 1000;
    const label = `[${target.platform}]`;
    const record = (fields) => ({
        platform: target.platform,
        seconds: elapsed(),
        from: `the build of ${target.platform}`,
        ...(target.tarball ? { tarball: target.tarball } : {}),
        ...fields
    });
    let tail = [];
    let metadata = {};
    let outcome;
    try {
        outcome = await (0,retry/* withRetries */.LH)(`build for ${target.platform}`, async () => {
            tail = [];
            // A retried build starts over.
            let progress = { phase: 'starting' };
            onPhase(progress.phase);
            const ran = await options.buildx.build(target.spec, {
                cwd: options.workspace.root,
                signal: stop,
                label,
                onLine: (line) => {
                    progress = progressAfter(line, progress);
                    onPhase(progress.phase);
                    options.log.info(`${label} ${line}`);
                    tail.push(line);
                    if (tail.length > LOG_TAIL_LINES)
                        tail.shift();
                }
            });
            metadata = ran.metadata;
            return ran.result;
        }, 
        // A retried build reuses BuildKit's cache, so only the push is done again.
        transient_errors/* classifyBuildError */.Lf, { ...options.retry, sleep: options.retry.sleep ?? options.clock.sleep }, options.log, stop);
    }
    catch (error) {
        return record({ status: 'failed', error: `${target.platform}: ${error.message}` });
    }
    if (outcome.result.exitCode === 0) {
        return record({
            status: 'built',
            ...(metadata.digest ? { digest: metadata.digest } : {}),
            ...(metadata.node ? { node: metadata.node } : {})
        });
    }
    if (stop.aborted)
        return record({ status: 'stopped', error: `build for ${target.platform} was stopped` });
    const hint = outcome.classification?.hint ? ` (${outcome.classification.hint})` : '';
    const attempts = outcome.attempts > 1 ? `, after ${outcome.attempts} attempts` : '';
    return record({
        status: 'failed',
        error: `build for ${target.platform} failed (exit code ${outcome.result.exitCode}${attempts})${hint}; the end of its log:\n${tail.join('\n')}`
    });
}
/**
 * Makes the directories the builds write into. buildx before 0.30 does not create the directory of a tarball's
 * `dest` and fails with "no such file or directory", and a fresh checkout has no `_output`.
 */
async function makeOutputDirectories(targets, workspace) {
    await workspace.makeDirectories(targets.flatMap((target) => [external_node_path_default().dirname(target.metadataFile), ...(target.tarball ? [external_node_path_default().dirname(external_node_path_default().resolve(workspace.root, target.tarball))] : [])]));
}
/**
 * Runs every target, in plan order, as many at once as `maxParallel` allows (`auto`: see schedule.ts), and reports
 * each one; it does not throw for a failed build.
 */
async function runBuilds(targets, options) {
    await makeOutputDirectories(targets, options.workspace);
    const results = new Array(targets.length);
    const stop = new AbortController();
    const stopAll = () => stop.abort();
    options.signal?.addEventListener('abort', stopAll, { once: true });
    if (options.signal?.aborted)
        stop.abort();
    const running = new Map();
    const finished = [];
    // Whatever may allow another start: a build ended, changed phase, or the CPUs were sampled again.
    let wake = () => undefined;
    const changed = () => wake();
    const ticker = options.cpus ? setInterval(changed, 500) : undefined;
    stop.signal.addEventListener('abort', changed);
    let fromCache = false;
    const state = () => ({
        running: [...running.values()].map((progress) => ({ phase: progress.phase, phaseSeconds: (options.clock.now() - progress.since) / 1000 })),
        idleCpus: options.cpus?.idleCpus(CPU_WINDOW_SECONDS),
        fromCache
    });
    try {
        for (let index = 0; index < targets.length; index++) {
            const target = targets[index];
            while (!stop.signal.aborted && !mayStartAnother(options.maxParallel, state())) {
                await new Promise((resolve) => (wake = resolve));
            }
            if (stop.signal.aborted) {
                results[index] = {
                    platform: target.platform,
                    status: 'not started',
                    seconds: 0,
                    from: `the build of ${target.platform}`,
                    error: `build for ${target.platform} was not started`
                };
                continue;
            }
            const why = describeStart(options.maxParallel, state());
            if (why)
                options.log.info(`[${target.platform}] starts now: ${why}`);
            const progress = { phase: 'starting', since: options.clock.now(), computing: false };
            running.set(index, progress);
            const onPhase = (phase) => {
                if (phase === progress.phase)
                    return;
                if (phase !== 'finishing')
                    progress.computing = phase === 'computing';
                progress.phase = phase;
                progress.since = options.clock.now();
                changed();
            };
            finished.push(buildOne(target, options, stop.signal, onPhase).then((result) => {
                results[index] = result;
                running.delete(index);
                if (result.status === 'built' && !progress.computing)
                    fromCache = true;
                if (result.status === 'failed' && options.failFast && !stop.signal.aborted) {
                    options.log.error(`${target.platform} failed; fail-fast stops the other builds`);
                    stop.abort();
                }
                changed();
            }));
        }
        await Promise.all(finished);
    }
    finally {
        if (ticker)
            clearInterval(ticker);
        options.signal?.removeEventListener('abort', stopAll);
    }
    return results;
}

// EXTERNAL MODULE: ./src/inputs/secrets.ts
var secrets = __webpack_require__(73332);
;// CONCATENATED MODULE: ./src/build/secrets.ts
// The secrets a build gets, handed to buildx: the values of `secrets` written to files of the run's own, those of
// `secret-files` and `secret-envs` read only to be masked (buildx reads them itself), each checked before any
// docker command: a file outside the workspace or behind a link leaving it, not a regular file, larger than BuildKit
// takes; a variable not set. A problem names the input and the id, never a value.


/** The values of `secret-files` and `secret-envs`, and what is wrong with them. */
function readSecretValues(sources, workspace, buildx) {
    const values = [];
    const problems = [];
    for (const [id, file] of sources.secretFiles) {
        const input = `input 'secret-files' (id ${id})`;
        try {
            const real = workspace.checkedPath(file, 'read', input);
            const size = workspace.sizeOf(real);
            if (size === undefined)
                problems.push(`${input}: '${file}' is not a file in the workspace ${workspace.root}`);
            else if (size > secrets/* MAX_SECRET_BYTES */.sU)
                problems.push(`${input}: '${file}' is ${size} bytes; BuildKit takes a secret of at most ${secrets/* MAX_SECRET_BYTES */.sU}`);
            else
                values.push(workspace.readText(real, secrets/* MAX_SECRET_BYTES */.sU));
        }
        catch (error) {
            problems.push(error.message);
        }
    }
    for (const [id, variable] of sources.secretEnvs) {
        const value = buildx.variable(variable);
        if (value === undefined)
            problems.push(`input 'secret-envs' (id ${id}): the environment variable ${variable} is not set`);
        else
            values.push(value);
    }
    return { values, problems };
}
/** Masks every secret value the build gets, and refuses, naming each, the ones that cannot be given. */
function checkSecrets(sources, ports) {
    const read = readSecretValues(sources, ports.workspace, ports.buildx);
    for (const value of read.values)
        for (const part of (0,secrets/* maskedParts */.ES)(value))
            ports.github.mask(part);
    if (read.problems.length > 0)
        throw new definitions/* InputError */.dz(read.problems);
}
/** Writes the values of the `secrets` input to the run's own files, which buildx reads (`--secret id=...,src=...`). */
async function writeSecretFiles(plan, sources, workspace) {
    for (const [index, secret] of plan.secretFiles.entries())
        await workspace.writePrivate(secret.file, sources.secrets[index][1]);
}

;// CONCATENATED MODULE: ./src/build/tarballs.ts

/** Fails, before any build, when a tarball's own name in the workspace is a link, or is there and is no file. */
function checkTarballs(targets, workspace) {
    const problems = [];
    for (const target of targets) {
        if (target.tarball === undefined)
            continue;
        try {
            workspace.checkedPath(target.tarball, 'write', `the tarball of ${target.platform}`);
        }
        catch (error) {
            problems.push(error.message);
            continue;
        }
        const kind = workspace.kindOf(external_node_path_default().resolve(workspace.root, target.tarball), { followLinks: false });
        if (kind !== undefined && kind !== 'file')
            problems.push(`the tarball of ${target.platform} '${target.tarball}' is there already, and is not a regular file; nothing was written`);
    }
    if (problems.length > 0)
        throw new Error(problems.join('\n'));
}

;// CONCATENATED MODULE: ./src/build/stage.ts
// The build stage: what this machine and its buildx must have, the builder (made for the run, or the user's), what
// its toolset can do, and one buildx build per platform. A registry build pushes its image by digest alone and moves
// no tag; what comes out is each platform's record: the digest it pushed, or the tarball it wrote. A merge builds
// nothing: for it this stage only makes sure imagetools can assemble the lists.













/** The retry policy of the run's commands and requests, waiting on the run's clock. */
function retryPolicy(settings, ports) {
    return { retries: settings.retries, maxWaitSeconds: settings.retryMaxWait, baseSeconds: retry/* DEFAULT_BASE_SECONDS */.KU, sleep: ports.clock.sleep };
}
/** Logs the toolset once and refuses, before any build, a setting it cannot do. */
function checkToolset(settings, toolset, log) {
    if (toolset.unread) {
        log.info(`Toolset: ${toolset.unread}; the commands shown are those of a toolset that can do every setting (a buildx before 0.12 gets no default index annotations, a BuildKit before 0.13 no rewrite-timestamp)`);
        return;
    }
    log.info(`Using ${describeToolset(toolset)}`);
    if (toolset.builder && !toolset.builder.buildkit) {
        log.warning(`could not read the BuildKit version of builder ${toolset.builder.name} (docker buildx inspect names none): settings that need a newer BuildKit are not checked before the builds`);
    }
    const problems = unsupportedFeatures(settings, toolset);
    if (problems.length > 0)
        throw new definitions/* InputError */.dz(problems);
}
/**
 * The plan the toolset can carry out: without the default index annotations (`default-annotations: auto`) when
 * buildx cannot set them, as before there were any; without rewrite-timestamp where BuildKit ignores it, and the
 * log saying what a reproducible run then cannot promise.
 */
function fitToToolset(plan, toolset, log) {
    if (toolset.unread)
        return plan;
    let fitted = plan;
    const { buildx } = toolset;
    if (plan.optionalAnnotations.length > 0 && buildx && (0,versions/* isOlder */.tW)(buildx, INDEX_ANNOTATIONS_BUILDX)) {
        log.info(`buildx ${(0,versions/* formatVersion */.qh)(buildx)} cannot annotate an index (buildx ${(0,versions/* formatVersion */.qh)(INDEX_ANNOTATIONS_BUILDX)} can): the lists get no default annotations (${plan.optionalAnnotations.join(', ')})`);
        fitted = (0,plan_plan/* withoutOptionalAnnotations */.Bn)(fitted);
    }
    const reproducible = fitReproducibility(plan.reproducibility, toolset.builder);
    if (reproducible.note)
        log.info(reproducible.note);
    if (!reproducible.rewriteTimestamps && plan.reproducibility.rewriteTimestamps)
        fitted = (0,plan_plan/* withoutTimestampRewrite */.p$)(fitted);
    return fitted;
}
const toolsetOf = (version, builder) => ({
    ...(version.version ? { buildx: version.version } : {}),
    ...(builder ? { builder } : {}),
    ...(version.unread ? { unread: version.unread } : {})
});
/** Makes the builder when the action owns it, and reads what it is: where it runs, and its BuildKit version. */
async function prepareBuilder(plan, ports, retry) {
    throwIfCancelled(ports.signal, 'no builder was made and nothing was built');
    if (plan.builder.create) {
        await ports.log.group(`Create buildx builder ${plan.builder.name}`, () => (0,build_builder/* createBuilder */.Ij)(plan.builder, { buildx: ports.buildx, log: ports.log, retry, ...(ports.signal ? { signal: ports.signal } : {}) }));
    }
    return ports.buildx.inspect(plan.builder.name, plan.builder.create);
}
/** Names the failed platforms first, then those fail-fast stopped, and repeats the end of each failed log. */
function failureOf(records, pushed) {
    const failed = records.filter((record) => record.status === 'failed');
    if (failed.length === 0)
        return undefined;
    const names = failed.map((record) => record.platform).join(', ');
    const stopped = records.filter((record) => record.status === 'stopped' || record.status === 'not started');
    const becauseOfFailFast = stopped.length > 0 ? ` fail-fast stopped ${stopped.map((r) => `${r.platform} (${r.status})`).join(', ')}.` : '';
    const left = pushed ? ' The images the other builds pushed are in the registry by digest only, untagged.' : '';
    return new Error(`${failed.length} of ${records.length} platform builds failed (${names}); no tag moved.${left}${becauseOfFailFast}\n${failed.map((r) => r.error).join('\n')}`);
}
/** Every pushed platform has the digest buildx reported; without it nothing could be checked, so none is missing. */
function missingDigests(plan, records) {
    const unknown = records.filter((record) => plan.outputType === 'registry' && !record.digest).map((record) => record.platform);
    if (unknown.length === 0)
        return undefined;
    return new Error(`buildx reported no digest for ${unknown.join(', ')} (no containerimage.digest in its --metadata-file), so what was pushed cannot be checked; no tag moved`);
}
/**
 * What a merge needs to assemble its lists, which it does after its legs' results are checked (the publish stage
 * asks): the toolset imagetools runs on, the plan fitted to it, and the builder whose configuration it reads.
 */
async function prepareImagetools(plan, settings, ports) {
    checkRunner(ports.github.context.runnerOs);
    const version = await ports.buildx.version();
    const toolset = toolsetOf(version);
    checkToolset(settings, toolset, ports.log);
    const fitted = fitToToolset(plan, toolset, ports.log);
    const builder = await (0,build_builder/* imagetoolsBuilder */.u6)(fitted, { buildx: ports.buildx, log: ports.log, retry: retryPolicy(settings, ports) });
    return { plan: fitted, toolset, ...(builder ? { builder } : {}) };
}
/**
 * Checks what the builds need, prepares the builder, checks the toolset, writes the secrets' files and runs every
 * build. Fails (with what was built) when a build failed, or pushed no digest.
 */
async function build(input, ports) {
    const { settings } = input;
    announcePlan(input.plan, ports.log);
    const retry = retryPolicy(settings, ports);
    // A merge builds nothing; what it needs of buildx it asks once its legs' results are checked (prepareImagetools).
    if (input.plan.role === 'merge')
        return { plan: input.plan, toolset: {}, buildx: '', platforms: [] };
    const { plan } = input;
    const { log, buildx } = ports;
    checkRunner(ports.github.context.runnerOs);
    checkSecrets(settings, ports);
    checkTarballs(plan.targets, ports.workspace);
    // A builder the user named is only read: that runs while the buildx version is checked. One the action makes is
    // made after the check, so that an unusable buildx is refused before it makes anything.
    const reading = plan.builder.create ? undefined : prepareBuilder(plan, ports, retry);
    reading?.catch(() => undefined);
    const version = await buildx.version();
    const builder = await (reading ?? prepareBuilder(plan, ports, retry));
    const toolset = toolsetOf(version, builder);
    checkToolset(settings, toolset, log);
    const fitted = fitToToolset(plan, toolset, log);
    await writeSecretFiles(fitted, settings, ports.workspace);
    const byLoad = (0,plan_plan/* schedulesByLoad */.QH)(fitted);
    if (byLoad) {
        log.info(builder.local
            ? `max-parallel auto: the next build starts when the running ones export, or while one of this machine's ${ports.machine.cpuCount} CPUs is idle`
            : 'max-parallel auto: the builder is not on this machine, so the next build starts when the running ones export');
    }
    const cpus = byLoad && builder.local ? ports.machine.watchCpus() : undefined;
    let platforms;
    try {
        platforms = await runBuilds(fitted.targets, {
            buildx,
            workspace: ports.workspace,
            clock: ports.clock,
            log,
            maxParallel: fitted.maxParallel,
            ...(cpus ? { cpus } : {}),
            failFast: settings.failFast,
            retry,
            ...(ports.signal ? { signal: ports.signal } : {})
        });
    }
    finally {
        cpus?.stop();
    }
    const builds = { plan: fitted, toolset, buildx: version.line, platforms, imagetoolsBuilder: fitted.builder.name };
    const cancelled = ports.signal?.aborted ? new Error('the run was cancelled: the builds were stopped and no tag moved') : undefined;
    const failure = cancelled ?? failureOf(platforms, plan.outputType === 'registry') ?? missingDigests(fitted, platforms);
    if (failure)
        throw new stage_failure/* StageFailure */.B(failure, builds);
    return builds;
}

;// CONCATENATED MODULE: ./src/inputs/dockerfile.ts
// Just enough of the Dockerfile grammar to see which stages a Windows image is built from: BuildKit on a Linux runner
// builds a Windows image only when none of those stages runs anything, since it cannot execute Windows programs. A
// stage runs on Windows unless its platform is the build platform (`FROM --platform=$BUILDPLATFORM`, as Velero
// compiles) or another Linux one; `FROM ${ARG}`, `--platform=` and `COPY --from=` are read with the ARG defaults
// and the run's build arguments, as BuildKit reads them.
/** Instructions with the line each starts on; continuation lines joined, comments and directives skipped. */
function instructions(text) {
    const result = [];
    const lines = text.split(/\r?\n/);
    let escape = '\\';
    let continuing = false;
    for (const [index, raw] of lines.entries()) {
        const line = raw.trim();
        const directive = /^#\s*escape\s*=\s*(\S)/i.exec(line);
        if (directive && result.length === 0)
            escape = directive[1];
        if (line.startsWith('#') || line === '')
            continue;
        const body = line.endsWith(escape) ? line.slice(0, -1) : line;
        if (continuing) {
            result[result.length - 1].args += ` ${body}`;
        }
        else {
            const [keyword, ...rest] = body.split(/\s+/);
            result.push({ keyword: keyword.toUpperCase(), args: rest.join(' '), line: index + 1 });
        }
        continuing = line.endsWith(escape);
    }
    return result;
}
/** `$NAME`, `${NAME}`, `${NAME:-default}` and `${NAME:+alternative}`, as the Dockerfile frontend expands them. */
function expand(text, variables) {
    return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_match, braced, operator, word, bare) => {
        const value = variables.get(braced ?? bare ?? '');
        if (operator === '-')
            return value ? value : (word ?? '');
        if (operator === '+')
            return value ? (word ?? '') : '';
        return value ?? '';
    });
}
/** What BuildKit defines for every stage of a Windows image built on a Linux runner. */
const PLATFORM_ARGS = [
    ['BUILDPLATFORM', 'linux/amd64'],
    ['BUILDOS', 'linux'],
    ['BUILDARCH', 'amd64'],
    ['TARGETPLATFORM', 'windows/amd64'],
    ['TARGETOS', 'windows'],
    ['TARGETARCH', 'amd64']
];
/** One `ARG NAME[=default]` instruction's names and defaults. */
function declaredArgs(args) {
    return args
        .split(/\s+/)
        .filter((word) => word !== '')
        .map((word) => {
        const equals = word.indexOf('=');
        return equals < 0 ? [word, undefined] : [word.slice(0, equals), word.slice(equals + 1).replace(/^"(.*)"$/, '$1')];
    });
}
function stagesOf(text, buildArgs) {
    const stages = [];
    // The ARGs before the first FROM: their defaults, or the build's value, are what FROM lines see.
    const global = new Map(PLATFORM_ARGS);
    let inStage = new Map();
    for (const instruction of instructions(text)) {
        if (instruction.keyword === 'ARG') {
            for (const [name, fallback] of declaredArgs(instruction.args)) {
                const value = buildArgs.get(name) ??
                    (fallback !== undefined ? expand(fallback, stages.length === 0 ? global : inStage) : stages.length === 0 ? undefined : global.get(name));
                if (stages.length === 0) {
                    if (value !== undefined)
                        global.set(name, value);
                }
                else if (value !== undefined)
                    inStage.set(name, value);
            }
            continue;
        }
        if (instruction.keyword === 'FROM') {
            const words = instruction.args.split(/\s+/);
            const platformGiven = words.find((word) => word.startsWith('--platform='))?.slice('--platform='.length);
            const rest = words.filter((word) => !word.startsWith('--'));
            const as = rest.findIndex((word) => word.toUpperCase() === 'AS');
            stages.push({
                names: [String(stages.length), ...(as >= 0 && rest[as + 1] ? [rest[as + 1].toLowerCase()] : [])],
                line: instruction.line,
                base: expand(rest[0] ?? '', global).toLowerCase(),
                platform: platformGiven === undefined ? 'windows/amd64' : expand(platformGiven, global).toLowerCase(),
                ...(platformGiven !== undefined ? { platformGiven } : {}),
                copiesFrom: []
            });
            // A stage sees the platform's variables; a global ARG only once it declares it again.
            inStage = new Map(PLATFORM_ARGS);
            continue;
        }
        const stage = stages[stages.length - 1];
        if (!stage)
            continue;
        if (instruction.keyword === 'RUN' && stage.run === undefined)
            stage.run = instruction.line;
        if (instruction.keyword === 'ONBUILD' && /^RUN\b/i.test(instruction.args) && stage.onbuildRun === undefined)
            stage.onbuildRun = instruction.line;
        const from = /(?:^|\s)--from=(\S+)/.exec(instruction.args)?.[1];
        if (instruction.keyword === 'COPY' && from)
            stage.copiesFrom.push({ from: expand(from, inStage).toLowerCase(), line: instruction.line });
    }
    return stages;
}
const nameOf = (stage) => stage.names[1] ?? `#${stage.names[0]}`;
const runsOnLinux = (stage) => stage.platform.startsWith('linux');
/**
 * The first RUN in a stage that runs on Windows and that the final image is built from: the final stage, the stages
 * it starts from (`FROM <stage>`) and copies from (`COPY --from=<stage>`), and theirs in turn; or an `ONBUILD RUN`
 * in a stage one of those is built FROM. A stage on the build platform runs on Linux and may RUN; what it is built
 * from is still followed, since BuildKit builds each stage for its own platform. `buildArgs`: the run's values for
 * the ARGs (the design's and the user's build-args).
 */
function windowsRun(text, buildArgs = new Map()) {
    const stages = stagesOf(text, buildArgs);
    const byName = (name) => stages.find((stage) => stage.names.includes(name));
    const final = stages[stages.length - 1];
    if (!final)
        return undefined;
    const seen = new Set();
    const queue = [{ stage: final, path: [] }];
    while (queue.length > 0) {
        const { stage, path } = queue.shift();
        if (seen.has(stage))
            continue;
        seen.add(stage);
        const parent = byName(stage.base);
        const platform = stage.platformGiven !== undefined
            ? { platform: stage.platformGiven === stage.platform ? stage.platform : `${stage.platform}, from ${stage.platformGiven}` }
            : {};
        if (!runsOnLinux(stage) && stage.run !== undefined)
            return { stage: nameOf(stage), runLine: stage.run, instruction: 'RUN', ...platform, path };
        if (!runsOnLinux(stage) && parent?.onbuildRun !== undefined) {
            return {
                stage: nameOf(parent),
                runLine: parent.onbuildRun,
                instruction: 'ONBUILD RUN',
                triggeredIn: nameOf(stage),
                ...platform,
                path: [...path, `FROM ${stage.base} at line ${stage.line}`]
            };
        }
        if (parent)
            queue.push({ stage: parent, path: [...path, `FROM ${stage.base} at line ${stage.line}`] });
        for (const copy of stage.copiesFrom) {
            const source = byName(copy.from);
            if (source)
                queue.push({ stage: source, path: [...path, `COPY --from=${copy.from} at line ${copy.line}`] });
        }
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/inputs/files.ts


/** A Dockerfile far larger than this is not one. */
const MAX_DOCKERFILE_BYTES = 1024 * 1024;
/** The real path of an input's path, or the problem with it. */
function resolved(workspace, given, use, name) {
    try {
        return { path: workspace.checkedPath(given, use, `input '${name}'`) };
    }
    catch (error) {
        return { problem: error.message };
    }
}
function dockerfileProblems(workspace, name, file, system, settings) {
    const found = resolved(workspace, file, 'read', name);
    if (found.problem || !found.path)
        return [found.problem ?? ''];
    if (workspace.kindOf(found.path) !== 'file')
        return [`input '${name}': '${file}' is not a file in the workspace ${workspace.root}`];
    if (system !== 'windows')
        return [];
    let text;
    try {
        text = workspace.readText(found.path, MAX_DOCKERFILE_BYTES);
    }
    catch (error) {
        return [`input '${name}': '${file}' cannot be read: ${error.message}`];
    }
    // Once per Windows version: its OS_VERSION may choose the stages (FROM base-${OS_VERSION}); the user's build-args win.
    for (const version of settings.windowsVersions) {
        const run = windowsRun(text, new Map([['OS_VERSION', version], ...settings.buildArgs]));
        if (!run)
            continue;
        const where = run.path.length > 0 ? `in stage ${run.stage}, which the Windows image is built from (${run.path.join(', ')})` : 'in the final stage';
        const platform = run.platform ? ` (--platform=${run.platform})` : '';
        const what = run.instruction === 'RUN'
            ? `has a RUN step at line ${run.runLine}, ${where}${platform}`
            : `has an ONBUILD RUN at line ${run.runLine}, in stage ${run.stage}, which runs when stage ${run.triggeredIn} is built from it (${run.path.join(', ')})${platform}`;
        const windows = settings.windowsVersions.length > 1 ? ` for windows-version ${version}` : '';
        return [
            `input '${name}': '${file}' ${what}${windows}; BuildKit on a Linux runner cannot run Windows commands. Compile in a stage on the build platform (FROM --platform=$BUILDPLATFORM ...) and only COPY into the Windows stages.`
        ];
    }
    return [];
}
/** A field of a buildx cache spec (`type=local,dest=cachedir`). */
const specField = (spec, field) => new RegExp(`(?:^|,)${field}=([^,]+)`).exec(spec)?.[1];
/**
 * The directories of `type=local` caches: a `cache-to` destination is written (never through a link, even inside the
 * workspace, so a committed link cannot send BuildKit's writes elsewhere), a `cache-from` source is read (through
 * links that stay inside the workspace). The `{platform}` placeholder is checked as written.
 */
function localCacheProblems(settings, workspace) {
    const problems = [];
    const places = [
        ['cache-to', settings.cacheTo, 'dest', 'write'],
        ['cache-from', settings.cacheFrom, 'src', 'read']
    ];
    for (const [name, specs, field, use] of places) {
        for (const spec of specs.filter((s) => specField(s, 'type') === 'local')) {
            const dir = specField(spec, field);
            if (dir === undefined)
                continue;
            const problem = resolved(workspace, dir, use, name).problem;
            if (problem)
                problems.push(problem);
        }
    }
    return problems;
}
/**
 * The systems whose Dockerfiles a run needs: the docker output builds this machine's Linux platform only; `auto`
 * may be any output, so every system named is checked.
 */
function builtSystems(settings) {
    return new Set(settings.outputType === 'docker' ? ['linux'] : settings.os);
}
/**
 * What is wrong with the files and directories the settings name: the Dockerfiles of the systems being built, a
 * local context, and the directories the action writes into (output-dir for tarballs, results-dir for a leg's
 * results) or reads from (results-dir for the merge).
 */
function fileProblems(settings, workspace) {
    const problems = [];
    const systems = builtSystems(settings);
    const dockerfiles = [
        ['dockerfile', settings.dockerfile, 'linux'],
        ['windows-dockerfile', settings.windowsDockerfile, 'windows']
    ];
    if (settings.role !== 'merge') {
        for (const [name, file, system] of dockerfiles.filter(([, , s]) => systems.has(s)))
            problems.push(...dockerfileProblems(workspace, name, file, system, settings));
        if (!(0,definitions/* isRemoteContext */.uN)(settings.context)) {
            const context = resolved(workspace, settings.context, 'read', 'context');
            if (context.problem || !context.path)
                problems.push(context.problem ?? '');
            else if (workspace.kindOf(context.path) !== 'directory')
                problems.push(`input 'context': '${settings.context}' is not a directory in the workspace ${workspace.root}`);
        }
        problems.push(...localCacheProblems(settings, workspace));
        if (settings.outputType === 'tar' || settings.outputType === 'auto') {
            const problem = resolved(workspace, settings.outputDir, 'write', 'output-dir').problem;
            if (problem)
                problems.push(problem);
        }
    }
    if (settings.role !== 'all') {
        const problem = resolved(workspace, settings.resultsDir, settings.role === 'build' ? 'write' : 'read', 'results-dir').problem;
        if (problem)
            problems.push(problem);
    }
    return problems;
}

// EXTERNAL MODULE: ./src/inputs/annotations.ts
var annotations = __webpack_require__(20539);
// EXTERNAL MODULE: ./src/shared/platforms.ts
var shared_platforms = __webpack_require__(99521);
// EXTERNAL MODULE: ./src/shared/references.ts
var references = __webpack_require__(59451);
;// CONCATENATED MODULE: ./src/inputs/settings.ts
// From raw inputs to one validated Settings object. InputReader reads an input (or its default) and records each
// problem under the input's name; each rule below reads one input, or a few that only make sense together. Every
// problem is collected, so a user fixes them all in one round.






const BOOLEAN_TRUE = ['true', 'True', 'TRUE'];
const BOOLEAN_FALSE = ['false', 'False', 'FALSE'];
const NAME_OF_ARGUMENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SECRET_ID = /^[A-Za-z0-9_][\w.-]*$/;
/** Reads inputs one at a time, each with its default, and keeps every problem under the input's name. */
class InputReader {
    raw;
    names;
    problems = [];
    constructor(raw, 
    /** How an input is named where it did not come from the action: `flag --os`, `environment variable BUILD_OS`. */
    names = {}) {
        this.raw = raw;
        this.names = names;
    }
    /** The value given (lines kept as written for the multi-line inputs), or the input's default. */
    value(name) {
        const given = this.raw[name];
        if (given !== undefined && given.trim() !== '')
            return definitions/* MULTILINE_INPUTS */.Q5.includes(name) ? given : given.trim();
        return definitions/* INPUTS */.mc.find((input) => input.name === name)?.default ?? '';
    }
    problem(name, text) {
        this.problems.push(`${this.names[name] ?? `input '${name}'`}: ${text}`);
    }
    oneOf(name, allowed) {
        const given = this.value(name);
        if (allowed.includes(given))
            return given;
        this.problem(name, `'${given}' is not allowed; allowed values: ${allowed.join(', ')}`);
        return undefined;
    }
    /** A comma or newline separated list of allowed values, each once; `explain` words the refusal of a value. */
    list(name, allowed, explain) {
        const items = this.value(name)
            .split(/[,\n]/)
            .map((item) => item.trim())
            .filter((item) => item !== '');
        if (items.length === 0)
            this.problem(name, `the list is empty; allowed values: ${allowed.join(', ')}`);
        const result = [];
        for (const item of items) {
            if (item.startsWith('-'))
                this.problem(name, `'${item}' looks like a command-line option, not a value; allowed values: ${allowed.join(', ')}`);
            else if (!allowed.includes(item))
                this.problem(name, explain?.(item) ?? `'${item}' is not allowed; allowed values: ${allowed.join(', ')}`);
            else if (result.includes(item))
                this.problem(name, `'${item}' is listed twice`);
            else
                result.push(item);
        }
        return result;
    }
    bool(name) {
        const given = this.value(name);
        if (BOOLEAN_TRUE.includes(given))
            return true;
        if (!BOOLEAN_FALSE.includes(given))
            this.problem(name, `'${given}' is not a boolean; use true or false`);
        return false;
    }
    /** A whole number from 0 to `max` (a bound a typo cannot pass: `retries: 1000` would hold a failing run for hours). */
    wholeNumber(name, meaning, max) {
        const text = this.value(name);
        if (/^\d{1,9}$/.test(text) && Number(text) <= max)
            return Number(text);
        this.problem(name, `'${text}' is not a whole number from 0 to ${max} (${meaning})`);
        return 0;
    }
    /** `given` checked by `check`, which says what is wrong with it. */
    checked(name, given, check) {
        const text = check(given);
        if (text !== undefined)
            this.problem(name, `'${given}' is not valid: ${text}`);
        return given;
    }
    /** A path the action hands on; never one that buildx would read as an option. */
    filePath(name) {
        const given = this.value(name);
        if (given.startsWith('-'))
            this.problem(name, `'${given}' looks like a command-line option, not a path`);
        return given;
    }
    /** Newline-separated lines, none an option. */
    lines(name) {
        const items = this.value(name)
            .split('\n')
            .map((line) => line.trim())
            .filter((line) => line !== '');
        for (const item of items.filter((i) => i.startsWith('-')))
            this.problem(name, `'${item}' looks like a command-line option, not a value`);
        return items;
    }
    /**
     * Newline-separated `key=value` lines; `valueProblem` says what is wrong with a value. A problem names the line by
     * its number and a valid key, never the line's text: a value (a build argument's) may be a secret.
     */
    keyValues(name, what, [keyPattern, keyRule], valueProblem = () => undefined) {
        const pairs = [];
        const lines = this.value(name)
            .split('\n')
            .map((l) => l.replace(/\r$/, ''));
        lines.forEach((line, index) => {
            if (line.trim() === '')
                return;
            const number = index + 1;
            const equals = line.indexOf('=');
            const key = equals < 0 ? '' : line.slice(0, equals).trim();
            const wrong = equals < 0 ? undefined : valueProblem(line.slice(equals + 1));
            if (equals < 0)
                this.problem(name, `line ${number} has no '='; each line is ${what}`);
            else if (!keyPattern.test(key))
                this.problem(name, `line ${number} does not start with a valid name (${keyRule}) before its '='`);
            else if (wrong)
                this.problem(name, `line ${number} (${key}): ${wrong}`);
            else
                pairs.push([key, line.slice(equals + 1)]);
        });
        return pairs;
    }
}
const DEFAULT_COMMAND_TIMEOUT = 300;
/** Further attempts of one request or command at most: more outlasts any registry's bad minute. */
const MAX_RETRIES = 10;
/** The waiting between one command's attempts at most: an hour. */
const MAX_RETRY_WAIT_SECONDS = 3600;
/** `command-timeout` as a number of seconds (1 to a day); `problem` hears what is wrong with another value. */
function commandTimeout(text, problem = () => undefined) {
    const seconds = /^\d{1,5}$/.test(text.trim()) ? Number(text.trim()) : NaN;
    if (seconds >= 1 && seconds <= 86400)
        return seconds;
    problem(`'${text}' is not a whole number of seconds from 1 to 86400 (a day)`);
    return DEFAULT_COMMAND_TIMEOUT;
}
/** A split run (build, merge) goes through a registry or tarballs, never one machine's Docker. */
function roleOf(r, outputType) {
    const role = r.oneOf('role', definitions/* ROLES */.gg) ?? 'all';
    if (role !== 'all' && outputType === 'docker') {
        r.problem('output-type', `'docker' cannot be used with input 'role': '${role}' (a split run builds and publishes through a registry, or builds tarballs); allowed with role ${role}: registry, tar, auto`);
    }
    return role;
}
function platformsOf(r) {
    return {
        os: r.list('os', shared_platforms/* OPERATING_SYSTEMS */.nh),
        arch: r.list('arch', shared_platforms/* LINUX_ARCHITECTURES */.Ec),
        windowsVersions: r.list('windows-version', shared_platforms/* WINDOWS_VERSIONS */.SX, (item) => shared_platforms/* UNSUPPORTED_WINDOWS_VERSIONS */.UY.includes(item)
            ? `'${item}' (Windows Server 2019) is not supported by the design: Windows Server 2022 is the base image delivered; allowed values: ${shared_platforms/* WINDOWS_VERSIONS */.SX.join(', ')}`
            : undefined)
    };
}
/** A builder the user names, or the BuildKit image of the one the action creates: never both. */
function builderOf(r) {
    const buildxInstance = r.value('buildx-instance') || undefined;
    if (buildxInstance !== undefined)
        r.checked('buildx-instance', buildxInstance, references/* checkBuilderName */.lc);
    const buildkitImage = r.value('buildkit-image') || undefined;
    if (buildkitImage !== undefined) {
        r.checked('buildkit-image', buildkitImage, references/* checkImageReference */.rd);
        if (buildxInstance !== undefined) {
            r.problem('buildkit-image', `'${buildkitImage}' applies to a builder the action creates, but input 'buildx-instance' names an existing builder ('${buildxInstance}'); set one of them`);
        }
    }
    return { buildxInstance, buildkitImage };
}
/** The image: given, or `<registry>/<bin>`, which is checked on its own only when registry and bin were fine. */
function imageOf(r) {
    const before = r.problems.length;
    const registry = r.checked('registry', r.value('registry'), references/* checkRegistryPrefix */.Ap);
    const bin = r.checked('bin', r.value('bin'), references/* checkPathComponent */.nO);
    const given = r.value('image');
    const derived = `${registry}/${bin}`;
    const image = given !== '' || r.problems.length === before ? r.checked('image', given || derived, references/* checkRepository */.n_) : derived;
    return { registry, bin, image, registryHost: (0,references/* splitRepository */.T8)(image).host };
}
/** A tag that still fits once the longest platform suffix of the run is added. */
function versionOf(r, platforms) {
    // `auto` is the policy's to decide, within the same bound.
    if (r.value('version') === definitions/* AUTO */.Q8)
        return definitions/* AUTO */.Q8;
    const version = r.checked('version', r.value('version'), references/* checkTag */.Bs);
    const longest = (0,shared_platforms/* selectPlatforms */.dv)(platforms.os, platforms.arch, platforms.windowsVersions)
        .map(shared_platforms/* platformSuffix */.J7)
        .reduce((a, b) => (b.length > a.length ? b : a), '');
    if ((0,references/* checkTag */.Bs)(version) === undefined && version.length + 1 + longest.length > references/* MAX_TAG_LENGTH */.Ti) {
        r.problem('version', `'${version}' is ${version.length} characters long; with '-${longest}' added, a platform tag would pass the ${references/* MAX_TAG_LENGTH */.Ti}-character limit of a tag (at most ${references/* MAX_TAG_LENGTH */.Ti - 1 - longest.length} characters here)`);
    }
    return version;
}
/** `auto`, or a boolean as YAML writes it; `latest` asked as the version and again as tag-latest is a mistake. */
function tagLatestOf(r, version) {
    const tagLatest = r.value('tag-latest').trim() === 'auto' ? 'auto' : r.bool('tag-latest') ? 'true' : 'false';
    if (tagLatest === 'true' && version === 'latest')
        r.problem('tag-latest', "true, with version 'latest': the latest list would be pushed twice; set tag-latest to false, or give another version");
    return tagLatest;
}
function publicBuildArgsOf(r) {
    const names = r
        .value('public-build-args')
        .split(/[,\n]/)
        .map((name) => name.trim())
        .filter((name) => name !== '');
    for (const name of names.filter((n) => !NAME_OF_ARGUMENT.test(n))) {
        r.problem('public-build-args', `'${name}' is not a build argument name (letters, digits and '_', not starting with a digit)`);
    }
    return names;
}
/** The three forms of secrets (secrets.ts), each id once across them. */
function secretsOf(r) {
    const parsed = (0,secrets/* parseSecrets */.dC)(r.value('secrets'));
    for (const text of parsed.problems)
        r.problem('secrets', text);
    const id = [SECRET_ID, "letters, digits, '.', '_' and '-'"];
    const secretFiles = r.keyValues('secret-files', 'id=path', id, (file) => file.startsWith('-')
        ? 'the path looks like a command-line option'
        : /[,"]/.test(file) || file === ''
            ? "the path is empty or holds a comma or a quote, which buildx's --secret value cannot carry"
            : undefined);
    const secretEnvs = r.keyValues('secret-envs', 'id=VARIABLE', id, (variable) => NAME_OF_ARGUMENT.test(variable) ? undefined : "the variable name holds letters, digits and '_', not starting with a digit");
    const sources = { secrets: parsed.pairs, secretFiles, secretEnvs };
    for (const twice of (0,secrets/* duplicateIds */.kn)(sources))
        r.problem('secrets', `the id '${twice}' is given twice (in secrets, secret-files or secret-envs); each secret needs its own id`);
    return sources;
}
function annotationsOf(r) {
    const parsed = (0,annotations/* parseAnnotations */.KX)(r.value('annotations'));
    for (const text of parsed.problems)
        r.problem('annotations', text);
    return parsed.annotations;
}
/**
 * The tags of `extra-tags`: full references of `image`'s repository (another is refused, for now), each a valid
 * tag, each once. Which of them the run writes is the tag policy's to say (policy/tags.ts).
 */
function extraTagsOf(r, image) {
    const tags = [];
    for (const ref of r
        .value('extra-tags')
        .split(/[,\n]/)
        .map((line) => line.trim())
        .filter((line) => line !== '')) {
        const named = (0,references/* parseTaggedReference */.$R)(ref);
        if (typeof named === 'string')
            r.problem('extra-tags', `'${ref}' ${named}`);
        else if (!(0,references/* sameRepository */.RB)(named.repository, image)) {
            r.problem('extra-tags', `'${ref}' is not in the repository of input 'image' (${image}); extra tags name that repository (another one is not supported)`);
        }
        else if (!tags.includes(named.tag))
            tags.push(named.tag);
    }
    return tags;
}
/** Bundles (and the login that attaches them) cross no network in the clear: HTTPS, or plain HTTP to this machine's loopback. */
function signOf(r, registryHost, insecure) {
    const sign = r.bool('sign');
    if (sign && insecure && !(0,references/* isLoopbackHost */.cW)(registryHost)) {
        r.problem('sign', `true, with insecure-registry true for ${registryHost}: signatures are attached over HTTPS, or plain HTTP to a registry on this machine's loopback only; sign to an HTTPS registry, or set sign to false`);
    }
    return sign;
}
function maxParallelOf(r) {
    const text = r.value('max-parallel');
    if (/^\d+$/.test(text))
        return Number(text);
    if (text !== 'auto')
        r.problem('max-parallel', `'${text}' is not allowed; allowed values: auto, or a whole number of builds at once (0: all)`);
    return 'auto';
}
/** Inside the workspace, relative to it, and something buildx's --output value can carry. */
function outputDirOf(r, workspace) {
    const given = r.filePath('output-dir');
    const relative = external_node_path_default().relative(workspace, external_node_path_default().resolve(workspace, given));
    if (/[,"]/.test(given))
        r.problem('output-dir', `'${given}' holds a comma or a quote, which buildx's --output value cannot carry`);
    else if (relative === '..' || relative.startsWith(`..${(external_node_path_default()).sep}`) || external_node_path_default().isAbsolute(relative))
        r.problem('output-dir', `'${given}' is outside the workspace ${workspace}; tarballs are written inside it`);
    return relative === '' ? '.' : relative;
}
/** `true` is mode=min, as buildx reads it; spelled out so that legs and merge compare like with like. */
function provenanceOf(r) {
    const given = r.oneOf('provenance', ['false', 'true', 'mode=min', 'mode=max']);
    return given === 'true' ? 'mode=min' : (given ?? 'false');
}
function sbomOf(r) {
    const given = r.value('sbom');
    if (given === 'false' || given === 'true')
        return given;
    const generator = /^generator=(.+)$/.exec(given)?.[1];
    if (generator === undefined)
        r.problem('sbom', `'${given}' is not allowed; allowed values: false, true, generator=<image>`);
    else if ((0,references/* checkImageReference */.rd)(generator) !== undefined)
        r.problem('sbom', `the generator '${generator}' is not an image reference: ${(0,references/* checkImageReference */.rd)(generator)}`);
    return given;
}
function resultsDirOf(r, facts) {
    return r.value('results-dir') === '' ? facts.defaultResultsDir : external_node_path_default().resolve(facts.workspace, r.filePath('results-dir'));
}
/**
 * The settings the inputs give, and every problem with them; where an input is wrong its setting holds what could be
 * read of it, so that the checks after this one (the files in the workspace) can still report their own problems.
 */
function readSettings(raw, facts, names = {}, given = []) {
    const r = new InputReader(raw, names);
    const outputType = r.oneOf('output-type', [...shared_platforms/* OUTPUT_TYPES */.Qy, definitions/* AUTO */.Q8]) ?? 'docker';
    const role = roleOf(r, outputType);
    const platforms = platformsOf(r);
    const builder = builderOf(r);
    const image = imageOf(r);
    const version = versionOf(r, platforms);
    const buildArgs = r.keyValues('build-args', 'KEY=VALUE', [NAME_OF_ARGUMENT, "letters, digits and '_', not starting with a digit"]);
    const labels = r.keyValues('labels', 'KEY=VALUE', [/^[A-Za-z0-9][\w./-]*$/, "letters, digits, '.', '/', '_' and '-'"]);
    const secrets = secretsOf(r);
    const maxParallel = maxParallelOf(r);
    const outputDir = outputDirOf(r, facts.workspace);
    const tagLatest = tagLatestOf(r, version);
    const publicBuildArgs = publicBuildArgsOf(r);
    const extraTags = extraTagsOf(r, image.image);
    const insecureRegistry = r.bool('insecure-registry');
    const settings = {
        outputType,
        ...platforms,
        ...builder,
        ...image,
        version,
        tagLatest,
        release: r.bool('release'),
        dockerfile: r.filePath('dockerfile'),
        windowsDockerfile: r.filePath('windows-dockerfile'),
        context: r.filePath('context'),
        buildArgs,
        labels,
        annotations: annotationsOf(r),
        defaultAnnotations: r.oneOf('default-annotations', definitions/* DEFAULT_ANNOTATIONS */.JX) ?? 'auto',
        extraTags,
        ...secrets,
        forkSecrets: r.bool('fork-secrets'),
        publicBuildArgs,
        cacheFrom: r.lines('cache-from'),
        cacheTo: r.lines('cache-to'),
        noCache: r.bool('no-cache'),
        reproducible: r.oneOf('reproducible', definitions/* REPRODUCIBLE */.$5) ?? 'auto',
        tarFormat: r.oneOf('tar-format', definitions/* TAR_FORMATS */.dN) ?? 'rootfs',
        pkg: r.value('pkg'),
        insecureRegistry,
        outputDir,
        maxParallel,
        failFast: r.bool('fail-fast'),
        retries: r.wholeNumber('retries', '0 never retries', MAX_RETRIES),
        retryMaxWait: r.wholeNumber('retry-max-wait', 'seconds', MAX_RETRY_WAIT_SECONDS),
        commandTimeout: commandTimeout(r.value('command-timeout'), (text) => r.problem('command-timeout', text)),
        provenance: provenanceOf(r),
        sbom: sbomOf(r),
        sign: signOf(r, image.registryHost, insecureRegistry),
        sigstore: r.oneOf('sigstore', definitions/* SIGSTORE_CHOICES */.I3) ?? 'auto',
        role,
        resultsDir: resultsDirOf(r, facts),
        allowOtherCommit: r.bool('allow-other-commit'),
        dryRun: r.bool('dry-run'),
        githubToken: r.value('github-token'),
        given: [...given]
    };
    return { settings, problems: r.problems };
}
/** The settings, or an InputError naming every problem. */
function parseSettings(raw, facts, names = {}) {
    const { settings, problems } = readSettings(raw, facts, names, Object.keys(raw));
    if (problems.length > 0)
        throw new InputError(problems);
    return settings;
}

;// CONCATENATED MODULE: ./src/inputs/stage.ts
// The inputs stage: the inputs as a reader found them (the action's step inputs, or the command line's flags and
// the seed's variables) into one typed Settings, every input and the files it names checked, every problem reported
// at once, and the secrets given as values masked before anything can print them. `auto` stays `auto`: what it
// means is the policy's to decide, from the event.





/** The settings of the run; an InputError names every problem. */
async function readInputs(inputs, ports) {
    const { workspace, github } = ports;
    for (const warning of inputs.warnings ?? [])
        ports.log.warning(warning);
    const read = readSettings(inputs.values, { workspace: workspace.root, defaultResultsDir: external_node_path_default().join(github.context.runnerTemp, 'velero-multiarch-results') }, inputs.names, inputs.given);
    // Masked before anything can print them; no problem quotes a secret's line.
    const mask = (value) => (0,secrets/* maskedParts */.ES)(value).forEach((part) => github.mask(part));
    for (const [, value] of read.settings.secrets)
        mask(value);
    for (const [, value] of read.settings.buildArgs.filter(([key]) => (0,secrets/* looksSecret */.n0)(key)))
        mask(value);
    const problems = [...inputs.problems, ...read.problems, ...fileProblems(read.settings, workspace)];
    if (problems.length > 0)
        throw new definitions/* InputError */.dz(problems);
    return read.settings;
}

// EXTERNAL MODULE: ./src/policy/stage.ts + 4 modules
var stage = __webpack_require__(4916);
// EXTERNAL MODULE: ./src/policy/facts.ts
var facts = __webpack_require__(81097);
// EXTERNAL MODULE: ./src/policy/follow-ref.ts
var follow_ref = __webpack_require__(49965);
// EXTERNAL MODULE: ./src/system/registry/client.ts
var client = __webpack_require__(1554);
// EXTERNAL MODULE: ./src/shared/oci.ts
var oci = __webpack_require__(99064);
// EXTERNAL MODULE: ./src/policy/releases.ts
var policy_releases = __webpack_require__(50874);
;// CONCATENATED MODULE: ./src/policy/tag-guard.ts


const REVISION_LABEL = oci/* OCI_KEYS */.Vv.revision;
const COMMIT = /^([0-9a-f]{40}|[0-9a-f]{64})$/;
/** How `theirs` stands to `ours`, asking each comparer in turn until one can tell. */
async function ancestryOf(ours, theirs, comparers) {
    const why = [];
    for (const comparer of comparers) {
        const answer = await comparer.compare(ours, theirs);
        if (answer.ancestry)
            return { ancestry: answer.ancestry, why };
        why.push(`${comparer.name}: ${answer.reason ?? 'cannot tell'}`);
    }
    return { why };
}
const unknown = (what, why) => new Error(`${what} cannot be told (${why.join('; ') || 'no way to compare commits'}), so no tag moved. Give the action a github-token that can read the repository (permissions: contents: read), or fetch the history (actions/checkout with fetch-depth: 0).`);
/**
 * Whether a tag of a ref moves, by where this run's commit stands to the ref's head and what the tag holds:
 *
 * | this run's commit | what the tag holds | result |
 * |---|---|---|
 * | the ref's head | anything else, or nothing | moves |
 * | the ref's head | the same commit | unchanged (a new build of it moves the tag) |
 * | on the ref, behind its head | an older commit of the ref, or one not on it | moves |
 * | on the ref, behind its head | a newer commit of the ref | kept, with a notice |
 * | not on the ref (force-pushed away) | anything | kept, with a warning: nothing of the ref moves |
 * | unknown | anything | the run fails before any tag moves |
 *
 * A rollback (the ref force-pushed back to an ancestor) is the first row: the rollback's run moves the tag.
 */
async function followRef(list, held, ours, follow, comparers) {
    const { ref, head } = follow;
    let position;
    if (ours === head)
        position = 'head';
    else {
        const { ancestry, why } = await ancestryOf(ours, head, comparers);
        if (ancestry === undefined)
            throw unknown(`where this run's commit ${ours} stands to ${ref} (which points to ${head})`, why);
        position = ancestry === 'ahead' ? 'behind' : ancestry === 'identical' ? 'head' : 'off';
    }
    if (position === 'off') {
        return {
            move: false,
            level: 'warning',
            reason: `this run's commit ${ours} is not on ${ref}, which points to ${head} (it was force-pushed away): nothing of ${ref} moves`
        };
    }
    if (held.digest === undefined)
        return { move: true, reason: `the tag is new; this run's commit is ${position === 'head' ? `the head of ${ref}` : `on ${ref}, behind its head ${head}`}` };
    if (position === 'head') {
        const others = held.revisions.filter((r) => r !== ours);
        if (held.revisions.length > 0 && others.length === 0)
            return { move: true, reason: `it holds this run's commit ${ours}, the head of ${ref}` };
        const holds = others.length > 0 ? `it holds commit ${others.join(', ')}` : `its images carry no ${REVISION_LABEL} label`;
        return { move: true, reason: `${holds}; this run's commit ${ours} is the head of ${ref}` };
    }
    if (held.revisions.length === 0)
        return { move: true, reason: `its images carry no ${REVISION_LABEL} label; this run's commit is on ${ref}` };
    const cases = [];
    for (const theirs of held.revisions) {
        if (theirs === ours) {
            cases.push(`it holds this run's commit ${ours}`);
            continue;
        }
        const onRef = theirs === head ? { ancestry: 'identical', why: [] } : await ancestryOf(theirs, head, comparers);
        if (onRef.ancestry === undefined)
            throw unknown(`whether commit ${theirs}, which ${list} holds, is on ${ref}`, onRef.why);
        const isOnRef = onRef.ancestry === 'ahead' || onRef.ancestry === 'identical';
        if (isOnRef) {
            const newer = await ancestryOf(ours, theirs, comparers);
            if (newer.ancestry === undefined)
                throw unknown(`whether commit ${theirs}, which ${list} holds, is newer than this run's ${ours}`, newer.why);
            if (newer.ancestry === 'ahead')
                return { move: false, level: 'notice', reason: `it holds commit ${theirs}, newer than this run's ${ours} on ${ref} (which points to ${head})` };
            cases.push(`it holds commit ${theirs}, an older commit of ${ref}`);
        }
        else {
            cases.push(`it holds commit ${theirs}, which is not on ${ref}`);
        }
    }
    return { move: true, reason: `${cases.join('; ')}; this run's commit is on ${ref}, behind its head ${head}` };
}
/**
 * Whether this run moves a list's tag where there is no ref to follow (outside a workflow): not when the tag holds
 * a strictly newer commit; yes when it is new, holds the same commit, an older one, a diverged or unrelated one, or
 * images without the label. A comparison no comparer can make fails the run: the tag would otherwise move blind.
 */
async function guardTag(ref, held, ours, comparers) {
    if (held.digest === undefined)
        return { move: true, reason: 'the tag is new' };
    if (held.revisions.length === 0)
        return { move: true, reason: `its images carry no ${REVISION_LABEL} label` };
    if (!COMMIT.test(ours))
        return { move: true, reason: "this run's commit is unknown, so nothing could be compared" };
    const cases = [];
    for (const theirs of held.revisions) {
        if (theirs === ours) {
            cases.push(`it holds this run's commit ${ours}`);
            continue;
        }
        const { ancestry, why } = await ancestryOf(ours, theirs, comparers);
        if (ancestry === undefined)
            throw unknown(`whether commit ${theirs}, which ${ref} holds, is newer than this run's ${ours}`, why);
        if (ancestry === 'ahead')
            return { move: false, level: 'notice', reason: `it holds commit ${theirs}, newer than this run's ${ours} (which is its ancestor)` };
        cases.push({
            behind: `it holds commit ${theirs}, older than this run's`,
            identical: `it holds ${theirs}, the same commit`,
            diverged: `it holds commit ${theirs}, on a history diverged from this run's`,
            unrelated: `it holds commit ${theirs}, unknown to this repository`
        }[ancestry]);
    }
    return { move: true, reason: cases.join('; ') };
}
/**
 * The release an alias holds now, placed in release order: by the version label of its images (the action's own,
 * which a user's labels cannot replace), else by the release tags that name the commit its images were built from.
 * Undefined when it cannot be placed (no such label, an image from elsewhere).
 */
function placeHeld(held, order) {
    const labelled = held.versions.map(policy_releases/* parseRelease */.BC).filter((r) => r !== undefined);
    const best = (releases) => releases.reduce((a, b) => (!a || (0,policy_releases/* compareReleases */.c0)(b, a) > 0 ? b : a), undefined);
    const byLabel = best(labelled);
    if (byLabel)
        return { release: byLabel, from: `its images' version label ${(0,policy_releases/* formatRelease */.B9)(byLabel)}` };
    const tagged = (order.tags ?? []).filter((tag) => tag.commit !== undefined && held.revisions.includes(tag.commit));
    const byCommit = best(tagged.map((tag) => (0,policy_releases/* parseRelease */.BC)(tag.name)).filter((r) => r !== undefined));
    if (byCommit)
        return { release: byCommit, from: `the release tag of its commit ${held.revisions.join(', ')}` };
    return undefined;
}
/**
 * Whether an alias (`latest`, `1`, `1.16`) moves to this run's release, from what it holds when it is about to move:
 * never to a lower release than it holds (kept, with a notice); what it holds placed by placeHeld, and where it
 * cannot be placed, by the release order read at the start (`startReason`), with a notice saying so.
 */
function aliasVerdict(held, order, startReason) {
    const ours = (0,policy_releases/* parseRelease */.BC)(order.release);
    if (held.digest === undefined)
        return { move: true, reason: `the tag is new; in release order: ${startReason}` };
    const placed = placeHeld(held, order);
    if (!ours || !placed) {
        return {
            move: true,
            reason: `in release order: ${startReason}`,
            notice: `what it holds (${held.revisions.length > 0 ? `commit ${held.revisions.join(', ')}` : held.digest}) has no version label of this action's and its commit is none of the release tags': it is decided by the release order read at the start`
        };
    }
    const order_ = (0,policy_releases/* compareReleases */.c0)(placed.release, ours);
    if (order_ > 0) {
        return {
            move: false,
            level: 'notice',
            reason: `it holds ${(0,policy_releases/* formatRelease */.B9)(placed.release)} (${placed.from}), a higher release than this run's ${(0,policy_releases/* formatRelease */.B9)(ours)}`
        };
    }
    return {
        move: true,
        reason: `it holds ${(0,policy_releases/* formatRelease */.B9)(placed.release)} (${placed.from}), ${order_ === 0 ? 'this release' : `lower than this run's ${(0,policy_releases/* formatRelease */.B9)(ours)}`}; in release order: ${startReason}`
    };
}
/**
 * Whether a list tag moves, from what it holds now: an alias in release order by the policy's rule; a tag that
 * follows the run's ref by followRef() where there is a ref, else by guardTag().
 */
async function listVerdict(list, held, commit, follow, comparers, order) {
    if (!list.followsRef)
        return order ? aliasVerdict(held, order, list.reason) : { move: true, reason: `in release order: ${list.reason}` };
    return follow ? followRef(list.ref, held, commit, follow, comparers) : guardTag(list.ref, held, commit, comparers);
}

;// CONCATENATED MODULE: ./src/publish/held-tags.ts

const held_tags_COMMIT = /^([0-9a-f]{40}|[0-9a-f]{64})$/;
/** More images than this under one tag is not a list this action made: their revisions are not all read. */
const MAX_IMAGES_READ = 32;
/** What a tag holds, read from the registry: its digest and content (one request); undefined when it is not there. */
async function readHeldContent(registry, image, tag) {
    const fetched = await registry.getManifest(image, tag);
    if (!fetched)
        return undefined;
    const parsed = (0,oci/* parseManifest */.Ng)(fetched.bytes, `${image}:${tag}`, fetched.contentType);
    const content = parsed.kind === 'image'
        ? {
            bytes: fetched.bytes,
            mediaType: parsed.manifest.mediaType,
            manifests: [],
            images: [{ mediaType: parsed.manifest.mediaType, digest: fetched.digest, size: fetched.bytes.length }],
            attestations: []
        }
        : {
            bytes: fetched.bytes,
            mediaType: parsed.index.mediaType,
            manifests: parsed.index.manifests,
            images: parsed.index.manifests.filter((m) => !(0,oci/* isAttestation */.H3)(m)),
            attestations: parsed.index.manifests.filter((m) => (0,oci/* isAttestation */.H3)(m)),
            ...(parsed.index.annotations ? { annotations: parsed.index.annotations } : {})
        };
    return { digest: fetched.digest, content, ...(parsed.kind === 'image' ? { config: parsed.manifest.config.digest } : {}) };
}
/** What a tag holds now, read from the registry: its digest, its content, and the revision label of each of its images. */
async function readHeld(registry, image, tag) {
    const held = await readHeldContent(registry, image, tag);
    if (!held)
        return { revisions: [], versions: [] };
    const configs = held.config ? [held.config] : [];
    for (const entry of held.config ? [] : held.content.images.slice(0, MAX_IMAGES_READ)) {
        const inner = await registry.getManifest(image, entry.digest);
        const manifest = inner && (0,oci/* parseManifest */.Ng)(inner.bytes, `${image}@${entry.digest}`, inner.contentType);
        if (manifest?.kind === 'image')
            configs.push(manifest.manifest.config.digest);
    }
    const revisions = new Set();
    const versions = new Set();
    for (const digest of new Set(configs)) {
        const { labels } = (0,oci/* parseConfig */.o4)(await registry.getBlob(image, digest, oci/* MAX_CONFIG_BYTES */.GW), `the config ${digest} of ${image}:${tag}`);
        const revision = labels[oci/* OCI_KEYS */.Vv.revision];
        if (revision !== undefined && held_tags_COMMIT.test(revision))
            revisions.add(revision);
        const version = labels[oci/* OCI_KEYS */.Vv.version];
        if (version !== undefined && version.length <= 128)
            versions.add(version);
    }
    return { digest: held.digest, revisions: [...revisions], versions: [...versions], content: held.content };
}

;// CONCATENATED MODULE: ./src/publish/apply-tags.ts





/**
 * Whether a tag holds what this run would put there already: the same digest, or, where only attestations differ
 * (BuildKit records each build's times in them), the same images in the same order with the same platforms, and the
 * same media type and annotations. Such a tag is left as it is: a re-run of a reproducible build moves nothing, and
 * the tag keeps its earlier attestations.
 */
function holdsSameImages(held, heldDigest, wanted) {
    if (heldDigest === wanted.digest)
        return true;
    if (!held || held.attestations.length === 0)
        return false;
    const parsed = (0,oci/* parseManifest */.Ng)(wanted.bytes, `the manifest for ${wanted.digest}`, wanted.mediaType);
    const images = parsed.kind === 'image' ? [{ digest: wanted.digest, platform: undefined }] : parsed.index.manifests.filter((m) => !(0,oci/* isAttestation */.H3)(m));
    const attestations = parsed.kind === 'image' ? 0 : parsed.index.manifests.length - images.length;
    const annotations = parsed.kind === 'index' ? parsed.index.annotations : undefined;
    return (held.mediaType === wanted.mediaType &&
        held.attestations.length === attestations &&
        held.images.length === images.length &&
        held.images.every((image, i) => image.digest === images[i].digest && (0,oci/* samePlatform */.my)(image.platform, images[i].platform)) &&
        JSON.stringify(sorted(held.annotations)) === JSON.stringify(sorted(annotations)));
}
const sorted = (record) => Object.entries(record ?? {}).sort(([a], [b]) => a.localeCompare(b));
/**
 * What a tag holds, as a reader of the outputs wants it: an alias its release (its images' version label), a tag of
 * the ref the commits of its images; else its digest.
 */
function heldWords(held, followsRef) {
    if (!followsRef && held.versions.length > 0)
        return held.versions.join(', ');
    return held.revisions.length > 0 ? held.revisions.join(', ') : (held.digest ?? 'nothing');
}
/**
 * The move of every tag of the lists: each list tag as the guard judges it (this run's commit against what the tag
 * holds now), its platform tags with it. A tag that holds what this run would put there already is `unchanged`, and
 * keeps it.
 */
async function tagMoves(lists, platforms, 
/** What each list tag held when it was read (by tag); a tag not in it is read here. */
heldTags, guard, context) {
    const moves = [];
    for (const assembled of lists) {
        throwIfCancelled(context.signal, 'no tag moved');
        const { list } = assembled;
        const held = heldTags.get(list.tag) ?? (await readHeld(context.registry, context.image, list.tag));
        const verdict = await listVerdict(list, held, guard.commit, guard.follow, guard.comparers, guard.order);
        if (verdict.notice)
            context.log.notice(`${list.ref}: ${verdict.notice}`);
        const holds = heldWords(held, list.followsRef);
        const same = verdict.move && holdsSameImages(held.content, held.digest, assembled);
        const state = !verdict.move ? 'kept' : same ? 'unchanged' : 'not moved';
        const reason = same && held.digest !== assembled.digest
            ? `${verdict.reason}; it holds this run's images already, with an earlier build's attestations, which it keeps`
            : verdict.reason;
        context.log.info(`${list.ref} ${state === 'kept' ? 'stays where it is' : state === 'unchanged' ? 'holds what this run built already, and is left as it is' : "moves to this run's list"}: ${reason}`);
        moves.push({
            outcome: {
                ref: list.ref,
                tag: list.tag,
                kind: 'list',
                list: list.ref,
                digest: same && held.digest ? held.digest : assembled.digest,
                state,
                reason,
                holds,
                ...(verdict.level ? { level: verdict.level } : {})
            },
            bytes: assembled.bytes,
            mediaType: assembled.mediaType
        });
        for (const platformTag of list.platformTags) {
            const platform = platforms.get(platformTag.platform);
            if (!platform)
                throw new Error(`internal: no pushed platform ${platformTag.platform}`);
            const heldPlatform = verdict.move ? await readHeldContent(context.registry, context.image, platformTag.tag) : undefined;
            const samePlatformTag = verdict.move && holdsSameImages(heldPlatform?.content, heldPlatform?.digest, platform.pushed);
            const platformState = !verdict.move ? 'kept' : samePlatformTag ? 'unchanged' : 'not moved';
            const platformReason = verdict.move ? `it goes with ${list.ref}` : `it goes with ${list.ref}, which stays: ${verdict.reason}`;
            moves.push({
                outcome: {
                    ref: platformTag.ref,
                    tag: platformTag.tag,
                    kind: 'platform',
                    platform: platformTag.platform,
                    list: list.ref,
                    digest: samePlatformTag && heldPlatform ? heldPlatform.digest : platform.pushed.digest,
                    state: platformState,
                    reason: platformReason,
                    holds: heldPlatform?.digest ?? (verdict.move ? 'nothing' : undefined)
                },
                bytes: platform.pushed.bytes,
                mediaType: platform.pushed.mediaType
            });
        }
    }
    return moves;
}
/**
 * Reads again, just before the moves, what each alias that is to move holds, and keeps it (with its platform tags)
 * where it now holds a higher release: another release's run may have moved it since it was first read (runs of two
 * tags run at once). What is left uncovered is the instant between this read and the push (docs/guarantees.md).
 */
async function recheckAliases(moves, lists, order, context) {
    if (!order)
        return;
    for (const move of moves.filter((m) => m.outcome.kind === 'list' && m.outcome.state === 'not moved')) {
        const list = lists.find((assembled) => assembled.list.ref === move.outcome.ref)?.list;
        if (!list || list.followsRef)
            continue;
        throwIfCancelled(context.signal, 'no tag moved');
        const held = await readHeld(context.registry, context.image, list.tag);
        const verdict = aliasVerdict(held, order, list.reason);
        if (verdict.move)
            continue;
        const holds = heldWords(held, false);
        context.log.info(`${list.ref} stays where it is: read again just before the move, ${verdict.reason}`);
        for (const kept of moves.filter((m) => m.outcome.list === list.ref)) {
            kept.outcome.state = 'kept';
            kept.outcome.level = 'notice';
            kept.outcome.reason = kept.outcome.kind === 'list' ? verdict.reason : `it goes with ${list.ref}, which stays: ${verdict.reason}`;
            if (kept.outcome.kind === 'list')
                kept.outcome.holds = holds;
        }
    }
}
/** The tags that will move, in the order they move: platform tags first, list tags last. */
function movingInOrder(moves) {
    const moving = moves.filter((move) => move.outcome.state === 'not moved');
    return [...moving.filter((m) => m.outcome.kind === 'platform'), ...moving.filter((m) => m.outcome.kind === 'list')];
}
/** Puts each list under its digest alone (no tag moves), so that it is in the registry before anything refers to it. */
async function pushListsByDigest(lists, moves, context) {
    for (const assembled of lists) {
        if (!moves.some((move) => move.outcome.list === assembled.list.ref && move.outcome.state === 'not moved'))
            continue;
        throwIfCancelled(context.signal, 'no tag moved');
        await context.registry.putManifest(context.image, assembled.digest, assembled.bytes, assembled.mediaType);
        context.log.info(`${context.image}@${assembled.digest}: the list of ${assembled.list.ref}, pushed by its digest (no tag moved)`);
    }
}
/**
 * Moves the tags that move, platform tags first and list tags last, each read back. A PUT that ran out of time may
 * have been applied: the tag is read again, recorded as possibly moved with what it holds, and nothing further moves.
 */
async function moveTags(moves, context) {
    for (const move of movingInOrder(moves)) {
        const { outcome } = move;
        throwIfCancelled(context.signal, `${outcome.ref} and the tags after it were not moved`);
        try {
            await context.registry.putManifest(context.image, outcome.tag, move.bytes, move.mediaType);
        }
        catch (error) {
            if (!(error instanceof client/* RegistryError */.gl && error.timedOut))
                throw error;
            const now = await context.registry.getManifest(context.image, outcome.tag).then((read) => read ? (read.digest === outcome.digest ? `this run's ${outcome.digest}` : `another manifest (${read.digest})`) : 'nothing: the tag is not there', (reason) => `nothing readable (${reason.message.split('\n')[0]})`);
            outcome.state = 'possibly moved';
            outcome.holds = now;
            throw new Error(`${outcome.ref} may have moved: its push did not finish within command-timeout and was stopped; read again, the tag holds ${now}. No further tag was moved.`);
        }
        // Pushed: reported as moved from here on, whatever the read-back finds.
        outcome.state = 'moved';
        const readBack = await context.registry.getManifest(context.image, outcome.tag).catch((error) => {
            throw new Error(`${outcome.ref} was pushed (${outcome.digest}), but reading it back failed: ${error.message}; no further tag was moved`);
        });
        if (readBack?.digest !== outcome.digest) {
            throw new Error(`${outcome.ref} was pushed (${outcome.digest}), but the registry now holds ${readBack?.digest ?? 'nothing'} under it; no further tag was moved`);
        }
        context.log.info(`${outcome.ref} -> ${outcome.digest}`);
    }
}

// EXTERNAL MODULE: ./src/plan/reproducible.ts
var reproducible = __webpack_require__(7043);
;// CONCATENATED MODULE: ./src/publish/lists.ts


/**
 * The sources of a list: per platform, a descriptor of what its build pushed when that is an index (imagetools then
 * takes the image and its attestation manifest from it), and a descriptor of the image with its platform, which
 * gives the entry the platform and os.version read from its config. No media type is named, so buildx fetches each
 * by its digest in the list's repository (buildx 0.10 to today).
 */
function listSources(list, platforms) {
    return list.entries.flatMap((entry) => {
        const platform = platforms.get(entry.platform);
        if (!platform)
            throw new Error(`internal: no pushed platform ${entry.platform}`);
        const image = JSON.stringify({ digest: platform.image.digest, size: platform.image.size, platform: platform.image.platform });
        return platform.attestation ? [JSON.stringify({ digest: platform.pushed.digest, size: platform.pushed.bytes.length }), image] : [image];
    });
}
/**
 * What the list must hold, in order: each platform's image with its platform, followed by its attestation manifest
 * when it has one.
 */
function expectedEntries(list, platforms) {
    return list.entries.flatMap((entry) => {
        const platform = platforms.get(entry.platform);
        if (!platform)
            throw new Error(`internal: no pushed platform ${entry.platform}`);
        return [
            { platform: entry.platform, descriptor: platform.image },
            ...(platform.attestation ? [{ platform: entry.platform, descriptor: platform.attestation, attestationOf: platform.image.digest }] : [])
        ];
    });
}
/**
 * Whether the list is the design's Docker manifest list: imagetools writes one over Docker images without
 * attestations when the list carries no annotations; anything else is an OCI index.
 */
function isDockerList(list, platforms, annotations) {
    return (annotations.length === 0 &&
        list.entries.every((entry) => {
            const platform = platforms.get(entry.platform);
            return platform !== undefined && !platform.attestation && platform.image.mediaType === oci/* MEDIA_TYPES */.Z2.dockerManifest;
        }));
}
/**
 * Compares a list with what it must hold (see expectedEntries) and the plan's annotations. Returns the
 * differences, each in words; empty when the list is exactly that.
 */
function compareList(list, platforms, annotations, found, 
/** An attestation manifest of another build of the same image will do (a list a re-run finds in the registry). */
anyAttestation = false) {
    const want = expectedEntries(list, platforms);
    const differences = [];
    for (const [index, expected] of want.entries()) {
        const entry = found.manifests[index];
        const name = expected.attestationOf ? `${expected.platform}'s attestation manifest` : expected.platform;
        if (!entry) {
            differences.push(`${name} (${expected.descriptor.digest}) is missing at entry ${index + 1}`);
            continue;
        }
        if (anyAttestation && expected.attestationOf && (0,oci/* isAttestation */.H3)(entry)) {
            if (entry.annotations?.['vnd.docker.reference.digest'] !== expected.attestationOf)
                differences.push(`${name} does not refer to its image`);
            continue;
        }
        if (entry.digest !== expected.descriptor.digest) {
            const elsewhere = found.manifests.findIndex((m) => m.digest === expected.descriptor.digest);
            differences.push(elsewhere >= 0
                ? `${name} is entry ${elsewhere + 1}, not ${index + 1}`
                : `entry ${index + 1} is ${entry.digest}, not ${name} (${expected.descriptor.digest})`);
            continue;
        }
        if (!expected.attestationOf && !(0,oci/* samePlatform */.my)(entry.platform, expected.descriptor.platform)) {
            differences.push(`${name} has platform ${(0,oci/* describePlatform */.d5)(entry.platform)}, not ${(0,oci/* describePlatform */.d5)(expected.descriptor.platform)}`);
        }
        if (expected.attestationOf && entry.annotations?.['vnd.docker.reference.digest'] !== expected.attestationOf)
            differences.push(`${name} does not refer to its image`);
    }
    for (const extra of found.manifests.slice(want.length))
        differences.push(`unexpected entry ${extra.digest} (${(0,oci/* describePlatform */.d5)(extra.platform)})`);
    for (const [key, value] of annotations) {
        const held = found.annotations?.[key];
        if (held !== value)
            differences.push(`annotation ${key} is ${held === undefined ? 'missing' : JSON.stringify(held)}, not ${JSON.stringify(value)}`);
    }
    if (isDockerList(list, platforms, annotations) && found.mediaType !== oci/* MEDIA_TYPES */.Z2.dockerList) {
        differences.push(`it is ${found.mediaType}, not a Docker manifest list of its Docker images`);
    }
    if (!oci/* INDEX_TYPES */.V.includes(found.mediaType))
        differences.push(`it is ${found.mediaType}, not a list`);
    if (found.manifests.some((m) => !oci/* IMAGE_MANIFEST_TYPES */.ML.includes(m.mediaType)))
        differences.push('an entry is not an image manifest');
    return differences;
}
/**
 * The annotations of a merge's lists: a merge has no checkout and builds nothing, so with reproducible images its
 * lists take the created time their images carry (their commit's, set by the legs) when they all carry the same one,
 * as a single run's lists do. Elsewhere, the plan's.
 */
function mergedListAnnotations(plan, platforms) {
    const created = plan.indexAnnotations.findIndex(([key]) => key === reproducible/* CREATED */.DE);
    if (plan.role !== 'merge' || plan.reproducibility.mode === 'false' || created < 0)
        return { annotations: plan.indexAnnotations };
    const times = new Set([...platforms.values()].map((platform) => platform.created ?? ''));
    const [time] = [...times];
    if (times.size !== 1 || !time)
        return {
            annotations: plan.indexAnnotations,
            note: `the images carry ${times.size > 1 ? 'different created times' : 'no created time'}, so the lists' ${reproducible/* CREATED */.DE} is this merge's time, and not reproducible`
        };
    const annotations = plan.indexAnnotations.map(([key, value]) => (key === reproducible/* CREATED */.DE ? [key, time] : [key, value]));
    return { annotations, note: `the lists' ${reproducible/* CREATED */.DE} is ${time}, the time their images carry` };
}
/**
 * The list a tag holds already, when it is the list this run would assemble: the same images in the same order with
 * the same platforms and annotations, in the media type imagetools would write, with attestation manifests of
 * earlier builds of the same images allowed (a re-run). imagetools is then not run for it: nothing of it would move.
 */
function heldAsThisRunsList(list, platforms, annotations, held) {
    const { content, digest } = held;
    if (!content || !digest || content.manifests.length === 0)
        return undefined;
    if (compareList(list, platforms, annotations, content, true).length > 0)
        return undefined;
    // imagetools writes exactly these annotations, no more; and an index of its images' kind.
    if (Object.keys(content.annotations ?? {}).length !== annotations.length)
        return undefined;
    if (content.mediaType !== (isDockerList(list, platforms, annotations) ? oci/* MEDIA_TYPES */.Z2.dockerList : oci/* MEDIA_TYPES */.Z2.ociIndex))
        return undefined;
    return { list, bytes: content.bytes, digest, mediaType: content.mediaType };
}
/** Assembles a list with `imagetools create --dry-run` (the buildx port), checks it, and returns it as it will be pushed. */
async function assembleList(list, platforms, annotations, context) {
    const bytes = await context.buildx.assembleList(context.builder, list.ref, listSources(list, platforms), annotations, context.cwd);
    const parsed = (0,oci/* parseManifest */.Ng)(bytes, `the list imagetools assembled for ${list.ref}`);
    if (parsed.kind !== 'index')
        throw new Error(`imagetools assembled an image, not a list, for ${list.ref}; no list was pushed`);
    const differences = compareList(list, platforms, annotations, parsed.index);
    if (differences.length > 0)
        throw new Error(`${list.ref} would not hold what this run built, so no tag moved: ${differences.join('; ')}`);
    return { list, bytes, digest: (0,oci/* digestOf */.ol)(bytes), mediaType: parsed.index.mediaType };
}
/** A platform as a node chooses it: os, architecture, variant, and a Windows image's build (its release). */
function platformKey(platform) {
    if (!platform)
        return '';
    const build = platform.os === 'windows' ? platform['os.version']?.split('.')[2] : undefined;
    return `${platform.os}/${platform.architecture}${platform.variant ? `/${platform.variant}` : ''}${build ? ` (build ${build})` : ''}`;
}
/**
 * The platforms a list tag holds now that this run's list does not: what moving it would drop (an empty `os`
 * replacing a list with Windows entries by a Linux-only one), each as describePlatform words it.
 */
function droppedPlatforms(held, assembled) {
    if (!held.content)
        return [];
    const parsed = (0,oci/* parseManifest */.Ng)(assembled.bytes, `the list of ${assembled.list.ref}`, assembled.mediaType);
    const kept = new Set((parsed.kind === 'index' ? parsed.index.manifests.filter((m) => !(0,oci/* isAttestation */.H3)(m)) : []).map((m) => platformKey(m.platform)));
    return held.content.images.filter((image) => image.platform && !kept.has(platformKey(image.platform))).map((image) => (0,oci/* describePlatform */.d5)(image.platform));
}

;// CONCATENATED MODULE: ./src/publish/read-back.ts


const read_back_REVISION_LABEL = oci/* OCI_KEYS */.Vv.revision;
const SOURCE_LABEL = oci/* OCI_KEYS */.Vv.source;
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
/**
 * Fails unless a Windows image carries the os.version of its windows-version (10.0.20348.* for ltsc2022): without
 * one, Windows nodes could not choose it by version; with another release's, that release's nodes would take it.
 */
function checkWindowsRelease(ref, platform, windowsVersion, version) {
    if (!version) {
        throw new Error(`${ref} (${platform}) has no os.version in its image config, so Windows nodes could not choose it by version; nothing was published. Build it FROM a Windows base image such as mcr.microsoft.com/windows/nanoserver:${windowsVersion}.`);
    }
    const build = shared_platforms/* WINDOWS_BUILDS */.c_[windowsVersion];
    if (version.split('.')[2] !== build) {
        const actual = Object.entries(shared_platforms/* WINDOWS_BUILDS */.c_).find(([, b]) => b === version.split('.')[2])?.[0] ?? 'another Windows release';
        throw new Error(`${ref} (${platform}) has os.version ${version}, which is ${actual}, not ${windowsVersion} (10.0.${build}.*): its base image is for another Windows release, and ${windowsVersion} nodes would find no image; nothing was published.`);
    }
}
/** The platform a target's image must have. */
function expectedPlatform(target) {
    const [architecture, variant] = target.arch.split('/');
    return { os: target.os, architecture, ...(variant ? { variant } : {}) };
}
async function fetchManifest(registry, image, digest, from) {
    const fetched = await registry.getManifest(image, digest);
    if (!fetched)
        throw new Error(`${from}: ${image}@${digest} is not in the registry (was it deleted, or pushed to another registry?); nothing was published`);
    return fetched;
}
/**
 * Reads what a platform's build pushed and checks it against its target and this run: an image of the target's
 * platform (a Windows one with the os.version of its release), or an index of one such image and the attestation
 * manifest that refers to it; the image's config labelled with this run's commit and repository.
 */
async function readPushedPlatform(registry, image, target, built, provenance, note = () => undefined) {
    if (!built.digest)
        throw new Error(`${built.from}: ${target.platform} names no digest, so what it pushed cannot be read; nothing was published`);
    const ref = `${image}@${built.digest}`;
    const pushed = await fetchManifest(registry, image, built.digest, built.from);
    const parsed = (0,oci/* parseManifest */.Ng)(pushed.bytes, ref, pushed.contentType);
    let imageDescriptor;
    let imageManifest;
    let attestation;
    let predicates = [];
    if (parsed.kind === 'image') {
        imageDescriptor = { mediaType: parsed.manifest.mediaType, digest: pushed.digest, size: pushed.bytes.length };
        imageManifest = pushed;
    }
    else {
        const images = parsed.index.manifests.filter((m) => !(0,oci/* isAttestation */.H3)(m));
        if (images.length !== 1) {
            throw new Error(`${built.from}: ${ref} should hold one image and its attestation manifest, but holds ${parsed.index.manifests.length} manifests (${images.length} images); nothing was published`);
        }
        imageDescriptor = images[0];
        attestation = parsed.index.manifests.find((m) => m.annotations?.[oci/* ATTESTATION_TYPE */.Qs] === 'attestation-manifest' && m.annotations?.[oci/* ATTESTATION_REFERS_TO */.jw] === imageDescriptor.digest);
        if (!attestation)
            throw new Error(`${built.from}: ${ref} holds no attestation manifest referring to its image ${imageDescriptor.digest}; nothing was published`);
        imageManifest = await fetchManifest(registry, image, imageDescriptor.digest, built.from);
        const attested = (0,oci/* parseManifest */.Ng)((await fetchManifest(registry, image, attestation.digest, built.from)).bytes, `${image}@${attestation.digest}`);
        predicates =
            attested.kind === 'image' ? attested.manifest.layers.map((layer) => layer.annotations?.[oci/* PREDICATE_TYPE */.To]).filter((p) => p !== undefined) : [];
    }
    const manifest = (0,oci/* parseManifest */.Ng)(imageManifest.bytes, `${image}@${imageDescriptor.digest}`, imageManifest.contentType);
    if (manifest.kind !== 'image')
        throw new Error(`${built.from}: ${image}@${imageDescriptor.digest} is an index inside an index, not an image; nothing was published`);
    const config = (0,oci/* parseConfig */.o4)(await registry.getBlob(image, manifest.manifest.config.digest, oci/* MAX_CONFIG_BYTES */.GW), `the config of ${image}@${imageDescriptor.digest}`);
    const want = expectedPlatform(target);
    const found = config.platform;
    if (found.os !== want.os || found.architecture !== want.architecture || (found.variant ?? '') !== (want.variant ?? '')) {
        throw new Error(`${built.from}: ${ref} is an image for ${(0,oci/* describePlatform */.d5)(found)}, not ${target.platform}; nothing was published`);
    }
    const platform = { ...want };
    if (target.os === 'windows') {
        checkWindowsRelease(ref, target.platform, target.windowsVersion, found['os.version']);
        platform['os.version'] = found['os.version'];
        // BuildKit 0.11 writes none on an attested image's descriptor: the lists carry the config's, which is what the image is.
        const written = imageDescriptor.platform?.['os.version'];
        if (parsed.kind === 'index' && written !== found['os.version'])
            note(`[${target.platform}] BuildKit wrote ${written ? `os.version ${written}` : 'no os.version'} on the image's descriptor; the lists carry its config's, ${found['os.version']}`);
    }
    checkLabel(config.labels, read_back_REVISION_LABEL, provenance.commit, 'commit', built, ref);
    checkLabel(config.labels, SOURCE_LABEL, provenance.source, 'repository', built, ref);
    const created = config.labels[oci/* OCI_KEYS */.Vv.created];
    return {
        pushed: { bytes: pushed.bytes, digest: pushed.digest, mediaType: parsed.kind === 'image' ? parsed.manifest.mediaType : parsed.index.mediaType },
        image: { mediaType: imageDescriptor.mediaType || manifest.manifest.mediaType, digest: imageDescriptor.digest, size: imageDescriptor.size, platform },
        ...(attestation ? { attestation } : {}),
        predicates,
        ...(created !== undefined && RFC3339.test(created) ? { created } : {})
    };
}
function checkLabel(labels, label, expected, what, built, ref) {
    if (expected === '' || labels[label] === expected)
        return;
    const held = labels[label] === undefined ? `no ${label} label` : `${label} ${labels[label]}`;
    throw new Error(`${built.from}: ${ref} is an image with ${held}, not this run's ${what} ${expected}; nothing was published`);
}

// EXTERNAL MODULE: ./src/system/sigstore.ts
var system_sigstore = __webpack_require__(65955);
// EXTERNAL MODULE: ./src/policy/job-identity.ts
var job_identity = __webpack_require__(36488);
// EXTERNAL MODULE: ./src/system/github.ts
var github = __webpack_require__(35722);
;// CONCATENATED MODULE: ./src/publish/attestation.ts


const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
const GITHUB_BUILD_TYPE = 'https://actions.github.io/buildtypes/workflow/v1';
const PUBLIC_GOOD = { fulcio: 'https://fulcio.sigstore.dev', rekor: 'https://rekor.sigstore.dev' };
/**
 * The instance: public-good Sigstore for a public repository, GitHub's for a private one (as GitHub's artifact
 * attestations choose), or the endpoints the environment names (SIGSTORE_FULCIO_URL, SIGSTORE_REKOR_URL,
 * SIGSTORE_TSA_URL, SIGSTORE_TRUSTED_ROOT): GitHub Enterprise, or a test's own services.
 */
function sigstoreInstance(choice, visibility, context) {
    const named = context.sigstore;
    if (named.fulcio) {
        return {
            name: 'custom',
            fulcio: named.fulcio,
            ...(named.rekor ? { rekor: named.rekor } : {}),
            ...(named.tsa ? { tsa: named.tsa } : {}),
            ...(named.trustedRoot ? { trustedRootFile: named.trustedRoot } : {})
        };
    }
    const name = choice === 'auto' ? (visibility === 'public' ? 'public-good' : 'github') : choice;
    if (name === 'public-good')
        return { name, ...PUBLIC_GOOD };
    const server = new URL((0,github/* githubServer */.Dl)(context)).hostname;
    const host = server === 'github.com' ? 'githubapp.com' : server;
    return { name, fulcio: `https://fulcio.${host}`, tsa: `https://timestamp.${host}/api/v1/timestamp` };
}
/**
 * What the provenance says of the run, from its context; `commit` is what the checkout held (the event's GITHUB_SHA
 * unless the workflow checked out another commit on purpose, which the statement then names too).
 */
function provenanceStatement(subject, context, commit = context.sha) {
    const server = (0,github/* githubServer */.Dl)(context);
    const { repository, workflowRef } = context;
    const path = workflowRef.slice(repository.length + 1).split('@')[0];
    return {
        _type: STATEMENT_TYPE,
        subject: [{ name: subject.name, digest: { sha256: subject.digest.replace(/^sha256:/, '') } }],
        predicateType: system_sigstore/* SLSA_PROVENANCE */.YD,
        predicate: {
            buildDefinition: {
                buildType: GITHUB_BUILD_TYPE,
                externalParameters: { workflow: { ref: context.ref, repository: `${server}/${repository}`, path } },
                internalParameters: {
                    github: {
                        ...(commit !== context.sha ? { event_sha: context.sha } : {}),
                        event_name: context.eventName,
                        repository_id: context.repositoryId,
                        repository_owner_id: context.repositoryOwnerId,
                        runner_environment: context.runnerEnvironment
                    }
                },
                resolvedDependencies: [{ uri: `git+${server}/${repository}@${context.ref}`, digest: { gitCommit: commit } }]
            },
            runDetails: {
                builder: { id: `${server}/${workflowRef}` },
                metadata: { invocationId: `${server}/${repository}/actions/runs/${context.runId}/attempts/${context.runAttempt}` }
            }
        }
    };
}
/**
 * What a user runs to verify a signed digest with GitHub's CLI, pinned to exactly what signed it: the repository, the
 * workflow file that signed (the job's, a reusable workflow's where one was called), the ref and commit the run was
 * for (the certificate's source ref and digest: the event's, GITHUB_SHA, else this run's commit), and the issuer.
 */
function verifyCommand(subject, identity, context, commit) {
    const server = (0,github/* githubServer */.Dl)(context);
    const workflow = identity.subject.startsWith(`${server}/`) ? identity.subject.slice(server.length + 1).replace(/@[^@]*$/, '') : identity.subject;
    const args = [
        'gh',
        'attestation',
        'verify',
        `oci://${subject}`,
        '--repo',
        context.repository || '<owner>/<repository>',
        '--signer-workflow',
        workflow,
        '--source-ref',
        context.ref || '<ref>',
        '--source-digest',
        context.sha || commit || '<commit>',
        '--cert-oidc-issuer',
        identity.issuer,
        // gh asks github.com unless told another host: GitHub Enterprise Server, or GHE.com's own subdomain.
        ...(new URL(server).hostname === 'github.com' ? [] : ['--hostname', new URL(server).host])
    ];
    return args.join(' ');
}
/**
 * What a bundle's provenance statement says of itself: the image it names (its one subject's name) and the commit
 * (its resolved dependency's gitCommit); undefined where it does not say.
 */
function statementClaims(bundle) {
    const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope?.payload ?? '', 'base64').toString('utf8'));
    const commit = statement.predicate?.buildDefinition?.resolvedDependencies?.[0]?.digest?.gitCommit;
    const image = statement.subject?.length === 1 ? statement.subject[0].name : undefined;
    return { ...(typeof image === 'string' ? { image } : {}), ...(typeof commit === 'string' ? { commit } : {}) };
}

;// CONCATENATED MODULE: ./src/publish/sign.ts





/** More referrers than this on one digest are not read: the first ones are this action's. */
const MAX_REFERRERS_READ = 16;
/** A bundle is a few kilobytes; far more is not one. */
const MAX_BUNDLE_BYTES = 1024 * 1024;
/**
 * Whether a bundle is one this run would have made: verified for exactly this signer, about `digest` in this image's
 * repository, at this commit. (GitHub lists a repository's attestations by digest alone: the same digest pushed to
 * another repository has a bundle of its own.)
 */
async function isOwnBundle(bundle, sigstore, digest, expected) {
    try {
        await sigstore.verify(bundle, expected.root, expected.instance, { subject: expected.identity.subject, issuer: expected.identity.issuer, digest });
        const claims = statementClaims(bundle);
        return claims.commit === expected.commit && claims.image === expected.image;
    }
    catch {
        // Not a bundle of this workflow at this commit: another's signature, or something else.
        return false;
    }
}
/**
 * The referrer of `digest` that holds a bundle this run would have made: one that verifies against the trusted root
 * for exactly this job's identity (its workflow at its ref) and issuer, whose statement is about `digest` and names
 * this commit. Undefined when there is none; a referrer that is not such a bundle is passed over.
 */
async function findOwnBundle(registry, sigstore, image, digest, expected) {
    const referrers = (await registry.getReferrers(image, digest)).filter((r) => r.artifactType === system_sigstore/* BUNDLE_MEDIA_TYPE */.NV).slice(0, MAX_REFERRERS_READ);
    for (const referrer of referrers) {
        let bundle;
        try {
            const fetched = await registry.getManifest(image, referrer.digest);
            const manifest = fetched && (0,oci/* parseManifest */.Ng)(fetched.bytes, `${image}@${referrer.digest}`, fetched.contentType);
            const layer = manifest?.kind === 'image' ? manifest.manifest.layers.find((l) => l.mediaType === system_sigstore/* BUNDLE_MEDIA_TYPE */.NV) : undefined;
            if (!layer || layer.size > MAX_BUNDLE_BYTES)
                continue;
            bundle = JSON.parse((await registry.getBlob(image, layer.digest, MAX_BUNDLE_BYTES)).toString('utf8'));
        }
        catch {
            continue;
        }
        if (await isOwnBundle(bundle, sigstore, digest, expected))
            return { referrer: referrer.digest, bundle };
    }
    return undefined;
}
/** The bundle GitHub's attestations API holds for `digest` that this run would have made; undefined when none. */
async function findRecordedBundle(api, sigstore, digest, expected) {
    for (const bundle of (await api.attestationsFor(digest)).slice(0, MAX_REFERRERS_READ)) {
        if (await isOwnBundle(bundle, sigstore, digest, expected))
            return bundle;
    }
    return undefined;
}
/** The referrer's annotations: what gh and cosign look for to tell a provenance bundle. */
const BUNDLE_ANNOTATIONS = { 'dev.sigstore.bundle.predicateType': system_sigstore/* SLSA_PROVENANCE */.YD, 'dev.sigstore.bundle.content': 'dsse-envelope' };
/** Attaches a bundle in the registry as a referrer of `digest` (the subject's descriptor read from the registry). */
async function attach(registry, image, digest, bundle) {
    const subject = await registry.getManifest(image, digest);
    if (!subject)
        throw new Error(`${image}@${digest} is not in the registry`);
    const artifact = {
        bytes: Buffer.from(JSON.stringify(bundle)),
        mediaType: system_sigstore/* BUNDLE_MEDIA_TYPE */.NV,
        artifactType: system_sigstore/* BUNDLE_MEDIA_TYPE */.NV,
        annotations: BUNDLE_ANNOTATIONS
    };
    return registry.pushReferrer(image, { mediaType: subject.contentType, digest, size: subject.bytes.length }, artifact);
}
/**
 * Signs each subject (a digest in the image's repository, and what it is), before any tag moves. Returns what was
 * signed; throws, naming the digest, when a signature, its verification, its record or its attachment fails.
 */
async function signDigests(subjects, request, ports) {
    const { github, log, sigstore } = ports;
    const { image, commit, registry } = request;
    const { context, api } = github;
    const instance = sigstoreInstance(request.choice, context.event?.payload.repository?.visibility, context);
    throwIfCancelled(ports.signal, 'nothing was signed and no tag was moved');
    const signed = [];
    await log.group(`Sign every image and list the tags will hold (Sigstore: ${instance.name})`, async () => {
        // A fresh token: the builds may have taken longer than the token lives.
        const identity = (0,job_identity/* jobIdentity */.K)(await github.idToken('sigstore', request.timeoutSeconds * 1000), context);
        const root = await sigstore.trustedRoot(instance, () => github.trustedRoots());
        const expected = { root, instance, identity, commit, image };
        if (!api)
            log.info("No GitHub API in this run: each bundle is attached in the registry alone, not recorded with GitHub's attestations API");
        for (const { digest, of } of subjects) {
            throwIfCancelled(ports.signal, 'signing was stopped and no tag was moved');
            const subject = `${image}@${digest}`;
            const step = (what, run) => run().catch((error) => {
                throw new Error(`${of} (${subject}): ${what} failed, so no tag was moved: ${error.message}`);
            });
            const verify = verifyCommand(subject, identity, context, commit);
            // A re-run: the digest may carry this workflow's bundle for this commit already, in either record or both.
            const attached = await step('reading its signatures in the registry', () => findOwnBundle(registry, sigstore, image, digest, expected));
            const recorded = api ? await step("reading its attestations in GitHub's API", () => findRecordedBundle(api, sigstore, digest, expected)) : undefined;
            if (attached && (recorded || !api)) {
                log.info(`[${of}] ${subject}: signed already for ${identity.subject} at commit ${commit} (bundle ${attached.referrer}${api ? ', recorded with GitHub' : ''}, verified): not signed again`);
                signed.push({ subject, digest, of, attestationId: '', referrer: attached.referrer, verify, signedBefore: true });
                continue;
            }
            let bundle = attached?.bundle ?? recorded;
            if (!bundle) {
                const statement = provenanceStatement({ name: image, digest }, context, commit);
                const made = await step('signing', () => sigstore.sign(statement, instance, identity.token));
                await step('verifying the signature', () => sigstore.verify(made, root, instance, { subject: identity.subject, issuer: identity.issuer, digest }));
                bundle = made;
            }
            const own = bundle;
            // GitHub's record first: a run stopped between the two leaves the registry without the referrer, which the
            // next run's lookup sees and completes (the registry's referrer is what makes a digest look signed).
            const attestationId = api && !recorded ? await step("recording the attestation with GitHub's API", () => api.recordAttestation(own)) : '';
            const referrer = attached?.referrer ?? (await step('attaching the bundle in the registry', () => attach(registry, image, digest, own)));
            if (attached) {
                log.info(`[${of}] ${subject}: signed by an earlier run (bundle ${referrer} in the registry), which did not record it with GitHub: recorded now (attestation ${attestationId})`);
                signed.push({ subject, digest, of, attestationId, referrer, verify, completed: 'github-record' });
            }
            else if (recorded) {
                log.info(`[${of}] ${subject}: signed by an earlier run and recorded with GitHub, whose bundle the registry did not hold: attached now (${referrer})`);
                signed.push({ subject, digest, of, attestationId, referrer, verify, completed: 'registry-referrer' });
            }
            else {
                log.info(`[${of}] ${subject}: signed for ${identity.subject}, verified${attestationId ? `, recorded with GitHub (attestation ${attestationId})` : ''}, bundle attached (${referrer})`);
                signed.push({ subject, digest, of, attestationId, referrer, verify });
            }
        }
    });
    return signed;
}

;// CONCATENATED MODULE: ./src/publish/stage.ts










/** Every distinct digest a user can pull from the tags that will move: the images of moving lists and platform tags, and the lists. */
function signingSubjects(moves, published) {
    // What the tags hold once they moved: a moving tag this run's digest, an unchanged one what it holds already.
    const kept = moves.filter((move) => move.outcome.state === 'not moved' || move.outcome.state === 'unchanged');
    const subjects = new Map();
    for (const [platform, image] of published) {
        const platformTags = kept.filter((move) => move.outcome.kind === 'platform' && move.outcome.platform === platform);
        if (!kept.some((move) => move.outcome.kind === 'list') && platformTags.length === 0)
            continue;
        subjects.set(image.image.digest, platform);
        // With attestations a platform tag names the platform's index (its image and attestation manifest): that too
        // is what a user pulls, and is signed.
        for (const tag of platformTags)
            if (!subjects.has(tag.outcome.digest))
                subjects.set(tag.outcome.digest, `${platform}, its index (${tag.outcome.tag})`);
    }
    for (const move of kept.filter((m) => m.outcome.kind === 'list'))
        if (!subjects.has(move.outcome.digest))
            subjects.set(move.outcome.digest, move.outcome.ref);
    return [...subjects].map(([digest, of]) => ({ digest, of }));
}
/** Every platform's push, read back and checked, at once (each is a few requests); logged in the design's order. */
async function readBack(plan, records, provenance, registry, ports) {
    const read = await Promise.allSettled(plan.targets.map(async (target) => {
        const record = records.find((r) => r.platform === target.platform);
        if (!record)
            throw new Error(`internal: nothing built for ${target.platform}`);
        const notes = [];
        return { target, notes, image: await readPushedPlatform(registry, plan.image, target, record, provenance, (line) => notes.push(line)) };
    }));
    const failed = read.find((r) => r.status === 'rejected');
    if (failed)
        throw failed.reason;
    const published = new Map();
    for (const { target, notes, image } of read.map((r) => r.value)) {
        for (const note of notes)
            ports.log.info(note);
        published.set(target.platform, image);
        const osVersion = image.image.platform['os.version'];
        const attestation = image.attestation ? `, attestation ${image.attestation.digest}: ${image.predicates.join(', ')}` : '';
        ports.log.info(`[${target.platform}] ${plan.image}@${image.pushed.digest}: image ${image.image.digest}${osVersion ? ` (os.version ${osVersion})` : ''}${attestation}, built from ${provenance.commit || 'an unknown commit'}`);
    }
    return published;
}
async function publish(input, ports) {
    const publication = { platforms: input.platforms.records, lists: [], tags: [], signed: [], dropped: [] };
    if (input.plan.lists.length === 0)
        return publication;
    try {
        await publishLists(input, ports, publication);
        return publication;
    }
    catch (error) {
        throw new stage_failure/* StageFailure */.B(error, publication);
    }
}
/** Publishes the plan's lists, recording in `publication` what it did as it goes, so that a failure still shows it. */
async function publishLists(input, ports, publication) {
    const { policy } = input;
    // A merge learns what buildx can do only now, once its legs' results are checked; a single run knew at its build.
    const tools = input.plan.role === 'merge' ? await prepareImagetools(input.plan, policy.settings, ports) : undefined;
    if (tools)
        publication.toolset = tools.toolset;
    const plan = tools?.plan ?? input.plan;
    const imagetoolsBuilder = tools ? tools.builder : input.builds.imagetoolsBuilder;
    const { log, signal, workspace } = ports;
    const { settings } = policy;
    const registry = ports.registries.open(plan.registryHost, plan.insecure);
    const provenance = { commit: input.platforms.commit, source: policy.facts.sourceUrl };
    throwIfCancelled(signal, 'the pushed images were not read, and no tag moved');
    const published = await log.group('Read back what each platform pushed', () => readBack(plan, input.platforms.records, provenance, registry, ports));
    publication.platforms = input.platforms.records.map((record) => {
        const image = published.get(record.platform);
        return image ? { ...record, published: image } : record;
    });
    throwIfCancelled(signal, 'no list was made, and no tag moved');
    // What each list tag holds now: read once, for the guard, and so that a list the registry holds already is not
    // assembled again (a re-run).
    const held = new Map();
    await log.group('Assemble the manifest lists (docker buildx imagetools)', async () => {
        const { annotations: indexAnnotations, note } = mergedListAnnotations(plan, published);
        if (note)
            log.info(note);
        for (const list of plan.lists) {
            const holds = await readHeld(registry, plan.image, list.tag);
            held.set(list.tag, holds);
            const already = heldAsThisRunsList(list, published, indexAnnotations, holds);
            if (already) {
                log.info(`${list.ref} holds this run's list already (${already.digest}: its images, platforms and annotations${plan.attested ? ', with attestations of an earlier build of the same images' : ''}), so it is not assembled again`);
                publication.lists.push(already);
                continue;
            }
            const builder = imagetoolsBuilder;
            const assembled = await assembleList(list, published, indexAnnotations, { buildx: ports.buildx, cwd: workspace.root, ...(builder ? { builder } : {}) });
            const annotations = indexAnnotations.length > 0 ? `, ${indexAnnotations.length} annotations` : '';
            log.info(`${list.ref}: ${list.entries.length} platforms${plan.attested ? ' and their attestations' : ''}, each the one built${annotations}: ${assembled.digest} (${assembled.mediaType})`);
            publication.lists.push(assembled);
        }
    });
    const checkout = (0,facts/* checkoutOf */.o5)(settings, workspace.root);
    const comparers = [
        ...(ports.github.api ? [ports.github.api] : []),
        ports.git.comparer((0,facts/* checkoutOf */.o5)({ ...settings, role: 'all' }, workspace.root) ?? workspace.root)
    ];
    const moves = await log.group('Which tags move', async () => {
        const follow = policy.followedRef ? await (0,follow_ref/* readRefHead */.C)(policy.followedRef, ports.github.api, ports.git, checkout) : undefined;
        if (follow)
            log.info(`${follow.ref} points to ${follow.head}${follow.head === provenance.commit ? ", this run's commit" : ''}`);
        return tagMoves(publication.lists, published, held, { commit: provenance.commit, comparers, ...(follow ? { follow } : {}), ...(policy.releaseOrder ? { order: policy.releaseOrder } : {}) }, { registry, image: plan.image, log, ...(signal ? { signal } : {}) });
    });
    publication.tags = moves.map((move) => move.outcome);
    for (const assembled of publication.lists) {
        const moving = moves.some((move) => move.outcome.kind === 'list' && move.outcome.ref === assembled.list.ref && move.outcome.state === 'not moved');
        const holds = held.get(assembled.list.tag);
        const dropped = moving && holds ? droppedPlatforms(holds, assembled) : [];
        if (dropped.length === 0)
            continue;
        publication.dropped.push({ tag: assembled.list.ref, platforms: dropped });
        log.warning(`${assembled.list.ref} holds ${dropped.join(', ')} now, which this run's list does not: moving it drops them (the inputs os, arch and windows-version give this run's platforms; an empty one takes its default)`);
    }
    const tagContext = { registry, image: plan.image, log, ...(signal ? { signal } : {}) };
    await pushListsByDigest(publication.lists, moves, tagContext);
    if (plan.sign) {
        const subjects = signingSubjects(moves, published);
        if (subjects.length > 0) {
            const request = {
                image: plan.image,
                registry,
                choice: settings.sigstore,
                commit: provenance.commit,
                timeoutSeconds: settings.commandTimeout
            };
            publication.signed = await signDigests(subjects, request, ports);
        }
    }
    await log.group('Move the tags', async () => {
        await recheckAliases(moves, publication.lists, policy.releaseOrder, tagContext);
        await moveTags(moves, tagContext);
    });
    for (const kept of publication.tags.filter((t) => t.state === 'kept' && t.kind === 'list')) {
        const line = `${kept.ref} is left where it is, and its platform tags with it: ${kept.reason}`;
        if (kept.level === 'notice')
            log.notice(line);
        else
            log.warning(line);
    }
}

;// CONCATENATED MODULE: ./src/split/result-schema.ts
// The shape of a leg's result file, checked field by field before the merge believes any of it: a file handed on
// by another job may hold anything. Every problem names the field and what it must be.

const DIGEST = /^sha256:[0-9a-f]{64}$/;
const describe = (value) => {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};
const matching = (pattern, what) => (value) => typeof value === 'string' && pattern.test(value) ? undefined : `must be ${what}, not ${describe(value)}`;
const valid = (check, what, max = 512) => (value) => {
    if (typeof value !== 'string' || value.length > max)
        return `must be ${what}, not ${describe(value)}`;
    const problem = check(value);
    return problem === undefined ? undefined : `must be ${what}, not ${describe(value)}: ${problem}`;
};
const literal = (...allowed) => (value) => allowed.includes(value) ? undefined : `must be ${allowed.map((a) => JSON.stringify(a)).join(' or ')}, not ${describe(value)}`;
const nullable = (check) => (value) => value === null ? undefined : check(value);
const result_schema_boolean = (value) => (typeof value === 'boolean' ? undefined : `must be true or false, not ${describe(value)}`);
const seconds = (value) => typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 7 * 24 * 3600
    ? undefined
    : `must be a number of seconds from 0 to a week, not ${describe(value)}`;
/** An object with exactly these fields (those in `optional` may be missing), each checked; problems named by path. */
function object(fields, optional = []) {
    return (value, at) => {
        if (typeof value !== 'object' || value === null || Array.isArray(value))
            return [`${at || 'the file'} must be a JSON object, not ${describe(value)}`];
        const record = value;
        const problems = Object.keys(record)
            .filter((key) => !(key in fields))
            .map((key) => `field '${at}${key}' is not one this version of the action writes`);
        for (const [key, check] of Object.entries(fields)) {
            if (!(key in record)) {
                if (!optional.includes(key))
                    problems.push(`field '${at}${key}' is missing`);
                continue;
            }
            const problem = check(record[key]);
            if (problem !== undefined)
                problems.push(`field '${at}${key}' ${problem}`);
        }
        return problems;
    };
}
/** The schema of the results a leg writes; a merge reads no other. */
const RESULT_SCHEMA = 3;
/** The fields of a result, of RESULT_SCHEMA. */
const RESULT_FIELDS = {
    schema: literal(RESULT_SCHEMA),
    platform: matching(/^(linux\/[a-z0-9]{1,16}(\/v\d{1,2})?|windows\/amd64\/[a-z0-9]{1,16})$/, 'a platform such as linux/arm64 or windows/amd64/ltsc2022'),
    image: valid(references/* checkRepository */.n_, 'a repository'),
    version: valid(references/* checkTag */.Bs, 'a tag', 128),
    insecureRegistry: result_schema_boolean,
    outputType: literal('registry', 'tar'),
    provenance: literal('false', 'mode=min', 'mode=max'),
    sbom: (value) => value === 'false' || value === 'true'
        ? undefined
        : valid((text) => (text.startsWith('generator=') ? (0,references/* checkImageReference */.rd)(text.slice(10)) : 'not generator=<image>'), 'false, true or generator=<image>')(value),
    commit: matching(/^([0-9a-f]{40}|[0-9a-f]{64})?$/, 'a commit (40 or 64 hex digits), or empty'),
    repository: matching(/^([\w.-]{1,100}\/[\w.-]{1,100})?$/, 'a repository such as owner/name, or empty'),
    runId: matching(/^(\d{1,20})?$/, 'a run id (digits), or empty'),
    runAttempt: matching(/^(\d{1,10})?$/, 'a run attempt (digits), or empty'),
    digest: nullable(matching(DIGEST, 'a sha256 digest')),
    // Relative, inside the workspace: never `..`, never absolute.
    tarball: nullable(matching(/^(?!\/)(?!(.*\/)?\.\.(\/|$))[\w./-]{1,250}\.tar$/, 'a tarball path inside the workspace')),
    seconds,
    node: nullable(matching(/^[\w.-]{1,128}$/, 'a builder node name')),
    buildx: matching(/^[\x20-\x7e]{0,200}$/, 'the line of docker buildx version')
};
/** Every problem of a parsed result file, each naming the field; empty when it is a result of schema 3. */
function resultProblems(value) {
    const schema = typeof value === 'object' && value !== null ? value.schema : undefined;
    if (schema !== undefined && schema !== 3) {
        return [`has schema ${describe(schema)}; this version of the action reads schema 3 (legs and merge must use the same version of the action)`];
    }
    return object(RESULT_FIELDS)(value, '');
}

;// CONCATENATED MODULE: ./src/split/result-codec.ts

/** The result document of a record (what a leg writes, and its `metadata` output). */
function encodeResult(record, leg) {
    return {
        schema: RESULT_SCHEMA,
        platform: record.platform,
        ...leg.agreement,
        ...leg.identity,
        // What a leg pushed; a tarball's image is named by no digest a merge could read.
        digest: leg.agreement.outputType === 'registry' ? (record.digest ?? null) : null,
        tarball: record.tarball ?? null,
        seconds: Math.round(record.seconds * 10) / 10,
        node: record.node ?? null,
        buildx: leg.buildx
    };
}
/** A result file's record and leg facts, or every problem of it (each naming the field); `file` names it. */
function decodeResult(text, file) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch (error) {
        return { problems: [`is not JSON: ${error.message}`] };
    }
    const problems = resultProblems(parsed);
    if (problems.length > 0)
        return { problems };
    const document = parsed;
    const record = {
        platform: document.platform,
        status: 'built',
        seconds: document.seconds,
        from: `${file}: field 'digest'`,
        ...(document.digest !== null ? { digest: document.digest } : {}),
        ...(document.tarball !== null ? { tarball: document.tarball } : {}),
        ...(document.node !== null ? { node: document.node } : {})
    };
    const { image, version, insecureRegistry, outputType, provenance, sbom, commit, repository, runId, runAttempt, buildx } = document;
    return {
        record,
        leg: { agreement: { image, version, insecureRegistry, outputType, provenance, sbom }, identity: { commit, repository, runId, runAttempt }, buildx },
        document
    };
}

;// CONCATENATED MODULE: ./src/report/outputs.ts

/** The outputs that follow from the plan alone, before anything runs (all a dry run has). */
function plannedOutputs(plan, resultsDir) {
    return {
        resultsDir: plan.role === 'all' ? '' : resultsDir,
        image: plan.outputType === 'registry' ? (plan.lists[0]?.ref ?? '') : plan.outputType === 'docker' ? (plan.targets[0]?.tags[0] ?? '') : '',
        tags: plan.lists.map((list) => list.ref),
        platformTags: plan.targets.flatMap((target) => target.tags),
        platforms: plan.targets.map((target) => target.platform),
        // The merge writes none: its legs did, on their own runners.
        tarballs: plan.role === 'merge' ? [] : plan.targets.flatMap((target) => (target.tarball ? [target.tarball] : []))
    };
}
/** The outputs under the names action.yml declares. */
function outputsByName(outputs) {
    return {
        image: outputs.image,
        tags: outputs.tags,
        'platform-tags': outputs.platformTags,
        platforms: outputs.platforms,
        tarballs: outputs.tarballs,
        digest: outputs.digest ?? '',
        metadata: outputs.metadata ?? {},
        'results-dir': outputs.resultsDir,
        'kept-tags': outputs.keptTags ?? [],
        'unchanged-tags': outputs.unchangedTags ?? [],
        'possibly-moved-tags': outputs.possiblyMovedTags ?? [],
        'dropped-platforms': outputs.droppedPlatforms ?? [],
        attestations: (outputs.attestations ?? []).map((signed) => ({
            subject: signed.subject,
            of: signed.of,
            'attestation-id': signed.attestationId,
            referrer: signed.referrer,
            verify: signed.verify,
            ...(signed.signedBefore ? { 'signed-before': true } : {}),
            ...(signed.completed ? { completed: signed.completed } : {})
        }))
    };
}
/** The outputs a publish gives, from what became of each tag. */
function publishedOutputs(plan, tags) {
    const lists = tags.filter((tag) => tag.kind === 'list');
    const published = lists.filter((tag) => tag.state === 'moved' || tag.state === 'unchanged');
    const version = plan.lists[0]?.ref;
    return {
        tags: published.map((tag) => tag.ref),
        // What the version's tag holds now: this run's list, or, unchanged, the one it held already.
        ...(published.find((tag) => tag.ref === version) ? { digest: published.find((tag) => tag.ref === version)?.digest } : {}),
        keptTags: lists.filter((tag) => tag.state === 'kept').map((tag) => ({ tag: tag.ref, holds: tag.holds ?? '', reason: tag.reason })),
        unchangedTags: tags.filter((tag) => tag.state === 'unchanged').map((tag) => tag.ref),
        possiblyMovedTags: tags.filter((tag) => tag.state === 'possibly moved').map((tag) => ({ tag: tag.ref, holds: tag.holds ?? '' }))
    };
}
/**
 * What the metadata output says of each platform: for a leg and a merge, its result as the result file has it; for
 * a single run, its build (digest, tarball, seconds, node); and, once read back, what the registry holds of it.
 */
function platformMetadata(plan, records, legs) {
    const entries = [];
    for (const target of plan.targets) {
        const record = records.find((r) => r.platform === target.platform);
        if (!record)
            continue;
        const leg = legs.get(target.platform);
        const built = leg
            ? encodeResult(record, leg)
            : {
                digest: plan.outputType === 'registry' ? (record.digest ?? null) : null,
                tarball: record.tarball ?? null,
                seconds: Math.round(record.seconds * 10) / 10,
                node: record.node ?? null
            };
        const published = record.published;
        entries.push([
            target.platform,
            {
                ...built,
                ...(published
                    ? {
                        image: published.image.digest,
                        'os.version': published.image.platform['os.version'] ?? null,
                        attestation: published.attestation?.digest ?? null,
                        predicates: published.predicates
                    }
                    : {})
            }
        ]);
    }
    return Object.fromEntries(entries);
}

;// CONCATENATED MODULE: ./src/report/results.ts
/** The plan as the run carried it out: fitted to the toolset once the build stage read it. */
const planOf = (results) => results.builds?.plan ?? results.plan;
/** Each platform's record, as complete as the run made it. */
const recordsOf = (results) => results.publication?.platforms ?? results.platforms?.records ?? results.builds?.platforms ?? [];
/** What each platform's leg said (a leg's own, or a merge's legs'). */
const legsOf = (results) => results.platforms?.legs ?? new Map();
const decisionsOf = (results) => results.policy?.decisions ?? results.decisions ?? [];
/** The commit the images were built at, once known. */
const commitOf = (results) => results.platforms?.commit ?? results.policy?.commit.commit ?? '';

;// CONCATENATED MODULE: ./src/report/summary.ts
// The job summary: one row per platform, every tag with what became of it, what was signed, and a command to copy.



const escapeHtml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const cell = (text) => escapeHtml(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text) => (text ? `\`${cell(text)}\`` : '');
const PREDICATE_NAMES = {
    'https://slsa.dev/provenance/v0.2': 'provenance (SLSA 0.2)',
    'https://slsa.dev/provenance/v1': 'provenance (SLSA 1)',
    'https://spdx.dev/Document': 'SBOM (SPDX)'
};
const STATES = {
    moved: 'moved',
    unchanged: 'unchanged (it held this already)',
    kept: 'kept where it was',
    'possibly moved': '**possibly moved**',
    'not moved': 'not moved'
};
/** Markdown for GITHUB_STEP_SUMMARY; written on success and on failure alike. */
function summaryMarkdown(results) {
    const plan = planOf(results);
    const error = results.error && (0,stage_failure/* causeOf */.r)(results.error);
    const ok = error === undefined || error.name === 'NothingToDo';
    const dryRun = results.settings?.dryRun === true;
    const records = recordsOf(results);
    const lines = [`## velero-multiarch-build: ${ok ? 'succeeded' : 'failed'}`, ''];
    if (error)
        lines.push(`**${ok ? 'Nothing to do' : 'Error'}:** ${cell(error.message.split('\n')[0] ?? '')}`, '');
    const decisions = decisionsOf(results);
    if (decisions.length > 0) {
        lines.push('| Decided | Value | From |', '|---|---|---|');
        const from = { event: 'the event', input: 'the input', default: 'the default' };
        for (const decision of decisions) {
            lines.push(`| ${code(decision.name)} | ${code(decision.value)} | ${from[decision.source]}${decision.reason ? `: ${cell(decision.reason)}` : ''} |`);
        }
        lines.push('');
    }
    if (!plan)
        return lines.join('\n');
    const commit = commitOf(results);
    lines.push(`Output: \`${plan.outputType}\`${dryRun ? ' (dry run: nothing was run)' : ''}${commit ? `; commit \`${commit}\`` : ''}`, '');
    const toolset = results.publication?.toolset ?? results.builds?.toolset;
    if (toolset && (toolset.buildx || toolset.unread))
        lines.push(`Toolset: ${cell(describeToolset(toolset))}`, '');
    const attested = plan.attested && plan.outputType === 'registry';
    lines.push(`| Platform | Digest | os.version | Tarball | Duration | Result |${attested ? ' Attestations |' : ''}`, `|---|---|---|---|---|---|${attested ? '---|' : ''}`);
    for (const target of plan.targets) {
        const record = records.find((r) => r.platform === target.platform);
        // A merge shows what each leg built, from its results.
        const status = !record
            ? dryRun
                ? 'planned'
                : 'not built'
            : plan.role === 'merge'
                ? 'built by its leg'
                : record.status === 'failed'
                    ? '**failed**'
                    : record.status;
        const predicates = (record?.published?.predicates ?? []).map((p) => cell(PREDICATE_NAMES[p] ?? p)).join('<br>');
        lines.push(`| ${[
            code(target.platform),
            code(record?.digest ?? ''),
            cell(record?.published?.image.platform['os.version'] ?? ''),
            code(plan.role === 'merge' ? (record?.tarball ?? '') : (target.tarball ?? '')),
            record ? `${record.seconds.toFixed(1)} s` : '',
            status,
            ...(attested ? [predicates] : [])
        ].join(' | ')} |`);
    }
    lines.push('');
    const tags = results.publication?.tags ?? [];
    if (plan.lists.length > 0) {
        lines.push('| Tag | Digest | What became of it |', '|---|---|---|');
        for (const list of plan.lists) {
            for (const ref of [list.ref, ...list.platformTags.map((t) => t.ref)]) {
                const outcome = tags.find((t) => t.ref === ref);
                const state = outcome
                    ? `${STATES[outcome.state]}${outcome.state === 'moved' || outcome.state === 'unchanged' ? '' : `: ${cell(outcome.reason)}`}${outcome.state === 'possibly moved' ? `; read again, it holds ${cell(outcome.holds ?? '')}` : ''}`
                    : 'not moved';
                lines.push(`| ${code(ref)} | ${code(outcome?.digest ?? '')} | ${state} |`);
            }
        }
        lines.push('');
    }
    for (const dropped of results.publication?.dropped ?? []) {
        lines.push(`**Dropped platforms:** ${code(dropped.tag)} held ${cell(dropped.platforms.join(', '))}, which this run's list does not.`, '');
    }
    const signed = dryRun ? [] : (results.publication?.signed ?? []);
    if (signed.length > 0) {
        lines.push('| Signed | What | Attestation |', '|---|---|---|');
        for (const entry of signed)
            lines.push(`| ${code(entry.subject)} | ${cell(entry.of)} | ${cell(attestationNote(entry))} |`);
        lines.push('', 'Verify what was published:', '', '```sh', ...signed.map((entry) => entry.verify), '```', '');
    }
    for (const record of records.filter((r) => r.status === 'failed')) {
        lines.push(`<details><summary>${escapeHtml(record.platform)}: end of the log</summary>`, '', '<pre>', escapeHtml(record.error ?? ''), '</pre>', '</details>', '');
    }
    const pull = pullCommand(results);
    if (pull)
        lines.push('```sh', pull, '```', '');
    return lines.join('\n');
}
function pullCommand(results) {
    const plan = planOf(results);
    if (!plan || results.error || results.settings?.dryRun)
        return undefined;
    if (plan.outputType === 'registry')
        return plan.lists[0] ? `docker pull ${plan.lists[0].ref}` : undefined;
    if (plan.outputType === 'docker')
        return `docker run --rm ${plan.targets[0]?.tags[0]}`;
    if (results.settings?.tarFormat !== 'rootfs')
        return plan.targets.map((t) => `docker load -i ${t.tarball}`).join('\n');
    return undefined;
}
/** What the summary says of one signed digest's records. */
function attestationNote(entry) {
    if (entry.signedBefore)
        return 'signed before, at this commit (not signed again)';
    if (entry.completed === 'github-record')
        return `signed before; recorded with GitHub now (${entry.attestationId || 'no id'}), the registry held its bundle`;
    if (entry.completed === 'registry-referrer')
        return 'signed before and recorded with GitHub; its bundle attached in the registry now';
    return entry.attestationId || '(not recorded with GitHub)';
}

;// CONCATENATED MODULE: ./src/report/stage.ts
// The report stage: from the stages' results (as far as the run got) to what the run hands back: the outputs, the
// job summary and the log's closing lines. It runs at the end of every run, on success and on failure alike.




/** What a dry run would publish: each list tag and platform tag, with what it would name. */
function wouldPublish(results) {
    const lines = [];
    const records = recordsOf(results);
    const imageOf = (platform) => records.find((record) => record.platform === platform)?.published;
    for (const assembled of results.publication?.lists ?? []) {
        const entries = assembled.list.entries.map((entry) => {
            const image = imageOf(entry.platform);
            const osVersion = image?.image.platform['os.version'];
            return `${entry.platform} ${image?.image.digest ?? '?'}${osVersion ? ` (os.version ${osVersion})` : ''}`;
        });
        lines.push(`Would publish ${assembled.list.ref}: ${entries.join(', ')}`);
        for (const tag of assembled.list.platformTags)
            lines.push(`Would publish ${tag.ref}: ${imageOf(tag.platform)?.pushed.digest ?? '?'}`);
    }
    for (const signed of results.publication?.signed ?? [])
        lines.push(`Would sign ${signed.subject} (${signed.of})`);
    return lines;
}
/** The outputs the results give, or undefined before there is a plan. */
function outputsOf(results, isFile) {
    const plan = planOf(results);
    const settings = results.policy?.settings ?? results.settings;
    if (!plan || !settings)
        return undefined;
    const planned = plannedOutputs(plan, settings.resultsDir);
    const records = recordsOf(results);
    // A dry run says what it would write and publish; a real run what it did.
    const done = settings.dryRun
        ? {}
        : {
            tags: [],
            tarballs: records.flatMap((record) => record.status === 'built' && record.tarball && plan.role !== 'merge' && isFile(record.tarball) ? [record.tarball] : [])
        };
    return {
        ...planned,
        ...done,
        ...(results.publication && plan.lists.length > 0 ? publishedOutputs(plan, results.publication.tags) : {}),
        metadata: platformMetadata(plan, records, legsOf(results)),
        // A dry run signs nothing: what it would sign is in its closing lines, not an output a later step could take.
        attestations: settings.dryRun ? [] : (results.publication?.signed ?? []),
        droppedPlatforms: results.publication?.dropped ?? []
    };
}
function makeReport(results, isFile) {
    const outputs = outputsOf(results, isFile);
    const closing = results.settings?.dryRun && !results.error ? [...wouldPublish(results), 'Dry run: nothing was run; the commands above are those a real run would run.'] : [];
    return { ...(outputs ? { outputs } : {}), summary: summaryMarkdown(results), closing };
}
/** Makes the report and hands it back: the outputs, the closing lines, the job summary. */
async function report(results, ports) {
    const { workspace, log, github } = ports;
    const made = makeReport(results, (tarball) => workspace.kindOf(external_node_path_default().resolve(workspace.root, tarball)) === 'file');
    if (made.outputs)
        github.setOutputs(outputsByName(made.outputs));
    for (const line of made.closing)
        log.info(line);
    try {
        await github.writeSummary(made.summary);
    }
    catch (error) {
        log.warning(`could not write the job summary: ${error.message}`);
    }
    return made;
}

;// CONCATENATED MODULE: ./src/split/results.ts

/** What legs and merge must agree on, from the settings of either. */
function agreementOf(settings) {
    return {
        image: settings.image,
        version: settings.version,
        insecureRegistry: settings.insecureRegistry,
        outputType: settings.outputType === 'registry' ? 'registry' : 'tar',
        provenance: settings.provenance,
        sbom: settings.sbom
    };
}
/**
 * Which run of which repository this job is, and the commit it builds: from the run's context, each value kept only
 * when it has the shape the result schema allows (empty otherwise, as outside GitHub).
 */
function runIdentity(context, commit) {
    const shaped = (value, pattern) => (pattern.test(value) ? value : '');
    return {
        commit: shaped(commit, /^([0-9a-f]{40}|[0-9a-f]{64})$/),
        repository: shaped(context.repository, /^[\w.-]{1,100}\/[\w.-]{1,100}$/),
        runId: shaped(context.runId, /^\d{1,20}$/),
        runAttempt: shaped(context.runAttempt, /^\d{1,10}$/)
    };
}
/** The file-name prefix of a platform's results: `<suffix>.`, then a unique part per leg run, so that duplicates show. */
function resultPrefix(platform, plan) {
    const target = plan.targets.find((t) => t.platform === platform);
    return `${target ? (0,shared_platforms/* platformSuffix */.J7)(target) : platform.replaceAll('/', '-')}.`;
}
const AGREED = [
    ['image', 'image'],
    ['version', 'version'],
    ['insecureRegistry', 'insecure-registry'],
    ['outputType', 'output-type'],
    ['provenance', 'provenance'],
    ['sbom', 'sbom']
];
const IDENTITY = [
    ['commit', 'at commit', 'GITHUB_SHA'],
    ['repository', 'in repository', 'GITHUB_REPOSITORY'],
    ['runId', 'in workflow run', 'GITHUB_RUN_ID']
];
/**
 * Every leg must come from the merge's own run: the same commit (GITHUB_SHA), repository and run id (the attempt may
 * differ: re-running failed jobs re-runs only some legs). Outside GitHub the legs must agree among themselves.
 */
function identityProblems(identity, read) {
    const problems = [];
    for (const [field, what, variable] of IDENTITY) {
        const expected = identity[field] || read[0]?.leg.identity[field] || '';
        for (const { file, leg } of read.filter((entry) => entry.leg.identity[field] !== expected)) {
            const merge = identity[field]
                ? `this merge runs ${what} ${JSON.stringify(expected)} (${variable})`
                : `${read[0].file} ${what} ${JSON.stringify(expected)}`;
            problems.push(`${file} was built ${what} ${JSON.stringify(leg.identity[field])}, but ${merge}`);
        }
    }
    return problems;
}
/**
 * Compares the legs' results with the merge's plan: every platform of the whole set once, nothing outside it, every
 * leg of this run and commit, and every leg built what the merge would publish (same image, version,
 * insecure-registry, output type and attestations as the merge decided them). Returns the problems, each naming
 * what is wrong; empty when all is well.
 */
function checkResults(plan, expected, identity, read) {
    const problems = identityProblems(identity, read);
    const byPlatform = new Map();
    for (const entry of read)
        byPlatform.set(entry.record.platform, [...(byPlatform.get(entry.record.platform) ?? []), entry]);
    for (const target of plan.targets) {
        const found = byPlatform.get(target.platform) ?? [];
        if (found.length === 0)
            problems.push(`${target.platform} has no result: its leg did not run, failed, or its results were not downloaded into results-dir`);
        if (found.length > 1)
            problems.push(`${target.platform} has ${found.length} results (${found.map((f) => f.file).join(', ')}): two legs built it`);
    }
    for (const [platform, entries] of byPlatform) {
        if (!plan.targets.some((target) => target.platform === platform)) {
            problems.push(`${entries.map((e) => e.file).join(', ')}: ${platform} is not in the merge's platform set (${plan.targets.map((t) => t.platform).join(', ')}); give the merge the same os, arch and windows-version as all the legs together`);
        }
    }
    for (const { file, record, leg } of read) {
        for (const [field, input] of AGREED) {
            if (leg.agreement[field] !== expected[field]) {
                problems.push(`${file} was built with ${input} ${JSON.stringify(leg.agreement[field])}, but the merge has ${JSON.stringify(expected[field])}`);
            }
        }
        if (leg.agreement.outputType === 'registry' && expected.outputType === 'registry' && record.digest === undefined)
            problems.push(`${file} names no digest: its leg pushed nothing`);
    }
    return problems;
}

;// CONCATENATED MODULE: ./src/split/stage.ts



/** A leg's results: one file per platform it built. */
async function handOn(input, ports) {
    const { settings, builds, plan } = input;
    const leg = () => ({ agreement: agreementOf(settings), identity: runIdentity(ports.github.context, input.commit), buildx: builds.buildx });
    const legs = new Map(builds.platforms.map((record) => [record.platform, leg()]));
    const files = builds.platforms.map((record) => [
        resultPrefix(record.platform, plan),
        `${JSON.stringify(encodeResult(record, legs.get(record.platform) ?? leg()), null, 2)}\n`
    ]);
    const written = await ports.results.write(settings.resultsDir, files);
    if (written.length > 0)
        ports.log.info(`Results for the merge: ${written.join(', ')}`);
    return { records: builds.platforms, legs, commit: input.commit, written };
}
/** Every result file of `dir`, each checked field by field; any problem (naming its file and field) fails the read. */
async function readLegResults(dir, results) {
    const problems = [];
    const read = [];
    for (const file of await results.read(dir)) {
        if ('problem' in file) {
            problems.push(`${file.name} ${file.problem}`);
            continue;
        }
        const decoded = decodeResult(file.text, file.name);
        if ('problems' in decoded)
            problems.push(...decoded.problems.map((problem) => (problem.startsWith('is not JSON') ? `${file.name} ${problem}` : `${file.name}: ${problem}`)));
        else
            read.push({ file: file.name, record: decoded.record, leg: decoded.leg });
    }
    if (problems.length > 0)
        throw new Error(`the results in ${dir} cannot be used, so nothing was published:\n- ${problems.join('\n- ')}`);
    return read;
}
/** The legs' results, checked against the merge's plan, or an error naming every problem. */
async function takeIn(input, ports) {
    const { settings, plan } = input;
    throwIfCancelled(ports.signal, 'the results were not read, and nothing was published');
    const dir = settings.resultsDir;
    const read = await readLegResults(dir, ports.results);
    const identity = runIdentity(ports.github.context, input.commit);
    const mismatches = checkResults(plan, agreementOf(settings), identity, read);
    if (mismatches.length > 0)
        throw new Error(`the legs' results in ${dir} do not add up to this merge, so nothing was published:\n- ${mismatches.join('\n- ')}`);
    const entries = plan.targets.map((target) => read.find((entry) => entry.record.platform === target.platform));
    // Outside GitHub a merge knows no commit of its own: its legs agreed on one (checkResults), and it is theirs.
    const legsCommit = entries[0]?.leg.identity.commit ?? '';
    const commit = input.commit === '' && legsCommit ? legsCommit : input.commit;
    if (commit !== input.commit)
        ports.log.info(`commit: ${commit} (the one every leg built)`);
    ports.log.info(`The results of all ${entries.length} platforms are here and agree.`);
    if (plan.lists.length === 0)
        ports.log.info(`output-type is ${plan.outputType}, so nothing is published.`);
    return { records: entries.map((entry) => entry.record), legs: new Map(entries.map((entry) => [entry.record.platform, entry.leg])), commit, written: [] };
}
async function split(input, ports) {
    if (input.plan.role === 'build')
        return handOn(input, ports);
    if (input.plan.role === 'merge')
        return takeIn(input, ports);
    return { records: input.builds.platforms, legs: new Map(), commit: input.commit, written: [] };
}

;// CONCATENATED MODULE: ./src/pipeline.ts
// The composition: inputs -> policy -> plan -> build -> split -> publish -> report, each stage entered once, in that
// order, from the result of the ones before; it decides nothing. A leg (role build) and a merge (role merge) go
// through the same stages: each stage knows what its role asks of it. A dry run is the same pipeline on the dry
// twins of the ports that act (the entry point's forRun gives them).








/** Runs the stages in order; the report ends every run. Throws what ended a run that did not succeed. */
async function runPipeline(inputs, edges) {
    const results = {};
    let ports = edges.inputs;
    try {
        const settings = (results.settings = await readInputs(inputs, edges.inputs));
        const run = (ports = edges.forRun(settings));
        const policy = (results.policy = await (0,stage/* decidePolicy */.tT)(settings, run).catch(keepPartial((partial) => (results.decisions = partial.decisions))));
        const plan = (results.plan = (0,plan_plan/* makePlan */.Cs)(policy));
        const builds = (results.builds = await build({ plan, settings: policy.settings }, run).catch(keepPartial((partial) => (results.builds = partial))));
        const platforms = (results.platforms = await split({ plan: builds.plan, settings: policy.settings, builds, commit: policy.commit.commit }, run));
        results.publication = await publish({ plan: builds.plan, policy, builds, platforms }, run).catch(keepPartial((partial) => (results.publication = partial)));
        return results;
    }
    catch (error) {
        results.error = error;
        throw error;
    }
    finally {
        await report(results, ports);
    }
}
/** Keeps what a failed stage did (its StageFailure's partial result), and fails on. */
function keepPartial(keep) {
    return (error) => {
        if (error instanceof stage_failure/* StageFailure */.B)
            keep(error.partial);
        throw error;
    };
}


/***/ }),

/***/ 48720:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bn: () => (/* binding */ withoutOptionalAnnotations),
/* harmony export */   Cs: () => (/* binding */ makePlan),
/* harmony export */   QH: () => (/* binding */ schedulesByLoad),
/* harmony export */   n4: () => (/* binding */ registryConfigBuilder),
/* harmony export */   p$: () => (/* binding */ withoutTimestampRewrite)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _inputs_annotations_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(20539);
/* harmony import */ var _shared_references_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(59451);
/* harmony import */ var _system_buildx_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(24789);
/* harmony import */ var _reproducible_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7043);
/* harmony import */ var _inputs_definitions_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(33775);
/* harmony import */ var _inputs_secrets_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(73332);
/* harmony import */ var _policy_stage_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(4916);
/* harmony import */ var _policy_trust_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(23112);
/* harmony import */ var _shared_platforms_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(99521);
/* harmony import */ var _shared_oci_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(99064);
// The plan stage: from the policy's decisions (the settings as the run uses them, its tags, its commit and the facts
// read) to what will be done: one build per platform and the manifest lists to publish. Pure.











/**
 * The builder whose registry configuration `buildx imagetools` uses, since imagetools has no --insecure of its own:
 * the run's builder. A merge builds nothing and has none unless buildx-instance names one; for a plain-HTTP registry
 * it creates one without starting it (`createUnstarted`), only to hold that registry's configuration.
 */
function registryConfigBuilder(plan) {
    if (plan.role !== 'merge' || !plan.builder.create)
        return { name: plan.builder.name, createUnstarted: false };
    return plan.insecure ? { name: plan.builder.name, createUnstarted: true } : { createUnstarted: false };
}
/** `auto` with more than one build watches the CPUs, when the builder is on this machine. */
function schedulesByLoad(plan) {
    return plan.maxParallel === 'auto' && plan.targets.length > 1;
}
function standardBuildArgs(settings, facts, platform, reproducibility) {
    const args = [
        ['GOPROXY', facts.goproxy],
        ['PKG', settings.pkg],
        ['BIN', settings.bin],
        ['VERSION', settings.version],
        ['GIT_SHA', facts.gitSha],
        ['GIT_TREE_STATE', facts.gitTreeState],
        ['REGISTRY', settings.registry]
    ];
    if (platform.os === 'windows')
        args.push(['OS_VERSION', platform.windowsVersion]);
    // As a build argument, so that the logged command shows it (buildx passes it on to BuildKit as the frontend's).
    if (reproducibility.epoch !== undefined)
        args.push([_reproducible_js__WEBPACK_IMPORTED_MODULE_4__/* .SOURCE_DATE_EPOCH */ .dX, String(reproducibility.epoch)]);
    const overridden = new Set(settings.buildArgs.map(([key]) => key));
    return [...args.filter(([key]) => !overridden.has(key)), ...settings.buildArgs];
}
const REVISION = _shared_oci_js__WEBPACK_IMPORTED_MODULE_9__/* .OCI_KEYS */ .Vv.revision;
const SOURCE = _shared_oci_js__WEBPACK_IMPORTED_MODULE_9__/* .OCI_KEYS */ .Vv.source;
const VERSION = _shared_oci_js__WEBPACK_IMPORTED_MODULE_9__/* .OCI_KEYS */ .Vv.version;
/**
 * The OCI labels every image gets, so that a registry, a user and the next run can tell what an image was built from
 * (the publish stage refuses an image whose revision and source are not this run's), then the user's.
 */
function imageLabels(settings, own, created, messages) {
    const ours = [
        [REVISION, own.revision],
        [SOURCE, own.source],
        [_shared_oci_js__WEBPACK_IMPORTED_MODULE_9__/* .OCI_KEYS */ .Vv.version, settings.version],
        [_reproducible_js__WEBPACK_IMPORTED_MODULE_4__/* .CREATED */ .DE, created]
    ];
    return withOwnValues(ours, settings.labels, "input 'labels'", own, messages).filter(([, value]) => value !== '');
}
/**
 * `ours`, then the user's entries. For a key the action decides (OwnValues) its value wins, and a different one of
 * the user's is dropped: a revision or source with a warning naming both (docker/metadata-action writes GITHUB_SHA
 * there), a version or a created time with a notice (metadata-action writes its version and its run's time there;
 * an image carries the run's version, and a reproducible image its commit's time). Elsewhere the user's value wins.
 */
function withOwnValues(ours, given, input, own, messages) {
    const kept = [];
    for (const [key, value] of given) {
        if ((key === REVISION && own.revision) || (key === SOURCE && own.source)) {
            const mine = key === REVISION ? own.revision : own.source;
            if (value !== mine)
                messages.warnings.push(`${input} sets ${key} to ${value}, but the action sets it to ${mine} (this run's ${key === REVISION ? 'commit' : 'repository'}), and its value wins`);
            continue;
        }
        if (key === VERSION && own.version) {
            if (value !== own.version) {
                messages.notices.push(`${input} sets ${VERSION} to ${value} (docker/metadata-action writes its version there), but the images carry this run's version, ${own.version}, which places them in release order: that is what they get`);
            }
            continue;
        }
        if (key === _reproducible_js__WEBPACK_IMPORTED_MODULE_4__/* .CREATED */ .DE && own.created) {
            if (value !== own.created)
                messages.notices.push(`${input} sets ${_reproducible_js__WEBPACK_IMPORTED_MODULE_4__/* .CREATED */ .DE} to ${value} (docker/metadata-action writes its run's time there), but reproducible images carry their commit's time, ${own.created}: that is what they get`);
            continue;
        }
        kept.push([key, value]);
    }
    const givenKeys = new Set(kept.map(([key]) => key));
    return [...ours.filter(([key]) => !givenKeys.has(key)), ...kept];
}
// The seed's tar is BuildKit's root filesystem tarball; docker and oci are image archives that tools can load.
const TAR_EXPORTERS = { rootfs: 'tar', docker: 'docker', oci: 'oci' };
/**
 * buildx's --output value. The registry output pushes the image by its digest alone: no tag moves while the builds
 * run; the publish stage moves every tag once everything is checked. `ociTypes`: the image and its annotations in
 * OCI media types (BuildKit refuses annotations in Docker ones).
 */
function outputFlag(settings, tarball, ociTypes) {
    const types = ociTypes && !(settings.outputType === 'tar' && settings.tarFormat !== 'docker') ? ',oci-mediatypes=true' : '';
    if (settings.outputType === 'registry')
        return `type=image,name=${settings.image},push-by-digest=true,name-canonical=true,push=true${types}`;
    return settings.outputType === 'tar' ? `type=${TAR_EXPORTERS[settings.tarFormat]},dest=${tarball}${types}` : `type=docker${types}`;
}
/**
 * The annotations of the lists, and which of them may be left out: the user's `index:` ones, then the defaults
 * under the keys they do not give, on lists that are OCI indexes anyway (`auto`) or on every list (`true`).
 */
function listAnnotations(settings, facts, own, created, attested, messages) {
    const given = ownAnnotations(settings.annotations.index, own, "input 'annotations' (index:)", messages);
    const ociIndex = attested || given.length > 0 || settings.defaultAnnotations === 'true';
    const defaults = ociIndex && settings.defaultAnnotations !== 'false'
        ? (0,_inputs_annotations_js__WEBPACK_IMPORTED_MODULE_1__/* .defaultIndexAnnotations */ .mA)({
            sourceUrl: own.source,
            revision: own.revision,
            version: settings.version,
            created,
            description: facts.description,
            licenses: facts.licenses
        })
        : [];
    const indexAnnotations = (0,_inputs_annotations_js__WEBPACK_IMPORTED_MODULE_1__/* .withDefaults */ .rO)(given, defaults);
    const optional = settings.defaultAnnotations === 'auto' ? indexAnnotations.slice(given.length).map(([key]) => key) : [];
    return { ociIndex, indexAnnotations, optionalAnnotations: optional };
}
/** Annotations the user gives, with the action's values where the user set its keys otherwise (see withOwnValues). */
function ownAnnotations(given, own, input, messages) {
    const ours = [[REVISION, own.revision], [SOURCE, own.source], ...(own.created ? [[_reproducible_js__WEBPACK_IMPORTED_MODULE_4__/* .CREATED */ .DE, own.created]] : [])];
    const corrected = withOwnValues(ours, given, input, own, messages);
    // Only the keys the user gave: the defaults are added elsewhere, where the plan asks for them.
    return corrected.filter(([key]) => given.some(([k]) => k === key));
}
/** The plan without rewrite-timestamp, for a BuildKit that ignores it (build/features.ts says so in the log). */
function withoutTimestampRewrite(plan) {
    const targets = plan.targets.map((target) => ({ ...target, spec: { ...target.spec, rewriteTimestamp: false } }));
    return { ...plan, targets, reproducibility: { ...plan.reproducibility, rewriteTimestamps: false } };
}
/**
 * The plan without the default annotations `auto` added, for a buildx that cannot set them (before 0.12): the
 * lists are then made as they were before there were defaults.
 */
function withoutOptionalAnnotations(plan) {
    const indexAnnotations = plan.indexAnnotations.filter(([key]) => !plan.optionalAnnotations.includes(key));
    return { ...plan, indexAnnotations, optionalAnnotations: [] };
}
const PLATFORM_PLACEHOLDER = '{platform}';
function makePlan(policy) {
    return planOf(policy.settings, { ...policy.facts, gitSha: policy.commit.commit }, policy.tags.tags);
}
function planOf(settings, facts, decided) {
    const warnings = [...facts.warnings];
    let platforms = (0,_shared_platforms_js__WEBPACK_IMPORTED_MODULE_8__/* .selectPlatforms */ .dv)(settings.os, settings.arch, settings.windowsVersions);
    if (settings.outputType === 'docker') {
        const host = { os: 'linux', arch: facts.hostArch };
        const ignored = platforms.map(_shared_platforms_js__WEBPACK_IMPORTED_MODULE_8__/* .platformId */ .NX).filter((id) => id !== (0,_shared_platforms_js__WEBPACK_IMPORTED_MODULE_8__/* .platformId */ .NX)(host));
        if (ignored.length > 0) {
            warnings.push(`output-type docker builds only this machine's platform, ${(0,_shared_platforms_js__WEBPACK_IMPORTED_MODULE_8__/* .platformId */ .NX)(host)}; ignored: ${ignored.join(', ')}. Use output-type tar or registry to build them.`);
        }
        platforms = [host];
    }
    const secretLooking = (0,_policy_trust_js__WEBPACK_IMPORTED_MODULE_7__/* .secretLookingBuildArgs */ .rE)(settings);
    if (secretLooking.length > 0) {
        warnings.push(`build-args ${secretLooking.join(', ')} look like secrets: build arguments stay in the image history for anyone who pulls it. Pass secrets with secrets, secret-files or secret-envs (buildx --secret) instead, or name them in public-build-args if they are not secret.`);
    }
    // BuildKit's docker exporter (output docker, tar-format docker) refuses an image with attestations ("does not
    // support exporting manifest lists"): there they are dropped, and the user told. Elsewhere buildx keeps them: in
    // the pushed index, in an OCI archive, or as files at the root of a rootfs tarball.
    const attested = (0,_inputs_definitions_js__WEBPACK_IMPORTED_MODULE_5__/* .keepsAttestations */ .s2)(settings);
    if (!attested && (settings.provenance !== 'false' || settings.sbom !== 'false')) {
        warnings.push(`provenance and sbom are dropped: ${settings.outputType === 'docker' ? 'output-type docker' : 'tar-format docker'} writes a Docker image, which cannot carry attestations. Use tar-format oci (or output-type registry) to keep them.`);
    }
    if (attested && settings.provenance === 'mode=max') {
        warnings.push('provenance mode=max records the value of every build argument (the standard ones and build-args) in the published provenance, readable by anyone who can pull the image; pass secrets with secrets, secret-files or secret-envs, never as build-args.');
    }
    if (settings.outputType === 'tar' && settings.tarFormat === 'rootfs' && settings.annotations.manifest.length > 0) {
        warnings.push('annotations are dropped: tar-format rootfs writes a root filesystem, which has no image manifest to carry them. Use tar-format oci or docker to keep them.');
    }
    if (settings.sign && settings.outputType !== 'registry') {
        warnings.push(`sign is true, but output-type ${settings.outputType} publishes nothing, so nothing is signed`);
    }
    const reproducibility = (0,_reproducible_js__WEBPACK_IMPORTED_MODULE_4__/* .decideReproducibility */ .xk)(settings, {
        commitTime: facts.commitTime,
        runTime: facts.created,
        gitTreeState: facts.gitTreeState,
        remoteContext: (0,_inputs_definitions_js__WEBPACK_IMPORTED_MODULE_5__/* .isRemoteContext */ .uN)(settings.context)
    });
    warnings.push(...reproducibility.warnings);
    const messages = { warnings, notices: [] };
    const own = {
        revision: facts.gitSha,
        source: facts.sourceUrl,
        ...(reproducibility.epoch !== undefined ? { created: reproducibility.created } : {})
    };
    const annotated = listAnnotations(settings, facts, own, reproducibility.created, attested, messages);
    const labels = imageLabels(settings, { ...own, version: settings.version }, reproducibility.created, messages);
    const manifestAnnotations = ownAnnotations(settings.annotations.manifest, own, "input 'annotations' (manifest:)", messages);
    const ociTypes = settings.annotations.manifest.length > 0 || (annotated.ociIndex && !attested);
    // The tag policy decided every list tag; those with platform tags name each platform's image too.
    const tags = decided.map((tag) => tag.tag);
    const withPlatformTags = decided.filter((tag) => tag.platformTags).map((tag) => tag.tag);
    const builder = settings.buildxInstance
        ? { name: settings.buildxInstance, create: false, hostNetwork: false }
        : {
            name: facts.builderName,
            create: true,
            hostNetwork: (0,_shared_references_js__WEBPACK_IMPORTED_MODULE_2__/* .isLoopbackHost */ .cW)(settings.registryHost),
            ...(settings.buildkitImage ? { image: settings.buildkitImage } : {}),
            ...(settings.insecureRegistry ? { configFile: node_path__WEBPACK_IMPORTED_MODULE_0___default().join(facts.tempDir, 'buildkitd.toml'), config: (0,_system_buildx_js__WEBPACK_IMPORTED_MODULE_3__/* .buildkitdConfig */ .HJ)(settings.registryHost) } : {})
        };
    // Values of the secrets input go to files of the run's own; secret-files are read by buildx where they are, and
    // secret-envs from its environment.
    const secretFiles = settings.secrets.map(([id]) => ({ id, file: node_path__WEBPACK_IMPORTED_MODULE_0___default().join(facts.tempDir, 'secrets', id) }));
    const secretSources = [
        ...secretFiles,
        ...settings.secretFiles.map(([id, file]) => ({ id, file })),
        ...settings.secretEnvs.map(([id, env]) => ({ id, env }))
    ];
    const targets = platforms.map((platform) => {
        const id = (0,_shared_platforms_js__WEBPACK_IMPORTED_MODULE_8__/* .platformId */ .NX)(platform);
        const suffix = (0,_shared_platforms_js__WEBPACK_IMPORTED_MODULE_8__/* .platformSuffix */ .J7)(platform);
        const tarball = settings.outputType === 'tar'
            ? node_path__WEBPACK_IMPORTED_MODULE_0___default().posix.join(settings.outputDir.split((node_path__WEBPACK_IMPORTED_MODULE_0___default().sep)).join('/'), `${settings.bin}-${settings.version}-${suffix}.tar`)
            : undefined;
        const dockerfile = platform.os === 'windows' ? settings.windowsDockerfile : settings.dockerfile;
        const platformTags = withPlatformTags.map((tag) => `${settings.image}:${tag}-${suffix}`);
        const buildArgs = standardBuildArgs(settings, facts, platform, reproducibility);
        const metadataFile = node_path__WEBPACK_IMPORTED_MODULE_0___default().join(facts.tempDir, `metadata-${suffix}.json`);
        const spec = {
            builder: builder.name,
            platform: (0,_shared_platforms_js__WEBPACK_IMPORTED_MODULE_8__/* .buildxPlatform */ .g6)(platform),
            output: outputFlag(settings, tarball, ociTypes),
            rewriteTimestamp: reproducibility.rewriteTimestamps,
            metadataFile,
            dockerfile,
            // Loaded into Docker or written to a tarball, the image carries its name; pushed, it is named by digest.
            tags: settings.outputType === 'registry' ? [] : platformTags,
            buildArgs,
            hiddenBuildArgs: buildArgs.map(([key]) => key).filter(_inputs_secrets_js__WEBPACK_IMPORTED_MODULE_10__/* .looksSecret */ .n0),
            labels,
            annotations: settings.outputType === 'tar' && settings.tarFormat === 'rootfs' ? [] : manifestAnnotations,
            secrets: secretSources,
            cacheFrom: settings.cacheFrom.map((cache) => cache.replaceAll(PLATFORM_PLACEHOLDER, suffix)),
            cacheTo: settings.cacheTo.map((cache) => cache.replaceAll(PLATFORM_PLACEHOLDER, suffix)),
            noCache: settings.noCache,
            provenance: attested ? settings.provenance : 'false',
            sbom: attested ? settings.sbom : 'false',
            context: settings.context
        };
        return { ...platform, platform: id, dockerfile, tags: platformTags, buildArgs, tarball, pushed: settings.outputType === 'registry', metadataFile, spec };
    });
    // A leg of a split run publishes no list: the merge does, from every leg's results.
    const entries = targets.map((target) => ({
        platform: target.platform,
        ...(target.os === 'windows' ? { windowsVersion: target.windowsVersion } : {})
    }));
    const platformTagsOf = (tag) => targets.map((target) => ({ ref: `${settings.image}:${tag}-${(0,_shared_platforms_js__WEBPACK_IMPORTED_MODULE_8__/* .platformSuffix */ .J7)(target)}`, tag: `${tag}-${(0,_shared_platforms_js__WEBPACK_IMPORTED_MODULE_8__/* .platformSuffix */ .J7)(target)}`, platform: target.platform }));
    const lists = settings.outputType !== 'registry' || settings.role === 'build'
        ? []
        : [
            ...decided.map((tag) => ({
                ref: `${settings.image}:${tag.tag}`,
                tag: tag.tag,
                entries,
                platformTags: tag.platformTags ? platformTagsOf(tag.tag) : [],
                reason: tag.reason,
                followsRef: tag.followsRef
            }))
        ];
    return {
        outputType: settings.outputType,
        revision: facts.gitSha,
        role: settings.role,
        secretFiles,
        image: settings.image,
        registryHost: settings.registryHost,
        insecure: settings.insecureRegistry,
        tags,
        builder,
        targets,
        maxParallel: settings.maxParallel,
        attested,
        ...annotated,
        sign: (0,_policy_stage_js__WEBPACK_IMPORTED_MODULE_6__/* .signsWhatItPublishes */ .hm)(settings),
        lists,
        reproducibility,
        warnings,
        notices: messages.notices
    };
}


/***/ }),

/***/ 7043:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DE: () => (/* binding */ CREATED),
/* harmony export */   dX: () => (/* binding */ SOURCE_DATE_EPOCH),
/* harmony export */   xk: () => (/* binding */ decideReproducibility)
/* harmony export */ });
/* harmony import */ var _shared_oci_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(99064);

const SOURCE_DATE_EPOCH = 'SOURCE_DATE_EPOCH';
const CREATED = _shared_oci_js__WEBPACK_IMPORTED_MODULE_0__/* .OCI_KEYS */ .Vv.created;
const rfc3339 = (epoch) => new Date(epoch * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
/** A SOURCE_DATE_EPOCH a user may give: whole seconds, not before 1970 nor after 9999. */
const EPOCH = /^\d{1,12}$/;
const MAX_EPOCH = 253402300799;
/**
 * How reproducible this run's images are. The merge builds nothing: its lists take the time its images carry
 * (publish/lists.ts). A SOURCE_DATE_EPOCH in build-args is the user's own and is used as given.
 */
function decideReproducibility(settings, facts) {
    const mode = settings.reproducible;
    const off = (notes) => ({ mode, created: facts.runTime, rewriteTimestamps: false, notes, warnings: [] });
    if (mode === 'false')
        return off([]);
    if (settings.role === 'merge')
        return off([]);
    const given = settings.buildArgs.find(([key]) => key === SOURCE_DATE_EPOCH)?.[1];
    let epoch;
    let epochFrom;
    if (given !== undefined && EPOCH.test(given) && Number(given) <= MAX_EPOCH) {
        epoch = Number(given);
        epochFrom = "build-args' SOURCE_DATE_EPOCH";
    }
    else if (given !== undefined) {
        return off([
            `reproducible ${mode}: build-args sets SOURCE_DATE_EPOCH to ${JSON.stringify(given)}, which is no time in seconds since 1970: the images take the run's time and are not reproducible`
        ]);
    }
    else if (facts.remoteContext) {
        return off([`reproducible ${mode}: the context is a URL, so no commit time is read: the images take the run's time and are not reproducible`]);
    }
    else if (facts.commitTime === undefined) {
        return off([`reproducible ${mode}: git could not read the commit's time in the context: the images take the run's time and are not reproducible`]);
    }
    else {
        epoch = facts.commitTime;
        epochFrom = "the commit's committer time";
    }
    const notes = [
        `reproducible ${mode}: SOURCE_DATE_EPOCH=${epoch} (${rfc3339(epoch)}, ${epochFrom}) for every build, and org.opencontainers.image.created the same`
    ];
    if (facts.gitTreeState === 'dirty')
        notes.push('the checkout has changes that are not committed: the images are reproducible from this tree, not from the commit alone');
    const warnings = [];
    if (settings.os.includes('windows') && settings.outputType !== 'docker') {
        // Seen on BuildKit 0.32.2: its Windows layer writer (util/winlayers) stamps LIBARCHIVE.creationtime with the
        // time of the build, and rewrite-timestamp clamps only the tar headers' own times.
        const windows = `the Windows images are reproducible only where BuildKit reuses their layers from this builder's cache: BuildKit writes the time of the build into the LIBARCHIVE.creationtime headers of a Windows layer, which rewrite-timestamp does not clamp, so a no-cache build, or one on a fresh runner, gets other Windows digests (the Linux ones stay the same)`;
        if (mode === 'true')
            warnings.push(`reproducible true: ${windows}`);
        else
            notes.push(windows);
    }
    // The tar exporter (a root filesystem) clamps its files to SOURCE_DATE_EPOCH itself; the image exporters need the option.
    const rewriteTimestamps = !(settings.outputType === 'tar' && settings.tarFormat === 'rootfs');
    return { mode, epoch, epochFrom, created: rfc3339(epoch), rewriteTimestamps, notes, warnings };
}


/***/ }),

/***/ 71827:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   II: () => (/* binding */ decideAuto),
/* harmony export */   K5: () => (/* binding */ describeDecision),
/* harmony export */   N$: () => (/* binding */ pushDecision),
/* harmony export */   Ow: () => (/* binding */ repositoryFacts)
/* harmony export */ });
/* unused harmony exports MAX_DERIVED_VERSION, tagOfRef, sanitizeTag, branchVersion, pullRequestNumber, autoVersion, autoOutputType, neverPushes */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _shared_references_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(59451);
/* harmony import */ var _shared_platforms_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(99521);
/* harmony import */ var _inputs_definitions_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(33775);
/* harmony import */ var _system_github_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(35722);
/* harmony import */ var _event_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(50082);
/* harmony import */ var _tags_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(88493);
// What `auto` means for `version` and `output-type`: decided from the workflow event that started the job, as
// Velero's hack/docker-push.sh decided it around `make container`, and only from what the event says; and what a
// run caused by a fork's pull request may push (nothing). `latest`, aliases and extra tags are the tag policy's
// (tags.ts). Pure.







/** The longest platform suffix there is (`-windows-ltsc2022-amd64`), which every derived version must leave room for. */
const LONGEST_SUFFIX = Math.max(..._shared_platforms_js__WEBPACK_IMPORTED_MODULE_2__/* .WINDOWS_VERSIONS */ .SX.map((v) => `-windows-${v}-amd64`.length));
const MAX_DERIVED_VERSION = _shared_references_js__WEBPACK_IMPORTED_MODULE_1__/* .MAX_TAG_LENGTH */ .Ti - LONGEST_SUFFIX;
function tagOfRef(ref) {
    return ref.startsWith('refs/tags/') ? ref.slice('refs/tags/'.length) : undefined;
}
/**
 * Any text as a tag that still fits once the longest platform suffix is added: characters a tag cannot hold
 * become '-', a leading '.' or '-' goes, and the result is cut to `length`.
 */
function sanitizeTag(text, length = MAX_DERIVED_VERSION) {
    const cleaned = text
        .replace(/[^\w.-]+/g, '-')
        .replace(/^[.-]+/, '')
        .slice(0, length)
        .replace(/[.-]+$/, '');
    return cleaned === '' ? 'unknown' : cleaned;
}
/** GHCR shows at most 512 characters of a description. */
const MAX_DESCRIPTION = 512;
/** The repository's description and SPDX license, as the event carries them, each only when it is one. */
function repositoryFacts(event) {
    const repository = event?.payload.repository;
    const description = (0,_system_github_js__WEBPACK_IMPORTED_MODULE_4__/* .text */ .Qq)(repository?.description).replace(/\s+/g, ' ').trim().slice(0, MAX_DESCRIPTION);
    const license = (0,_system_github_js__WEBPACK_IMPORTED_MODULE_4__/* .text */ .Qq)(repository?.license?.spdx_id);
    return {
        ...(description ? { description } : {}),
        ...(/^[A-Za-z0-9.+-]{1,64}$/.test(license) && license !== 'NOASSERTION' ? { licenses: license } : {})
    };
}
const HASH_LENGTH = 12;
/** The ending of a version made from a branch name that needed cleaning: `-` and 12 hex digits of the raw name. */
const HASHED_ENDING = new RegExp(`-[0-9a-f]{${HASH_LENGTH}}$`);
/**
 * The version of a branch. A name that is a tag as it is keeps it (`main`; `release-X` gets `-dev`:
 * `release-1.16-dev`); another is cleaned and gets the first 12 hex digits of the sha256 of the raw name, so that
 * `feature/x` and `feature-x` never share a tag; so does one that ends as a platform tag does (`main-linux-amd64`,
 * whose list would replace main's platform tag). A version that would be `latest` or release-shaped is refused: a
 * branch push must never move a release's tag. Distinct branches never get the same version (a property test says
 * so).
 */
function branchVersion(branch) {
    const release = branch.startsWith('release-');
    const wanted = release ? `${branch}-dev` : branch;
    const rule = release ? `release branch ${branch}: <branch>-dev` : `branch ${branch}: the branch name`;
    // A name that ends as a platform tag does (`main-linux-amd64`) would take that tag from another version's list.
    const clean = (0,_shared_references_js__WEBPACK_IMPORTED_MODULE_1__/* .checkTag */ .Bs)(wanted) === undefined &&
        wanted.length <= MAX_DERIVED_VERSION &&
        !HASHED_ENDING.test(wanted) &&
        (0,_tags_js__WEBPACK_IMPORTED_MODULE_6__/* .platformSuffixOf */ .mR)(wanted, _shared_platforms_js__WEBPACK_IMPORTED_MODULE_2__/* .PLATFORM_SUFFIXES */ .ab) === undefined;
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(branch).digest('hex').slice(0, HASH_LENGTH);
    const value = clean ? wanted : `${sanitizeTag(wanted, MAX_DERIVED_VERSION - HASH_LENGTH - 1)}-${hash}`;
    if (value.toLowerCase() === 'latest' || (0,_tags_js__WEBPACK_IMPORTED_MODULE_6__/* .isReleaseShaped */ .$Z)(value)) {
        throw new Error(`version is auto, and the branch '${branch}' would give the version '${value}', which ${value.toLowerCase() === 'latest' ? 'is the latest tag' : 'has the shape of a release version (v1.2.3, 1.2, v1.2.3-rc.1, v1)'}: a branch push must never move a release's tags, so nothing was built. Rename the branch, or set the version input for it (for example version: branch-${sanitizeTag(branch, 40)}).`);
    }
    return { value, reason: clean ? rule : `${rule}, cleaned, with the first ${HASH_LENGTH} hex digits of its sha256 so that no other branch shares it` };
}
/** The version of a run caused by a fork's pull request: never a branch of the base repository. */
function forkVersion(event) {
    const run = event.payload.workflow_run;
    const pullRequest = pullRequestNumber(event) ?? (0,_event_js__WEBPACK_IMPORTED_MODULE_5__/* .number */ .ai)(run?.pull_requests?.[0]?.number);
    if (pullRequest !== undefined)
        return { value: `pr-${pullRequest}`, reason: `pull request #${pullRequest} from a fork: pr-<number>` };
    const sha = /^[0-9a-f]{40}$/.exec((0,_system_github_js__WEBPACK_IMPORTED_MODULE_4__/* .text */ .Qq)(run?.head_sha) || (0,_system_github_js__WEBPACK_IMPORTED_MODULE_4__/* .text */ .Qq)(event.payload.pull_request?.head?.sha))?.[0];
    if (sha)
        return { value: `fork-${sha.slice(0, 12)}`, reason: `a fork's commit ${sha} (the event names no pull request): fork-<commit>` };
    throw new Error(`version is auto, but this ${event.name} run was caused by a fork and its event names neither the pull request nor the commit; set the version input`);
}
/** The number of a pull request event, when it names one. */
function pullRequestNumber(event) {
    return (0,_event_js__WEBPACK_IMPORTED_MODULE_5__/* .number */ .ai)(event.payload.pull_request?.number) ?? (0,_event_js__WEBPACK_IMPORTED_MODULE_5__/* .number */ .ai)(event.payload.number);
}
/**
 * The version `auto` gives: from the event, as Velero's hack/docker-push.sh gives it; a pull request that publishes
 * (`output-type: registry`, from the same repository) gets `pr-<number>`, shared with no other pull request.
 */
function autoVersion(event, outputType = 'tar') {
    if (!event)
        return { value: 'main', reason: 'not in GitHub Actions: the default, main' };
    if ((0,_event_js__WEBPACK_IMPORTED_MODULE_5__/* .isFork */ .B0)(event))
        return forkVersion(event);
    if ((0,_event_js__WEBPACK_IMPORTED_MODULE_5__/* .isPullRequest */ .r0)(event)) {
        const pullRequest = pullRequestNumber(event);
        if (outputType === 'registry' && pullRequest !== undefined)
            return { value: `pr-${pullRequest}`, reason: `pull request #${pullRequest} that publishes: pr-<number>` };
        const base = event.baseRef || 'main';
        return { value: sanitizeTag(`${base}-container`), reason: `pull request into ${base}: <base branch>-container` };
    }
    if (event.name === 'workflow_run') {
        const branch = (0,_system_github_js__WEBPACK_IMPORTED_MODULE_4__/* .text */ .Qq)(event.payload.workflow_run?.head_branch);
        if (!branch)
            throw new Error('version is auto, but this workflow_run event names no branch of the run that triggered it; set the version input');
        return withRule(branchVersion(branch), `workflow_run of ${branch}`);
    }
    const tag = tagOfRef(event.ref);
    if (tag !== undefined)
        return { value: sanitizeTag(tag), reason: `tag ${tag}: the tag` };
    const branch = event.ref.replace(/^refs\/(heads|pull)\//, '');
    if (!branch)
        throw new Error(`version is auto, but this ${event.name} event gives no ref (GITHUB_REF is empty); set the version input`);
    return withRule(branchVersion(branch), `${event.name} of`);
}
const withRule = (decided, prefix) => ({ value: decided.value, reason: `${prefix} ${decided.reason}` });
function autoOutputType(event, role = 'all') {
    // A split run cannot load into one machine's Docker; outside a workflow it pushes only when told to.
    if (!event && role !== 'all')
        return { value: 'tar', reason: `not in GitHub Actions, role ${role}: tar, which never pushes` };
    if (!event)
        return { value: 'docker', reason: 'not in GitHub Actions: the default, docker' };
    if ((0,_event_js__WEBPACK_IMPORTED_MODULE_5__/* .isFork */ .B0)(event))
        return { value: 'tar', reason: `${event.name} caused by a fork's pull request: build tarballs, never push` };
    if ((0,_event_js__WEBPACK_IMPORTED_MODULE_5__/* .isDependabot */ .DS)(event))
        return { value: 'tar', reason: 'triggered by Dependabot: build tarballs, never push' };
    if (_event_js__WEBPACK_IMPORTED_MODULE_5__/* .NEVER_PUSH_EVENTS */ .O1.includes(event.name)) {
        return { value: 'tar', reason: `${event.name} event: build tarballs, never push` };
    }
    if (_event_js__WEBPACK_IMPORTED_MODULE_5__/* .PUBLISHING_EVENTS */ .gD.includes(event.name))
        return { value: 'registry', reason: `${event.name} event: publish` };
    return { value: 'tar', reason: `${event.name} event is not one that publishes: build tarballs` };
}
/** One line of the log and the job summary: `version: v1.16.0 (from the event: tag v1.16.0: the tag)`. */
function describeDecision(decision) {
    const from = { event: 'from the event', input: 'from the input', default: 'the default' }[decision.source];
    return `${decision.name}: ${decision.value} (${from}${decision.reason ? `: ${decision.reason}` : ''})`;
}
/** Whether the run pushes anything, from the output type, the role and the dry run, with the output type's source. */
function pushDecision(settings, outputTypeSource) {
    const decided = (value, reason) => ({ name: 'push', value, source: outputTypeSource, reason });
    if (settings.outputType !== 'registry')
        return decided('no', `output-type ${settings.outputType}`);
    if (settings.dryRun)
        return decided('no', 'a dry run');
    if (settings.role === 'build')
        return decided('yes', "output-type registry, role build: this leg's images, by digest only; the merge moves the tags");
    if (settings.role === 'merge')
        return decided('yes', 'output-type registry, role merge: the platform tags, then the lists');
    return decided('yes', 'output-type registry: the images by digest, then the platform tags, then the lists');
}
/**
 * Why a run of this event never pushes, whatever output-type says; undefined for one that may: a fork's code (its
 * pull request, or a workflow_run it triggered), pull_request_target and merge_group (the base repository's
 * context, running code nobody has merged), and Dependabot's runs.
 */
function neverPushes(event) {
    if (!event)
        return undefined;
    if ((0,_event_js__WEBPACK_IMPORTED_MODULE_5__/* .isFork */ .B0)(event))
        return `this ${event.name} run was caused by a pull request from a fork: it has no registry credentials and its code must not be published`;
    if ((0,_event_js__WEBPACK_IMPORTED_MODULE_5__/* .isDependabot */ .DS)(event))
        return `this ${event.name} run was triggered by Dependabot, whose runs publish nothing`;
    if (event.name === 'pull_request_target' || event.name === 'merge_group')
        return `a ${event.name} run builds code nobody has merged yet, and publishes nothing`;
    return undefined;
}
/**
 * Replaces `auto` in the settings by what the event implies, and turns an explicit `registry` on a run that never
 * pushes (neverPushes) into `tar`: a warning for a fork's code, a notice for the others.
 */
function decideAuto(settings, event) {
    const decisions = [];
    const warnings = [];
    const notices = [];
    const source = (name) => (settings.given.includes(name) ? 'input' : 'default');
    let outputType;
    let outputDecision;
    const never = neverPushes(event);
    if (settings.outputType === _inputs_definitions_js__WEBPACK_IMPORTED_MODULE_3__/* .AUTO */ .Q8) {
        const decided = autoOutputType(event, settings.role);
        outputType = decided.value;
        outputDecision = { name: 'output-type', value: decided.value, source: 'event', reason: decided.reason };
    }
    else if (never && settings.outputType === 'registry') {
        outputType = 'tar';
        outputDecision = { name: 'output-type', value: 'tar', source: 'event', reason: `registry was asked for, but ${never}` };
        const said = `output-type registry was asked for, but ${never}. Building tarballs instead; nothing is pushed.`;
        if (event && (0,_event_js__WEBPACK_IMPORTED_MODULE_5__/* .isFork */ .B0)(event))
            warnings.push(said);
        else
            notices.push(said);
    }
    else {
        outputType = settings.outputType;
        outputDecision = { name: 'output-type', value: outputType, source: source('output-type'), reason: '' };
    }
    let version = settings.version;
    if (version === _inputs_definitions_js__WEBPACK_IMPORTED_MODULE_3__/* .AUTO */ .Q8) {
        const decided = autoVersion(event, outputType);
        version = decided.value;
        decisions.push({ name: 'version', value: decided.value, source: 'event', reason: decided.reason });
    }
    else {
        decisions.push({
            name: 'version',
            value: version || (_inputs_definitions_js__WEBPACK_IMPORTED_MODULE_3__/* .INPUTS */ .mc.find((input) => input.name === 'version')?.default ?? ''),
            source: source('version'),
            reason: ''
        });
    }
    decisions.push(outputDecision);
    return { settings: { ...settings, version, outputType }, decisions, warnings, notices };
}


/***/ }),

/***/ 50082:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B0: () => (/* binding */ isFork),
/* harmony export */   DS: () => (/* binding */ isDependabot),
/* harmony export */   JE: () => (/* binding */ policyEvent),
/* harmony export */   O1: () => (/* binding */ NEVER_PUSH_EVENTS),
/* harmony export */   ai: () => (/* binding */ number),
/* harmony export */   gD: () => (/* binding */ PUBLISHING_EVENTS),
/* harmony export */   r0: () => (/* binding */ isPullRequest)
/* harmony export */ });
/* harmony import */ var _system_github_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(35722);
// Who caused the run, as the workflow event tells (a fork's pull request, Dependabot), and what the tag policy needs
// of the event. Pure; system/github.ts reads the event from the runner.

const number = (value) => (typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined);
const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target'];
const NEVER_PUSH_EVENTS = [...PULL_REQUEST_EVENTS, 'merge_group'];
const PUBLISHING_EVENTS = ['push', 'workflow_dispatch', 'schedule', 'release'];
const DEPENDABOT = 'dependabot[bot]';
function isPullRequest(event) {
    return PULL_REQUEST_EVENTS.includes(event.name);
}
/** A repository other than the base one: a fork, another name, or gone (GitHub gives none for a deleted fork). */
function isOtherRepository(head, event) {
    if (!head)
        return true;
    const base = (0,_system_github_js__WEBPACK_IMPORTED_MODULE_0__/* .text */ .Qq)(event.payload.repository?.full_name) || event.repository;
    return head.fork === true || (typeof head.full_name === 'string' && head.full_name !== base);
}
/**
 * A run caused by a fork's pull request: its code is not the repository's, and it must publish nothing and get no
 * secret. A pull request (or pull_request_target) whose head is in another repository, or a workflow_run triggered
 * by such a pull request or by any run of a fork.
 */
function isFork(event) {
    if (isPullRequest(event))
        return event.payload.pull_request !== undefined && isOtherRepository(event.payload.pull_request.head?.repo, event);
    const run = event.payload.workflow_run;
    if (event.name !== 'workflow_run' || !run)
        return false;
    if (run.head_repository?.fork === true)
        return true;
    return PULL_REQUEST_EVENTS.includes((0,_system_github_js__WEBPACK_IMPORTED_MODULE_0__/* .text */ .Qq)(run.event)) && isOtherRepository(run.head_repository, event);
}
function isDependabot(event) {
    return event.actor === DEPENDABOT || event.payload.sender?.login === DEPENDABOT;
}
/** What the tag policy needs of the event: its name, ref and, for a `release` event, its activity and pre-release mark. */
function policyEvent(event) {
    if (!event)
        return undefined;
    const release = event.name === 'release' ? { action: (0,_system_github_js__WEBPACK_IMPORTED_MODULE_0__/* .text */ .Qq)(event.payload.action), prerelease: event.payload.release?.prerelease === true } : undefined;
    const pullRequest = event.name === 'pull_request' && !isFork(event) ? (number(event.payload.pull_request?.number) ?? number(event.payload.number)) : undefined;
    return { name: event.name, ref: event.ref, ...(release ? { release } : {}), ...(pullRequest !== undefined ? { pullRequest } : {}) };
}


/***/ }),

/***/ 81097:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FA: () => (/* binding */ readRunFacts),
/* harmony export */   o5: () => (/* binding */ checkoutOf)
/* harmony export */ });
/* unused harmony exports DEFAULT_GOPROXY, sourceUrl */
/* harmony import */ var _inputs_definitions_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(33775);
/* harmony import */ var _auto_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(71827);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
// The facts of a run that its decisions and its plan depend on, read once through the ports: the checkout (its HEAD,
// the commit's time, the tree's state, where it comes from), this machine, the time, the run's private directory
// and the name a builder of its own would have.



const DEFAULT_GOPROXY = 'https://proxy.golang.org';
/**
 * The repository's address for the source label: the GitHub repository in a workflow, else the checkout's origin
 * without any credentials in it (`https://token@host/...` loses `token@`); empty when neither says.
 */
function sourceUrl(github, origin) {
    if (github.serverUrl && github.repository)
        return `${github.serverUrl}/${github.repository}`;
    if (!origin)
        return '';
    try {
        const url = new URL(origin);
        if (url.protocol !== 'https:' && url.protocol !== 'http:')
            return '';
        url.username = '';
        url.password = '';
        return url.toString().replace(/\.git$/, '');
    }
    catch {
        // scp-like (git@github.com:org/repo.git): no secret in it, but no URL either.
        return /^[\w.-]+@([\w.-]+):([\w./-]+?)(\.git)?$/.test(origin) ? origin.replace(/^[\w.-]+@([\w.-]+):([\w./-]+?)(\.git)?$/, 'https://$1/$2') : '';
    }
}
/** The checkout the run builds from: the context in the workspace, for a run that builds (a merge has none). */
function checkoutOf(settings, workspace) {
    return settings.role === 'merge' || (0,_inputs_definitions_js__WEBPACK_IMPORTED_MODULE_0__/* .isRemoteContext */ .uN)(settings.context) ? undefined : node_path__WEBPACK_IMPORTED_MODULE_2___default().resolve(workspace, settings.context);
}
const rfc3339 = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
async function readRunFacts(settings, ports) {
    const { git, github, workspace, machine } = ports;
    const hostArch = machine.arch;
    if (hostArch === undefined)
        throw new Error(`this machine's architecture (${machine.nodeArch}) is not one buildx builds for`);
    const checkout = checkoutOf(settings, workspace.root);
    const warnings = [];
    // HEAD, its committer time (SOURCE_DATE_EPOCH of a reproducible build) and the tree's state, asked at once.
    const [head, commitTime, treeState] = checkout
        ? await Promise.all([git.head(checkout), git.commitTime(checkout), git.treeState(checkout)])
        : [undefined, undefined, undefined];
    if (checkout && (head === undefined || treeState === undefined)) {
        warnings.push(`git could not read the repository of the context ${checkout} (not a checkout, git missing, or a "dubious ownership" refusal): GIT_TREE_STATE is unknown`);
    }
    const { context } = github;
    const origin = checkout && !(context.serverUrl && context.repository) ? await git.originUrl(checkout) : undefined;
    return {
        sourceUrl: sourceUrl(context, origin),
        created: rfc3339(ports.clock.now()),
        hostArch,
        builderName: ports.buildx.newBuilderName,
        tempDir: await workspace.runDirectory(),
        ...(head ? { head } : {}),
        ...(commitTime !== undefined ? { commitTime } : {}),
        gitTreeState: treeState ?? (checkout ? 'unknown' : 'clean'),
        warnings,
        goproxy: context.goproxy || DEFAULT_GOPROXY,
        ...(0,_auto_js__WEBPACK_IMPORTED_MODULE_1__/* .repositoryFacts */ .Ow)(context.event)
    };
}


/***/ }),

/***/ 49965:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C: () => (/* binding */ readRefHead),
/* harmony export */   S: () => (/* binding */ followedRef)
/* harmony export */ });
/* harmony import */ var _system_github_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(35722);

/**
 * The ref a run's tags follow: the branch or tag the event is about (`refs/heads/main`, `refs/tags/v1.16.0`; on
 * workflow_run, the triggering run's branch); undefined where there is none (a pull request's merge ref, or outside
 * GitHub).
 */
function followedRef(event) {
    if (!event)
        return undefined;
    if (event.name === 'workflow_run') {
        const branch = (0,_system_github_js__WEBPACK_IMPORTED_MODULE_0__/* .text */ .Qq)(event.payload.workflow_run?.head_branch);
        return branch ? `refs/heads/${branch}` : undefined;
    }
    return /^refs\/(heads|tags)\/./.test(event.ref) ? event.ref : undefined;
}
/** Where `ref` points now; `checkout` is the build context, undefined where there is none (a merge). */
async function readRefHead(ref, api, git, checkout) {
    const why = [];
    if (api) {
        try {
            return { ref, head: await api.commitOf(ref) };
        }
        catch (error) {
            why.push(`the GitHub API: ${error.message}`);
        }
    }
    else {
        why.push('the GitHub API is not there (outside GitHub)');
    }
    if (checkout) {
        const head = await git.remoteHead(checkout, ref);
        if (head)
            return { ref, head };
        why.push(`git ls-remote origin ${ref} in ${checkout} found nothing`);
    }
    else {
        why.push('there is no checkout whose origin git could ask (a merge job has none)');
    }
    throw new Error(`where ${ref} points now cannot be read (${why.join('; ')}), so whether this run's tags may move cannot be told, and no tag moved. Give the action a github-token that can read the repository (permissions: contents: read)${checkout ? ', or a checkout whose origin has the ref' : ''}.`);
}


/***/ }),

/***/ 36488:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   K: () => (/* binding */ jobIdentity)
/* harmony export */ });
/* harmony import */ var _system_github_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(35722);
// Who the job is, as its OIDC token says: the workflow that signs (its certificate's subject) and the issuer a
// certificate for it must name. The policy checks it before any docker command on a run that is to sign; signing
// (publish/sign.ts) asks for a fresh token and reads it the same way.

const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';
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
/** Who the job is, from its OIDC token's claims. */
function jobIdentity(token, context) {
    const claims = jwtClaims(token);
    const server = (0,_system_github_js__WEBPACK_IMPORTED_MODULE_0__/* .githubServer */ .Dl)(context);
    const workflow = typeof claims.job_workflow_ref === 'string' ? `${server}/${claims.job_workflow_ref}` : typeof claims.sub === 'string' ? claims.sub : '';
    if (!workflow)
        throw new Error('the OIDC token names no workflow (job_workflow_ref)');
    const issuer = context.sigstore.oidcIssuer || (new URL(server).hostname === 'github.com' ? GITHUB_ACTIONS_ISSUER : typeof claims.iss === 'string' ? claims.iss : '');
    return { token, subject: workflow, issuer };
}


/***/ }),

/***/ 50874:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B9: () => (/* binding */ formatRelease),
/* harmony export */   BC: () => (/* binding */ parseRelease),
/* harmony export */   ES: () => (/* binding */ describeLine),
/* harmony export */   V1: () => (/* binding */ isPrerelease),
/* harmony export */   Xn: () => (/* binding */ aliasLine),
/* harmony export */   _6: () => (/* binding */ highestOfLine),
/* harmony export */   c0: () => (/* binding */ compareReleases),
/* harmony export */   i2: () => (/* binding */ inLine)
/* harmony export */ });
// Releases as the tag policy compares them: semantic versions (`v1.16.0`, `1.16.0-rc.1`), and the alias lines a
// release belongs to (`latest`, the major `1` or `v1`, the minor `1.16` or `v1.16`). Pure.
const SEMVER = /^v?(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]+)?$/;
/** A tag as a semantic version (`v1.2.3`, `1.2.3-rc.1`, `v1.2.3+build`), or undefined. */
function parseRelease(tag) {
    const match = SEMVER.exec(tag);
    if (!match)
        return undefined;
    return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]), prerelease: match[4] ? match[4].split('.') : [] };
}
const isPrerelease = (release) => release.prerelease.length > 0;
/** Semantic version precedence: negative when `a` comes before `b`. */
function compareReleases(a, b) {
    for (const key of ['major', 'minor', 'patch'])
        if (a[key] !== b[key])
            return a[key] - b[key];
    if (a.prerelease.length === 0 || b.prerelease.length === 0)
        return b.prerelease.length - a.prerelease.length;
    for (let i = 0; i < Math.min(a.prerelease.length, b.prerelease.length); i++) {
        const [x, y] = [a.prerelease[i], b.prerelease[i]];
        if (x === y)
            continue;
        const [nx, ny] = [/^\d+$/.test(x), /^\d+$/.test(y)];
        if (nx && ny)
            return Number(x) - Number(y);
        if (nx !== ny)
            return nx ? -1 : 1;
        return x < y ? -1 : 1;
    }
    return a.prerelease.length - b.prerelease.length;
}
const formatRelease = (release) => `${release.major}.${release.minor}.${release.patch}${release.prerelease.length ? `-${release.prerelease.join('.')}` : ''}`;
/** The line an alias names: `latest`, `1`/`v1` (a major), `1.16`/`v1.16` (a minor); undefined for another tag. */
function aliasLine(tag) {
    if (tag === 'latest')
        return { kind: 'latest' };
    const major = /^v?(0|[1-9]\d{0,8})$/.exec(tag);
    if (major)
        return { kind: 'major', major: Number(major[1]) };
    const minor = /^v?(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})$/.exec(tag);
    if (minor)
        return { kind: 'minor', major: Number(minor[1]), minor: Number(minor[2]) };
    return undefined;
}
function describeLine(line) {
    return line.kind === 'latest' ? 'every release' : line.kind === 'major' ? `the releases ${line.major}.x` : `the releases ${line.major}.${line.minor}.x`;
}
const inLine = (line, release) => line.kind === 'latest' || (release.major === line.major && (line.kind === 'major' || release.minor === line.minor));
/** The highest release (no pre-release) of a line among `releases`, or undefined when it has none. */
function highestOfLine(line, releases) {
    return releases
        .filter((release) => !isPrerelease(release) && inLine(line, release))
        .reduce((best, release) => (!best || compareReleases(release, best) > 0 ? release : best), undefined);
}


/***/ }),

/***/ 4916:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  iH: () => (/* binding */ NothingToDo),
  tT: () => (/* binding */ decidePolicy),
  hm: () => (/* binding */ signsWhatItPublishes)
});

// EXTERNAL MODULE: ./src/inputs/definitions.ts
var definitions = __webpack_require__(33775);
// EXTERNAL MODULE: ./src/shared/platforms.ts
var platforms = __webpack_require__(99521);
// EXTERNAL MODULE: ./src/policy/releases.ts
var releases = __webpack_require__(50874);
// EXTERNAL MODULE: ./src/policy/tags.ts
var policy_tags = __webpack_require__(88493);
// EXTERNAL MODULE: ./src/shared/references.ts
var references = __webpack_require__(59451);
;// CONCATENATED MODULE: ./src/policy/caches.ts



const PLATFORM_PLACEHOLDER = '{platform}';
/** The registry reference of a cache spec, or undefined for another type of cache. */
function registryRef(spec) {
    if (!spec.includes('='))
        return spec;
    const type = /(?:^|,)type=([^,]+)/.exec(spec)?.[1] ?? 'registry';
    return type === 'registry' ? /(?:^|,)ref=([^,]+)/.exec(spec)?.[1] : undefined;
}
/** Why a tag of the image's repository may not hold a cache; undefined when it may. */
function takenBy(tag, written, suffixes) {
    if (written.has(tag))
        return 'this run writes that tag';
    const suffix = (0,policy_tags/* platformSuffixOf */.mR)(tag, suffixes);
    if (suffix)
        return `it is the platform tag (-${suffix}) of the version ${tag.slice(0, -suffix.length - 1)}`;
    if (tag === 'latest' || (0,releases/* aliasLine */.Xn)(tag) !== undefined || (0,policy_tags/* isReleaseShaped */.$Z)(tag))
        return 'it is latest, an alias or a release-shaped tag';
    return undefined;
}
/** Every problem with the registry caches of the settings, each naming the input, the reference and why. */
function cacheProblems(settings, tags, platformSuffixes, runSuffixes) {
    const written = new Set(tags.flatMap((tag) => [tag.tag, ...(tag.platformTags ? runSuffixes.map((suffix) => `${tag.tag}-${suffix}`) : [])]));
    const problems = [];
    for (const [name, specs] of [
        ['cache-to', settings.cacheTo],
        ['cache-from', settings.cacheFrom]
    ]) {
        for (const spec of specs) {
            const ref = registryRef(spec);
            if (!ref)
                continue;
            for (const expanded of new Set(ref.includes(PLATFORM_PLACEHOLDER) ? runSuffixes.map((suffix) => ref.replaceAll(PLATFORM_PLACEHOLDER, suffix)) : [ref])) {
                const parsed = (0,references/* parseTaggedReference */.$R)(expanded.includes(':', expanded.lastIndexOf('/')) ? expanded : `${expanded}:latest`);
                if (typeof parsed === 'string' || !(0,references/* sameRepository */.RB)(parsed.repository, settings.image))
                    continue;
                const why = takenBy(parsed.tag, written, platformSuffixes);
                if (why) {
                    problems.push(`input '${name}': '${spec}' keeps a cache under ${parsed.repository}:${parsed.tag}, in the image's repository, where ${why}: a cache would replace an image there, or an image the cache. Keep caches in a repository of their own, such as ${settings.image}-cache`);
                    // One problem per cache spec, naming the first of its platforms that is taken.
                    break;
                }
            }
        }
    }
    return problems;
}

// EXTERNAL MODULE: ./src/policy/job-identity.ts
var job_identity = __webpack_require__(36488);
// EXTERNAL MODULE: ./src/shared/stage-failure.ts
var stage_failure = __webpack_require__(74172);
// EXTERNAL MODULE: ./src/policy/auto.ts
var policy_auto = __webpack_require__(71827);
;// CONCATENATED MODULE: ./src/policy/commit.ts
const AS_A_FORK = 'no secret, no secret-looking build argument, no cache export';
function runCommit(facts) {
    const { head, expected, expectedFrom } = facts;
    if (facts.merge)
        return {
            commit: expected ?? '',
            notes: expected ? [`commit: ${expected} (${expectedFrom}; the merge has no checkout, and its legs must have built it)`] : []
        };
    if (facts.remoteContext) {
        return {
            commit: expected ?? '',
            notes: [
                `commit: ${expected ? `${expected} (${expectedFrom})` : 'unknown'}; the context is a URL, so no checkout's commit is read: the images are labelled with the event's commit`
            ]
        };
    }
    if (head === undefined) {
        if (expected === undefined)
            return { commit: '', notes: ['commit: unknown (the context is not a git checkout that git can read): the images carry no revision label'] };
        const problem = `the checkout's commit cannot be read (git rev-parse HEAD failed in the context: not a checkout, git missing, or a "dubious ownership" refusal), so this run cannot tell that it builds ${expectedFrom} ${expected}; nothing was pushed. Check out the repository (actions/checkout) before this step.`;
        return facts.pushes
            ? { commit: '', notes: [], problem }
            : {
                commit: expected,
                untrusted: true,
                notes: [
                    `commit: ${expected} (${expectedFrom}); the checkout's own commit could not be read, so its code is trusted no more than a fork's: ${AS_A_FORK}`
                ]
            };
    }
    if (expected === undefined || head === expected)
        return { commit: head, notes: [`commit: ${head} (the checkout's HEAD${expected ? `, ${expectedFrom}` : ''})`] };
    if (facts.allowOther) {
        return {
            commit: head,
            eventCommit: expected,
            notes: [
                `commit: ${head}, the checkout's HEAD, not ${expectedFrom} ${expected}: allow-other-commit is true, so the images, the log and the signed statements name the checkout's commit (and the event's)`
            ]
        };
    }
    const problem = `the checkout holds commit ${head}, but this run is for ${expectedFrom} ${expected}; nothing was pushed. Check out the event's commit (actions/checkout does by default), or, if this workflow checks out another commit on purpose (a dispatch that rebuilds a release tag, say), set allow-other-commit: true.`;
    return facts.pushes
        ? { commit: head, notes: [], problem }
        : {
            commit: head,
            eventCommit: expected,
            untrusted: true,
            notes: [
                `commit: ${head}, the checkout's HEAD, not ${expectedFrom} ${expected}; nothing is pushed, so the build goes on, and its code is trusted no more than a fork's: ${AS_A_FORK} (allow-other-commit: true builds another commit on purpose)`
            ]
        };
}
/** The commit the event is about: GITHUB_SHA, or on workflow_run the triggering run's head. */
function eventCommit(context) {
    const { event } = context;
    const head = event?.payload.workflow_run?.head_sha;
    if (event?.name === 'workflow_run' && typeof head === 'string' && head !== '')
        return { expected: head, expectedFrom: "the workflow_run event's head_sha" };
    return { expected: context.sha || undefined, expectedFrom: 'GITHUB_SHA' };
}

// EXTERNAL MODULE: ./src/policy/event.ts
var policy_event = __webpack_require__(50082);
// EXTERNAL MODULE: ./src/policy/facts.ts
var policy_facts = __webpack_require__(81097);
// EXTERNAL MODULE: ./src/policy/follow-ref.ts
var follow_ref = __webpack_require__(49965);
;// CONCATENATED MODULE: ./src/policy/github-token.ts
// The github-token input. Its default is `${{ github.token }}`, but a workflow that passes an unset expression or a
// secret that is not there gives the empty string, and the action cannot fall back to the job's token by itself: so
// an empty token fails the run before any docker command, naming the input and what needs it, where the run needs
// the API.
/** The problem with an empty github-token for these uses; undefined when the token is given or nothing needs it. */
function emptyTokenProblem(token, uses) {
    if (!uses.inWorkflow || (token !== undefined && token !== ''))
        return undefined;
    const needs = [
        ...(uses.releaseTags ? ["the repository's release tags (the order of latest and the aliases)"] : []),
        ...(uses.movesTags ? ["where the run's ref points and how two commits stand (which tags move)"] : []),
        ...(uses.signs ? ["GitHub's attestations API (sign: true)"] : [])
    ];
    if (needs.length === 0)
        return undefined;
    return `input 'github-token' is empty (an unset expression, or a secret that is not there), and this run needs it for ${needs.join(', and ')}. Leave github-token out (its default is the job's token, \${{ github.token }}), or give a token that may read the repository (permissions: contents: read).`;
}

// EXTERNAL MODULE: ./src/system/github.ts
var github = __webpack_require__(35722);
;// CONCATENATED MODULE: ./src/policy/release-tags.ts

/** `dir`: the checkout (the build context); undefined where there is none (the merge). */
async function readReleaseTags(api, git, dir) {
    const why = [];
    let notAsked = false;
    if (api) {
        try {
            return { tags: await api.listTags(), from: 'the GitHub API' };
        }
        catch (error) {
            notAsked = error instanceof github/* NotAsked */.qd;
            why.push(notAsked ? error.message : `the GitHub API did not answer (${error.message})`);
        }
    }
    if (dir) {
        const shallow = await git.isShallow(dir);
        const listed = shallow === false ? await git.tags(dir) : undefined;
        if (listed !== undefined)
            return { tags: listed, from: `git in ${dir}` };
        why.push(shallow === true ? 'the checkout is shallow, so git knows only some of its tags' : "git could not list the checkout's tags");
    }
    else {
        why.push('there is no checkout to ask git');
    }
    return notAsked ? { unknown: why.join(', and ') } : { problem: why.join(', and ') };
}

// EXTERNAL MODULE: ./src/policy/trust.ts
var trust = __webpack_require__(23112);
;// CONCATENATED MODULE: ./src/policy/stage.ts
// The policy stage: every decision about tags and trust, from the settings and the facts read through the ports, each
// logged with its source and reason. `auto` decided from the event; what a run of a fork's code may have (no
// secret, no cache trusted builds read, nothing pushed); the run's commit; every list tag the run writes (the
// version, latest, aliases, extra tags), with the repository's release order read where the policy needs it; and,
// for a run that signs, its OIDC token, checked before any docker command. What a tag holds when it moves is judged
// later, by the tag guard (tag-guard.ts), which the publish stage asks just before it moves.














/** A run that has nothing to do (a release event that publishes nothing): it ends well, having built nothing. */
class NothingToDo extends Error {
    constructor(reason) {
        super(reason);
        this.name = 'NothingToDo';
    }
}
/** A run signs what it publishes: lists and their images, so not a leg (its merge signs) nor an unpublished build. */
function signsWhatItPublishes(settings) {
    return settings.sign && settings.outputType === 'registry' && settings.role !== 'build';
}
/**
 * What the run's code may have: a fork's code (isFork), or a checkout that is not the event's commit (runCommit's
 * `untrusted`), whatever the event, gets no secret, no secret-looking build argument and no cache export; a refusal
 * is an input's.
 */
function decideTrust(settings, commit, outputSource, ports) {
    const { log } = ports;
    const { event } = ports.github.context;
    const forkCode = event !== undefined && (0,policy_event/* isFork */.B0)(event);
    const fork = forkCode || commit.untrusted === true;
    // A fork's pull_request has a cache scope of its own; every other run reads and writes the base repository's.
    const baseScope = fork && event?.name !== 'pull_request';
    const origin = forkCode
        ? { fork, baseScope }
        : { fork, baseScope, code: `a commit the event is not about (${commit.commit || 'its checkout unreadable'})`, secretsAllowed: false };
    const trusted = (0,trust/* withholdFromFork */.sj)(settings, origin, ports.workspace.root);
    for (const warning of trusted.warnings)
        log.warning(warning);
    const problems = (0,trust/* provenanceProblems */._T)(trusted.settings);
    if (problems.length > 0)
        throw new definitions/* InputError */.dz(problems);
    const push = (0,policy_auto/* pushDecision */.N$)(trusted.settings, outputSource);
    log.info((0,policy_auto/* describeDecision */.K5)(push));
    return { settings: trusted.settings, decisions: [push] };
}
/**
 * Every list tag the run writes, with its rule, the aliases left where they are, and what refuses the run. The
 * repository's release tags are read only when the policy needs them and the run publishes lists.
 */
async function decideTags(settings, version, ports) {
    let releaseTags;
    const { log, github } = ports;
    const input = {
        event: (0,policy_event/* policyEvent */.JE)(github.context.event),
        version: { value: settings.version, source: version?.source ?? 'input', reason: version?.reason ?? '' },
        tagLatest: settings.tagLatest,
        extraTags: settings.extraTags,
        release: settings.release,
        platformSuffixes: platforms/* PLATFORM_SUFFIXES */.ab,
        publishes: settings.outputType === 'registry' && settings.role !== 'build'
    };
    const tokenProblem = emptyTokenProblem(settings.githubToken, {
        inWorkflow: github.context.event !== undefined,
        releaseTags: input.publishes && (0,policy_tags/* releaseTagsNeeded */.s6)(input),
        movesTags: input.publishes,
        signs: signsWhatItPublishes(settings)
    });
    if (tokenProblem)
        throw new definitions/* InputError */.dz([tokenProblem]);
    if (input.publishes && (0,policy_tags/* releaseTagsNeeded */.s6)(input)) {
        // A merge has no checkout as a rule, but git is asked wherever there is one.
        const checkout = (0,definitions/* isRemoteContext */.uN)(settings.context) ? undefined : (0,policy_facts/* checkoutOf */.o5)({ ...settings, role: 'all' }, ports.workspace.root);
        const read = await readReleaseTags(github.api, ports.git, checkout);
        if ('unknown' in read) {
            log.info(`The repository's tags were not read (${read.unknown}): each alias is shown as it would move if ${settings.version} is the highest release of its line.`);
        }
        else if ('problem' in read) {
            throw new definitions/* InputError */.dz([
                `the repository's tags are needed to tell whether ${settings.version} is the highest release of the lines it asks aliases of, but ${read.problem}. Give the action a github-token that can read the repository (permissions: contents: read), or fetch the tags (actions/checkout with fetch-depth: 0).`
            ]);
        }
        else {
            input.releaseTags = read.tags.map((tag) => tag.name);
            releaseTags = read.tags;
            log.info(`The repository's tags (${read.tags.length}, from ${read.from}) decide the release order.`);
        }
    }
    const tags = (0,policy_tags/* tagPolicy */.dA)(input);
    if (tags.skip)
        throw new NothingToDo(tags.skip);
    const runSuffixes = (0,platforms/* selectPlatforms */.dv)(settings.os, settings.arch, settings.windowsVersions).map(platforms/* platformSuffix */.J7);
    const problems = [...tags.problems, ...cacheProblems(settings, tags.tags, platforms/* PLATFORM_SUFFIXES */.ab, runSuffixes)];
    if (problems.length > 0)
        throw new definitions/* InputError */.dz(problems);
    const decisions = [];
    for (const tag of tags.tags) {
        const source = tag.kind === 'version' ? (version?.source ?? 'input') : tag.kind === 'latest' && settings.tagLatest === 'auto' ? 'event' : 'input';
        decisions.push({ name: 'tag', value: tag.tag, source, reason: tag.reason });
        log.info(`tag ${tag.tag}${tag.platformTags ? ' (and its platform tags)' : ''}: ${tag.reason}`);
    }
    for (const held of tags.held) {
        decisions.push({ name: 'not moved', value: held.tag, source: 'input', reason: held.reason });
        log.notice(`${held.tag} is asked for and stays where it is: ${held.reason}`);
    }
    for (const note of tags.notes)
        log.info(note);
    return { tags, decisions, ...(releaseTags ? { releaseTags } : {}) };
}
/**
 * The policy of the run. When it refuses the run, the failure carries the decisions made so far (a StageFailure
 * whose partial is `{ decisions }`), so that the job summary still says what was decided and from what.
 */
async function decidePolicy(given, ports) {
    const decisions = [];
    try {
        return await decide(given, ports, decisions);
    }
    catch (error) {
        throw new stage_failure/* StageFailure */.B(error, { decisions });
    }
}
async function decide(given, ports, decisions) {
    const { log, github } = ports;
    const auto = (0,policy_auto/* decideAuto */.II)(given, github.context.event);
    decisions.push(...auto.decisions);
    for (const decision of auto.decisions)
        log.info((0,policy_auto/* describeDecision */.K5)(decision));
    for (const warning of auto.warnings)
        log.warning(warning);
    for (const notice of auto.notices)
        log.notice(notice);
    const facts = await (0,policy_facts/* readRunFacts */.FA)(auto.settings, ports);
    const commit = runCommit({
        ...(facts.head ? { head: facts.head } : {}),
        ...eventCommit(github.context),
        remoteContext: (0,definitions/* isRemoteContext */.uN)(auto.settings.context),
        pushes: auto.settings.outputType === 'registry' && !auto.settings.dryRun,
        merge: auto.settings.role === 'merge',
        allowOther: auto.settings.allowOtherCommit
    });
    for (const note of commit.notes)
        log.info(note);
    if (commit.problem)
        throw new Error(commit.problem);
    const trust = decideTrust(auto.settings, commit, auto.decisions.find((d) => d.name === 'output-type')?.source ?? 'default', ports);
    decisions.push(...trust.decisions);
    const { settings } = trust;
    const tagging = await decideTags(settings, auto.decisions.find((d) => d.name === 'version'), ports);
    decisions.push(...tagging.decisions);
    // Before any docker command: a run that is to sign must be able to (id-token: write), as a job its token names.
    if (signsWhatItPublishes(settings))
        (0,job_identity/* jobIdentity */.K)(await github.idToken('sigstore', settings.commandTimeout * 1000), github.context);
    const followed = (0,follow_ref/* followedRef */.S)(github.context.event);
    return {
        settings,
        decisions,
        commit,
        tags: tagging.tags,
        ...(followed ? { followedRef: followed } : {}),
        ...(tagging.tags.tags.some((tag) => !tag.followsRef)
            ? { releaseOrder: { release: settings.version, ...(tagging.releaseTags ? { tags: tagging.releaseTags } : {}) } }
            : {}),
        facts
    };
}


/***/ }),

/***/ 88493:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $Z: () => (/* binding */ isReleaseShaped),
/* harmony export */   dA: () => (/* binding */ tagPolicy),
/* harmony export */   mR: () => (/* binding */ platformSuffixOf),
/* harmony export */   s6: () => (/* binding */ releaseTagsNeeded)
/* harmony export */ });
/* unused harmony exports RELEASE_INPUT_EVENTS, RELEASE_ACTIVITIES, isTagRun, TAG_RULES */
/* harmony import */ var _releases_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(50874);
// The tag policy: every list tag a run writes (its version, `latest`, aliases and other extra tags, each with or
// without platform tags), each with the rule that decided it, whatever asked for it (`auto`, an input, or
// docker/metadata-action's tags in `extra-tags`). An alias (`latest`, a major `1`, a minor `1.16`) moves only to the
// highest release of its line, a release-shaped tag only on a release run, and no tag takes another version's
// platform tag. Pure: the event, the inputs and the repository's release tags come in as data. No other place
// decides a tag; the publish stage then evaluates each one with what it holds now.

/**
 * The events on which input `release: true` is honoured: a person decides that a run is a release. A reusable
 * workflow runs with its caller's event, so it is honoured there when the caller was dispatched.
 */
const RELEASE_INPUT_EVENTS = ['workflow_dispatch'];
/** The activities of a `release` event that build; the others (created, edited, deleted, unpublished) do nothing. */
const RELEASE_ACTIVITIES = ['published', 'released', 'prereleased'];
const RELEASE_SHAPE = 'the shape of a release (v1.2.3, 1.2, v1)';
/** A version, alias or tag with the shape of a release: `v1.2.3`, `1.2`, `v1.2.3-rc.1`, `v1`, `2`. */
function isReleaseShaped(tag) {
    return /^v?\d+(\.\d+){1,2}(-[\w.-]+)?$/.test(tag) || /^v?\d+$/.test(tag);
}
const isTagRun = (event) => event?.ref.startsWith('refs/tags/') === true;
/** The platform suffix a tag ends in (`-linux-amd64`), which would make its list another version's platform tag. */
function platformSuffixOf(tag, suffixes) {
    return suffixes.find((suffix) => tag.endsWith(`-${suffix}`) && tag.length > suffix.length + 1);
}
function runKind(input) {
    const problems = [];
    const { event } = input;
    const honoured = !event || RELEASE_INPUT_EVENTS.includes(event.name);
    if (input.release && !honoured) {
        problems.push(`input 'release': true is honoured on ${RELEASE_INPUT_EVENTS.join(' and ')} (or on the command line), and this run is a ${event?.name} event: a tag push is a release run by itself`);
    }
    const releaseRun = isTagRun(event) || (input.release && honoured);
    const release = releaseRun ? (0,_releases_js__WEBPACK_IMPORTED_MODULE_0__/* .parseRelease */ .BC)(input.version.value) : undefined;
    const prerelease = !release
        ? undefined
        : (0,_releases_js__WEBPACK_IMPORTED_MODULE_0__/* .isPrerelease */ .V1)(release)
            ? `${input.version.value} is a pre-release`
            : event?.release?.prerelease
                ? `the release ${input.version.value} is marked a pre-release (release.prerelease)`
                : undefined;
    return { releaseRun, release, prerelease, problems };
}
/** Whether `latest` is asked for, and by what. */
function latestAsked(input, kind) {
    if (input.tagLatest === 'true')
        return "input 'tag-latest'";
    if (input.extraTags.includes('latest'))
        return "input 'extra-tags'";
    if (input.tagLatest === 'auto' && kind.releaseRun)
        return 'tag-latest: auto';
    return undefined;
}
/** Whether the policy needs the repository's release tags: a release run whose release may move an alias. */
function releaseTagsNeeded(input) {
    const kind = runKind(input);
    if (!kind.release || kind.prerelease)
        return false;
    return latestAsked(input, kind) !== undefined || input.extraTags.some((tag) => tag !== 'latest' && (0,_releases_js__WEBPACK_IMPORTED_MODULE_0__/* .aliasLine */ .Xn)(tag) !== undefined);
}
/**
 * Whether an alias of `line` moves to this run's release: when it is the highest release of the line among the
 * repository's and this one. Returns the rule it moves by, or why it stays.
 */
function aliasVerdict(tag, line, kind, input) {
    if (!kind.release)
        return { moves: false, reason: `${input.version.value} is not a release version (vX.Y.Z), and ${tag} moves only with a release` };
    if (kind.prerelease)
        return { moves: false, reason: `${kind.prerelease}, and a pre-release moves no alias` };
    // A dry run that could not read the repository's tags shows what would move if this release is the highest.
    if (!input.releaseTags)
        return { moves: true, reason: `if ${input.version.value} is the highest release of ${(0,_releases_js__WEBPACK_IMPORTED_MODULE_0__/* .describeLine */ .ES)(line)} (the repository's tags were not read)` };
    const releases = [...(input.releaseTags ?? []).map(_releases_js__WEBPACK_IMPORTED_MODULE_0__/* .parseRelease */ .BC).filter((r) => r !== undefined), kind.release];
    const highest = (0,_releases_js__WEBPACK_IMPORTED_MODULE_0__/* .highestOfLine */ ._6)(line, releases);
    // This run's tag is among the repository's already (v1.16.0 and 1.16.0 are one release): each counted once.
    const count = new Set(releases.filter((r) => !(0,_releases_js__WEBPACK_IMPORTED_MODULE_0__/* .isPrerelease */ .V1)(r) && (0,_releases_js__WEBPACK_IMPORTED_MODULE_0__/* .inLine */ .i2)(line, r)).map(_releases_js__WEBPACK_IMPORTED_MODULE_0__/* .formatRelease */ .B9)).size;
    if (highest && (0,_releases_js__WEBPACK_IMPORTED_MODULE_0__/* .compareReleases */ .c0)(highest, kind.release) > 0) {
        return { moves: false, reason: `${(0,_releases_js__WEBPACK_IMPORTED_MODULE_0__/* .formatRelease */ .B9)(highest)} is a higher release of ${(0,_releases_js__WEBPACK_IMPORTED_MODULE_0__/* .describeLine */ .ES)(line)} than this run's ${(0,_releases_js__WEBPACK_IMPORTED_MODULE_0__/* .formatRelease */ .B9)(kind.release)}` };
    }
    return {
        moves: true,
        reason: `${input.version.value} is the highest release of ${(0,_releases_js__WEBPACK_IMPORTED_MODULE_0__/* .describeLine */ .ES)(line)} (of ${count} among the repository's tags and this one)`
    };
}
function tagPolicy(input) {
    const { event, version } = input;
    if (event?.name === 'release' && event.release && !RELEASE_ACTIVITIES.includes(event.release.action)) {
        return {
            skip: `this release event is '${event.release.action}', which publishes nothing (only ${RELEASE_ACTIVITIES.join(', ')} build): nothing was built`,
            tags: [],
            held: [],
            notes: [],
            problems: []
        };
    }
    const kind = runKind(input);
    const problems = [...kind.problems];
    const notes = [];
    const held = [];
    const tags = [];
    const from = version.source === 'input' ? 'as given' : version.source === 'event' ? `from the event: ${version.reason}` : 'the default';
    // The version itself, by the rules its aliases obey.
    if ((0,_releases_js__WEBPACK_IMPORTED_MODULE_0__/* .aliasLine */ .Xn)(version.value) !== undefined) {
        problems.push(`input 'version': '${version.value}' (${from}) has the shape of an alias (latest, or a bare major or minor such as 1, v1, 1.16): aliases move only as the tag policy decides, in release order, never as a run's version; set the version to a release (v1.16.0) and ask for the aliases with tag-latest and extra-tags`);
    }
    const tagRef = event?.ref.startsWith('refs/tags/') ? event.ref.slice('refs/tags/'.length) : undefined;
    if (tagRef !== undefined && version.source !== 'event' && version.value.replace(/^v/, '') !== tagRef.replace(/^v/, '')) {
        problems.push(`input 'version': '${version.value}' (${from}), but this run is for the tag ${tagRef}: on a tag, the version is that tag (with or without its v); leave version to auto, or run for the tag of ${version.value}`);
    }
    if (event?.pullRequest !== undefined) {
        const own = `pr-${event.pullRequest}`;
        const others = [version.value, ...input.extraTags].filter((tag) => tag !== own);
        if (others.length > 0 || input.tagLatest === 'true') {
            problems.push(`this run is for pull request #${event.pullRequest}, which publishes under ${own} only, never another tag (${[...others, ...(input.tagLatest === 'true' ? ['latest'] : [])].join(', ')}): leave version to auto, give no extra-tags, or publish from a push of the branch`);
        }
    }
    if (!kind.releaseRun && isReleaseShaped(version.value)) {
        problems.push(`input 'version': '${version.value}' (${from}) has ${RELEASE_SHAPE}, and this run is not a release: only a tag push, or a run with input 'release': true, publishes a release's tags; nothing was built`);
    }
    const versionSuffix = platformSuffixOf(version.value, input.platformSuffixes);
    if (versionSuffix) {
        problems.push(`input 'version': '${version.value}' (${from}) ends in -${versionSuffix}, as a platform tag does: its list would replace the platform tag of the version '${version.value.slice(0, -versionSuffix.length - 1)}'; set another version`);
    }
    tags.push({
        tag: version.value,
        kind: 'version',
        reason: `the version (${version.source === 'input' ? "input 'version'" : from})`,
        platformTags: true,
        followsRef: true
    });
    // latest, however it was asked for.
    const asked = latestAsked(input, kind);
    if (asked && version.value !== 'latest') {
        if (!kind.releaseRun) {
            if (asked !== 'tag-latest: auto') {
                tags.push({
                    tag: 'latest',
                    kind: 'latest',
                    reason: `asked by ${asked}, on a run that is not a release: latest follows ${version.value}`,
                    platformTags: true,
                    followsRef: true
                });
                notes.push(`latest is published because ${asked} asks for it: it then follows the version ${version.value}, not a release`);
            }
        }
        else {
            const verdict = aliasVerdict('latest', { kind: 'latest' }, kind, input);
            if (verdict.moves)
                tags.push({ tag: 'latest', kind: 'latest', reason: `asked by ${asked}: ${verdict.reason}`, platformTags: true, followsRef: false });
            else if (asked !== 'tag-latest: auto' || kind.release)
                held.push({ tag: 'latest', reason: verdict.reason });
        }
    }
    // The other extra tags: aliases in release order, release versions that are this run's, and any other tag.
    for (const tag of input.extraTags) {
        if (tag === 'latest' || tag === version.value || tags.some((t) => t.tag === tag) || held.some((h) => h.tag === tag))
            continue;
        const suffix = platformSuffixOf(tag, input.platformSuffixes);
        if (suffix) {
            problems.push(`input 'extra-tags': '${tag}' ends in -${suffix}, as a platform tag does: a list under it would replace a platform's image`);
            continue;
        }
        const line = (0,_releases_js__WEBPACK_IMPORTED_MODULE_0__/* .aliasLine */ .Xn)(tag);
        const named = (0,_releases_js__WEBPACK_IMPORTED_MODULE_0__/* .parseRelease */ .BC)(tag);
        if (!kind.releaseRun && (line || isReleaseShaped(tag))) {
            problems.push(`input 'extra-tags': '${tag}' has ${RELEASE_SHAPE}, and this ${event ? `${event.name} run is for ${event.ref || 'no ref'}` : 'run'}, not a release: only a tag push, or a run with input 'release': true, moves a release's tags; nothing was built`);
            continue;
        }
        if (line) {
            if (kind.release && !(0,_releases_js__WEBPACK_IMPORTED_MODULE_0__/* .inLine */ .i2)(line, kind.release)) {
                problems.push(`input 'extra-tags': '${tag}' is an alias of ${(0,_releases_js__WEBPACK_IMPORTED_MODULE_0__/* .describeLine */ .ES)(line)}, and this run's release is ${(0,_releases_js__WEBPACK_IMPORTED_MODULE_0__/* .formatRelease */ .B9)(kind.release)}: an alias moves only with a release of its line; nothing was built`);
                continue;
            }
            const verdict = aliasVerdict(tag, line, kind, input);
            if (verdict.moves)
                tags.push({ tag, kind: 'alias', reason: `asked by input 'extra-tags': ${verdict.reason}`, platformTags: false, followsRef: false });
            else
                held.push({ tag, reason: verdict.reason });
            continue;
        }
        if (named && kind.release && (0,_releases_js__WEBPACK_IMPORTED_MODULE_0__/* .compareReleases */ .c0)(named, kind.release) !== 0) {
            problems.push(`input 'extra-tags': '${tag}' names the release ${(0,_releases_js__WEBPACK_IMPORTED_MODULE_0__/* .formatRelease */ .B9)(named)}, and this run publishes ${(0,_releases_js__WEBPACK_IMPORTED_MODULE_0__/* .formatRelease */ .B9)(kind.release)}; nothing was built`);
            continue;
        }
        tags.push({
            tag,
            kind: 'extra',
            reason: named ? `asked by input 'extra-tags': this run's release ${(0,_releases_js__WEBPACK_IMPORTED_MODULE_0__/* .formatRelease */ .B9)(named)}, spelled so` : "asked by input 'extra-tags'",
            platformTags: false,
            followsRef: true
        });
    }
    // Tarballs and a local Docker carry the version in names only: nothing is refused where no tag is written.
    return { tags, held, notes, problems: input.publishes ? problems : [] };
}
/**
 * Which tag moves when: the policy's rules as one table, for docs/tag-policy.md (a test checks that the page carries
 * exactly these rows, and that each row's example gives what it says).
 */
const TAG_RULES = [
    {
        when: 'a push of a branch (`main`)',
        moves: 'the version (`main`) and its platform tags; `latest` only when asked (`tag-latest: true`, or `latest` in `extra-tags`), then following the branch'
    },
    {
        when: 'a push of the highest release tag (`v1.16.0`)',
        moves: '`v1.16.0`, `latest` (`tag-latest: auto`), their platform tags, and the aliases asked for (`1.16`, `1`)'
    },
    {
        when: 'a push of a backport (`v1.15.9`, the repository has `v1.16.0`)',
        moves: "`v1.15.9` and its platform tags, and its own line's aliases (`1.15`); `latest` and `1` stay, with a notice"
    },
    {
        when: 'a push of a pre-release (`v1.17.0-rc.1`), or a `release` marked pre-release',
        moves: 'the version and its platform tags; no alias, `latest` included, with a notice'
    },
    { when: 'an alias of another line (`v1` on a `v2.0.0` run)', moves: 'nothing: refused before any build' },
    {
        when: 'a release-shaped version or alias (`v1.2.3`, `1.2`, `v1`) on a run that is not a release',
        moves: 'nothing: refused before any build, unless `release: true` (honoured on `workflow_dispatch`)'
    },
    {
        when: 'a version shaped like an alias (`latest`, `1`, `v1.16`), whatever gave it (a tag `refs/tags/latest`, the input, metadata-action)',
        moves: 'nothing: refused before any build'
    },
    {
        when: "a version that is not the tag, on a tag's run (`version: v2.0.0` dispatched on `refs/tags/v1.15.0`)",
        moves: 'nothing: refused before any build (`v1.15.0` and `1.15.0` are the tag)'
    },
    {
        when: 'a pull request from the same repository with `output-type: registry`',
        moves: '`pr-<number>` and its platform tags only; another version, extra tag or `latest` is refused'
    },
    {
        when: "an alias (`latest`, `1`, `1.16`) that holds a higher release when it is about to move (another release's run moved it meanwhile)",
        moves: 'it stays, with a notice, and `kept-tags` lists it'
    },
    {
        when: 'a version or extra tag ending in a platform suffix (`main-linux-amd64`)',
        moves: "a branch's version gets a hash instead (`main-linux-amd64-<hash>`); one given is refused"
    },
    { when: 'a `release` event that is `created`, `edited`, `deleted` or `unpublished`', moves: 'nothing: no build, with a notice' }
];


/***/ }),

/***/ 23112:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _T: () => (/* binding */ provenanceProblems),
/* harmony export */   rE: () => (/* binding */ secretLookingBuildArgs),
/* harmony export */   sj: () => (/* binding */ withholdFromFork)
/* harmony export */ });
/* unused harmony export forkMayWriteCache */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _inputs_definitions_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(33775);
/* harmony import */ var _inputs_secrets_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(73332);
// What a run caused by a fork's pull request may have. Its code is not the repository's: it publishes nothing
// (auto.ts turns its output into tarballs), and no secret reaches its build unless the workflow says so.



/** The build arguments whose names look secret and are not declared public by `public-build-args`. */
function secretLookingBuildArgs(settings) {
    return settings.buildArgs.map(([key]) => key).filter((key) => (0,_inputs_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .looksSecret */ .n0)(key) && !settings.publicBuildArgs.includes(key));
}
/** The type of a buildx cache destination: `type=...`, or a bare reference (a registry cache). */
function cacheType(spec) {
    return /(?:^|,)type=([^,]+)/.exec(spec)?.[1] ?? 'registry';
}
/**
 * Whether a fork's run may write this cache: only where no trusted build reads it. `inline` goes into the image,
 * which a fork's run never pushes; `local` inside the workspace stays in the fork's checkout; `gha` is the run's
 * own cache scope, except under the base repository's (baseScope). Every other destination (registry, s3, azblob,
 * a local path outside the workspace) is one that trusted builds may read with cache-from.
 */
function forkMayWriteCache(spec, origin, workspace) {
    const type = cacheType(spec);
    if (type === 'inline')
        return true;
    if (type === 'gha')
        return !origin.baseScope;
    if (type === 'local') {
        const dest = /(?:^|,)dest=([^,]+)/.exec(spec)?.[1];
        if (!dest)
            return false;
        const relative = node_path__WEBPACK_IMPORTED_MODULE_0___default().relative(workspace, node_path__WEBPACK_IMPORTED_MODULE_0___default().resolve(workspace, dest));
        return relative !== '' && !relative.startsWith('..') && !node_path__WEBPACK_IMPORTED_MODULE_0___default().isAbsolute(relative);
    }
    return false;
}
/**
 * The settings a fork's run builds with: no secret in any form (`secrets`, `secret-files`, `secret-envs`) unless
 * `fork-secrets` is true, no build argument whose name looks secret unless `public-build-args` names it, and no
 * cache destination that trusted builds read (forkMayWriteCache; cache-from stays). Each thing withheld, or given,
 * is said in a warning.
 */
function withholdFromFork(settings, origin, workspace) {
    if (!origin.fork)
        return { settings, warnings: [] };
    const warnings = [];
    const code = origin.code ?? "a fork's code";
    const forkSecrets = settings.forkSecrets && origin.secretsAllowed !== false;
    const ids = [...settings.secrets, ...settings.secretFiles, ...settings.secretEnvs].map(([id]) => id).join(', ');
    const withholdSecrets = ids !== '' && !forkSecrets;
    if (ids !== '' && forkSecrets) {
        warnings.push(`fork-secrets is true: the secrets ${ids} reach the build of ${code}, which can read them and send them anywhere`);
    }
    else if (withholdSecrets) {
        warnings.push(`this run builds ${code}, so the secrets ${ids} are withheld from its build${origin.secretsAllowed === false ? '' : ' (fork-secrets: true would give them)'}`);
    }
    const withheld = secretLookingBuildArgs(settings);
    if (withheld.length > 0) {
        warnings.push(`this run builds ${code}, so the build-args ${withheld.join(', ')} are withheld: their names look secret. Name them in public-build-args if they are not.`);
    }
    const caches = settings.cacheTo.filter((spec) => !forkMayWriteCache(spec, origin, workspace));
    if (caches.length > 0) {
        warnings.push(`this run builds ${code}, so it writes no cache that trusted builds read: cache-to ${caches.join(', ')} ${caches.length === 1 ? 'is' : 'are'} withheld (cache-from stays)${origin.baseScope ? "; under the base repository's cache scope type=gha is withheld too" : ''}`);
    }
    const secrets = withholdSecrets ? { secrets: [], secretFiles: [], secretEnvs: [] } : {};
    return {
        settings: {
            ...settings,
            ...secrets,
            buildArgs: settings.buildArgs.filter(([key]) => !withheld.includes(key)),
            cacheTo: settings.cacheTo.filter((spec) => !caches.includes(spec))
        },
        warnings
    };
}
/**
 * provenance mode=max publishes the value of every build argument, for anyone who can pull the image: a build
 * argument whose name looks secret is refused there, unless `public-build-args` declares it public.
 */
function provenanceProblems(settings) {
    if (settings.provenance !== 'mode=max' || !(0,_inputs_definitions_js__WEBPACK_IMPORTED_MODULE_1__/* .keepsAttestations */ .s2)(settings))
        return [];
    const named = secretLookingBuildArgs(settings);
    if (named.length === 0)
        return [];
    return [
        `input 'build-args': ${named.join(', ')} look secret, and provenance mode=max publishes every build argument's value, readable by anyone who can pull the image; pass them with secrets, secret-files or secret-envs, or name them in public-build-args if they are not secret`
    ];
}


/***/ }),

/***/ 50055:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Q: () => (/* binding */ CommandError)
/* harmony export */ });
// What every stage calls to run a command: a program and an argument array, never a shell string, so that tests
// and the dry run can stand in for the processes (system/runner.ts runs them for real, system/dry-run.ts records).
class CommandError extends Error {
    program;
    args;
    result;
    constructor(program, args, result, 
    /** Said after the exit code, such as how many attempts were made. */
    note = '', 
    /** The input that bounds the command, named when it timed out. */
    bound = 'command-timeout') {
        const detail = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(-20).join('\n');
        const name = `${program} ${args[0] ?? ''} ${args[1] ?? ''}`.trim();
        const what = result.timedOut
            ? `${name} did not finish within its bound (${bound}) and was stopped${note}`
            : `${name} exited with code ${result.exitCode}${note}`;
        super(`${what}${detail ? `:\n${detail}` : ''}`);
        this.program = program;
        this.args = args;
        this.result = result;
        this.name = 'CommandError';
    }
}


/***/ }),

/***/ 18013:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   iP: () => (/* binding */ withinDeadline),
/* harmony export */   nl: () => (/* binding */ deadline),
/* harmony export */   rV: () => (/* binding */ isAbort)
/* harmony export */ });
/* unused harmony export DeadlineExceeded */
// A bound in time on one operation (a request and the reading of its answer). Its timer is an ordinary one that the
// closure holds, so it fires whatever else is collected: Node 20's AbortSignal.any dropped its timeout signal once
// nothing else referred to it, and a request that was never answered then waited forever. The timer is cleared when
// the operation ends, so a finished bound keeps no process alive.
/** The error a bound's signal aborts with: a request that met it ran out of time. */
class DeadlineExceeded extends Error {
    ms;
    constructor(ms) {
        super(`no answer within ${ms / 1000} s`);
        this.ms = ms;
        this.name = 'TimeoutError';
    }
}
function deadline(ms, outer) {
    const controller = new AbortController();
    const onOuterAbort = () => controller.abort(outer?.reason);
    const timer = setTimeout(() => controller.abort(new DeadlineExceeded(ms)), ms);
    if (outer?.aborted)
        controller.abort(outer.reason);
    else
        outer?.addEventListener('abort', onOuterAbort, { once: true });
    return {
        signal: controller.signal,
        end: () => {
            clearTimeout(timer);
            outer?.removeEventListener('abort', onOuterAbort);
        }
    };
}
/** Runs `operation` under a bound of `ms` (and `outer`), ending the bound when it settles. */
async function withinDeadline(ms, outer, operation) {
    const bound = deadline(ms, outer);
    try {
        return await operation(bound.signal);
    }
    finally {
        bound.end();
    }
}
/** True when `error` is what a request that met its bound (or an outer abort) throws. */
function isAbort(error) {
    const name = error?.name;
    return name === 'TimeoutError' || name === 'AbortError' || error instanceof DeadlineExceeded;
}


/***/ }),

/***/ 96984:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   TO: () => (/* binding */ readDockerConfig),
/* harmony export */   dT: () => (/* binding */ storedLogin),
/* harmony export */   gr: () => (/* binding */ isDockerHub),
/* harmony export */   wT: () => (/* binding */ loginInAuths)
/* harmony export */ });
/* unused harmony exports dockerConfigDir, MAX_CONFIG_BYTES, DOCKER_HUB_KEYS, keyHost */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _references_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(59451);
// The Docker configuration (config.json) as docker reads it for a registry login: a credential helper for the
// host (`credHelpers`), else the configured store (`credsStore`), else `auths` under any key docker uses for that
// registry. Nothing here runs a helper (system/registry/credentials.ts does) and nothing is ever logged.




/** The configuration directory docker uses: DOCKER_CONFIG, else ~/.docker. */
function dockerConfigDir(env) {
    return env.DOCKER_CONFIG || node_path__WEBPACK_IMPORTED_MODULE_2___default().join(node_os__WEBPACK_IMPORTED_MODULE_1___default().homedir(), '.docker');
}
/** A config.json larger than this is not one docker login wrote. */
const MAX_CONFIG_BYTES = 1024 * 1024;
/** The keys under which docker may keep Docker Hub's login. */
const DOCKER_HUB_KEYS = ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io'];
/** What Docker Hub's credential helpers are asked for. */
const DOCKER_HUB_SERVER = 'https://index.docker.io/v1/';
const isDockerHub = (host) => DOCKER_HUB_KEYS.includes(host);
/** `https://ghcr.io/v2/` -> `ghcr.io`, as docker turns an auths key into a host. */
function keyHost(key) {
    return key.replace(/^https?:\/\//, '').split('/')[0] ?? '';
}
/** Reads config.json, bounded and never through anything but a regular file; undefined when there is none. */
function readDockerConfig(env) {
    const file = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(dockerConfigDir(env), 'config.json');
    let fd;
    try {
        fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(file, 'r');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        throw new Error(`the Docker configuration ${file} cannot be read: ${error.message}`);
    }
    try {
        const stat = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fstatSync)(fd);
        if (!stat.isFile())
            throw new Error(`the Docker configuration ${file} is not a regular file`);
        if (stat.size > MAX_CONFIG_BYTES)
            throw new Error(`the Docker configuration ${file} is ${stat.size} bytes; at most ${MAX_CONFIG_BYTES} are read`);
        const buffer = Buffer.alloc(stat.size);
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(fd, buffer, 0, stat.size, 0);
        let parsed;
        try {
            parsed = JSON.parse(buffer.toString('utf8'));
        }
        catch {
            // Never quote it: it holds passwords.
            throw new Error(`the Docker configuration ${file} is not JSON`);
        }
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
            throw new Error(`the Docker configuration ${file} is not a JSON object`);
        return { file, config: parsed };
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
    }
}
const record = (value) => typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
/** The keys of the config that may name `host`: all of Docker Hub's for it, the host itself for others. */
function candidateHosts(host) {
    return isDockerHub(host) || host === _references_js__WEBPACK_IMPORTED_MODULE_3__/* .DOCKER_HUB */ .Xb ? [...DOCKER_HUB_KEYS] : [host];
}
/** A helper's name as docker runs it: `docker-credential-<name>`, a plain word. */
const HELPER_NAME = /^[A-Za-z0-9][\w.-]{0,63}$/;
/**
 * Where docker keeps the login of `host` (a registry host as image names spell it: `ghcr.io`, `docker.io`,
 * `127.0.0.1:5000`), in docker's order; undefined when there is none.
 */
function storedLogin(config, file, host) {
    const hosts = candidateHosts(host);
    const serverUrl = hosts.length > 1 ? DOCKER_HUB_SERVER : host;
    const helpers = record(config.credHelpers) ?? {};
    for (const [key, name] of Object.entries(helpers)) {
        if (!hosts.includes(keyHost(key)) && !hosts.includes(key))
            continue;
        if (typeof name !== 'string' || !HELPER_NAME.test(name))
            throw new Error(`${file}: credHelpers names '${String(name).slice(0, 40)}' for ${key}, which is not a helper name`);
        return { kind: 'helper', helper: name, serverUrl, from: `${file}: credHelpers["${key}"]` };
    }
    const store = config.credsStore;
    if (typeof store === 'string' && store !== '') {
        if (!HELPER_NAME.test(store))
            throw new Error(`${file}: credsStore '${store.slice(0, 40)}' is not a helper name`);
        return { kind: 'helper', helper: store, serverUrl, from: `${file}: credsStore` };
    }
    return loginInAuths(config, file, host);
}
/** The login `auths` holds for `host`, under any key docker uses for it. */
function loginInAuths(config, file, host) {
    const hosts = candidateHosts(host);
    const auths = record(config.auths) ?? {};
    // Docker's own key first, then the others, in the config's order.
    const keys = Object.keys(auths).sort((a, b) => Number(keyHost(b) === hosts[0] || b === hosts[0]) - Number(keyHost(a) === hosts[0] || a === hosts[0]));
    for (const key of keys) {
        if (!hosts.includes(key) && !hosts.includes(keyHost(key)))
            continue;
        const entry = record(auths[key]) ?? {};
        const from = `${file}: auths["${key}"]`;
        if (typeof entry.identitytoken === 'string' && entry.identitytoken !== '')
            return { kind: 'identity-token', token: entry.identitytoken, from };
        if (typeof entry.auth === 'string' && entry.auth !== '') {
            const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
            const colon = decoded.indexOf(':');
            if (colon < 0)
                throw new Error(`${from}: its auth is not base64 of user:password`);
            return { kind: 'password', username: decoded.slice(0, colon), password: decoded.slice(colon + 1), from };
        }
        if (typeof entry.username === 'string' && typeof entry.password === 'string')
            return { kind: 'password', username: entry.username, password: entry.password, from };
    }
    return undefined;
}


/***/ }),

/***/ 21827:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   aO: () => (/* binding */ consoleLog),
/* harmony export */   ay: () => (/* binding */ commandLine)
/* harmony export */ });
/* unused harmony exports quoteArgument, actionLog */
// The log every stage writes to (a GitHub Actions step's, or the command line's), and how a command is shown in it.
/** Quotes an argument only where a reader pasting the line into a shell would need it. */
function quoteArgument(arg) {
    return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
function commandLine(program, args) {
    return [program, ...args].map(quoteArgument).join(' ');
}
/** The log of a GitHub Actions step: annotations for warnings and errors, folded groups. */
function actionLog(core) {
    return {
        info: (message) => core.info(message),
        notice: (message) => core.notice(message),
        warning: (message) => core.warning(message),
        error: (message) => core.error(message),
        group: (title, body) => core.group(title, body)
    };
}
/** The command line's log: plain lines, warnings and errors marked, groups as headings. */
function consoleLog(write = (line) => process.stderr.write(`${line}\n`)) {
    return {
        info: (message) => write(message),
        notice: (message) => write(`notice: ${message}`),
        warning: (message) => write(`warning: ${message}`),
        error: (message) => write(`error: ${message}`),
        group: async (title, body) => {
            write(`== ${title}`);
            return body();
        }
    };
}


/***/ }),

/***/ 99064:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $v: () => (/* binding */ EMPTY_CONFIG),
/* harmony export */   Dh: () => (/* binding */ DIGEST),
/* harmony export */   Dq: () => (/* binding */ referrerManifest),
/* harmony export */   GW: () => (/* binding */ MAX_CONFIG_BYTES),
/* harmony export */   H3: () => (/* binding */ isAttestation),
/* harmony export */   LN: () => (/* binding */ referrersTag),
/* harmony export */   ML: () => (/* binding */ IMAGE_MANIFEST_TYPES),
/* harmony export */   Me: () => (/* binding */ withReferrer),
/* harmony export */   Ng: () => (/* binding */ parseManifest),
/* harmony export */   Qs: () => (/* binding */ ATTESTATION_TYPE),
/* harmony export */   To: () => (/* binding */ PREDICATE_TYPE),
/* harmony export */   V: () => (/* binding */ INDEX_TYPES),
/* harmony export */   Vv: () => (/* binding */ OCI_KEYS),
/* harmony export */   Z2: () => (/* binding */ MEDIA_TYPES),
/* harmony export */   ZJ: () => (/* binding */ MAX_MANIFEST_BYTES),
/* harmony export */   d5: () => (/* binding */ describePlatform),
/* harmony export */   dY: () => (/* binding */ MANIFEST_ACCEPT),
/* harmony export */   jw: () => (/* binding */ ATTESTATION_REFERS_TO),
/* harmony export */   my: () => (/* binding */ samePlatform),
/* harmony export */   o4: () => (/* binding */ parseConfig),
/* harmony export */   ol: () => (/* binding */ digestOf)
/* harmony export */ });
/* unused harmony exports DocumentError, jsonObject, descriptorOf */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
// The OCI documents the action reads and writes, defined once: descriptors, image manifests, indexes (and Docker's
// equivalents), with checks that turn a registry's bytes into them. A registry's answer is untrusted: every field
// used is checked for its type, and sizes are bounded by the callers that fetch.

/** The OCI labels and annotations the action sets on every image (and the default annotations of the lists). */
const OCI_KEYS = {
    revision: 'org.opencontainers.image.revision',
    source: 'org.opencontainers.image.source',
    version: 'org.opencontainers.image.version',
    created: 'org.opencontainers.image.created',
    description: 'org.opencontainers.image.description',
    licenses: 'org.opencontainers.image.licenses'
};
const MEDIA_TYPES = {
    ociManifest: 'application/vnd.oci.image.manifest.v1+json',
    ociIndex: 'application/vnd.oci.image.index.v1+json',
    /** The config of an artifact that has none (a signature's referrer): the two bytes `{}`. */
    ociEmpty: 'application/vnd.oci.empty.v1+json',
    dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
    dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json'
};
const IMAGE_MANIFEST_TYPES = [MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerManifest];
const INDEX_TYPES = [MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerList];
/** What a registry is asked for when the action reads a manifest: any of the four. */
const MANIFEST_ACCEPT = [...INDEX_TYPES, ...IMAGE_MANIFEST_TYPES].join(', ');
/** The largest manifest or index the action reads (the distribution project's own limit is 4 MiB). */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/** The largest image config the action reads. */
const MAX_CONFIG_BYTES = 8 * 1024 * 1024;
/** BuildKit marks an attestation manifest in an index with these annotations (and platform unknown/unknown). */
const ATTESTATION_TYPE = 'vnd.docker.reference.type';
const ATTESTATION_REFERS_TO = 'vnd.docker.reference.digest';
const PREDICATE_TYPE = 'in-toto.io/predicate-type';
const DIGEST = /^sha256:[0-9a-f]{64}$/;
/** The digest of a manifest, an index or a blob, from its exact bytes. */
const digestOf = (bytes) => `sha256:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(bytes).digest('hex')}`;
/** A problem with a document, naming where it came from. */
class DocumentError extends Error {
    constructor(what, problem) {
        super(`${what} ${problem}`);
        this.name = 'DocumentError';
    }
}
function object(value, what) {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw new DocumentError(what, 'is not a JSON object');
    return value;
}
/** Parses JSON bytes into an object, or throws naming `what`. */
function jsonObject(bytes, what) {
    let parsed;
    try {
        parsed = JSON.parse(bytes.toString());
    }
    catch (error) {
        throw new DocumentError(what, `is not JSON: ${error.message}`);
    }
    return object(parsed, what);
}
function text(record, key, what, optional = false) {
    const value = record[key];
    if (value === undefined && optional)
        return undefined;
    if (typeof value !== 'string' || value.length > 4096)
        throw new DocumentError(what, `has no string field ${key}`);
    return value;
}
function stringMap(value, what) {
    if (value === undefined || value === null)
        return undefined;
    const record = object(value, `${what} annotations`);
    const entries = Object.entries(record);
    if (entries.length > 1000 || entries.some(([, v]) => typeof v !== 'string'))
        throw new DocumentError(what, 'has annotations that are not strings');
    return record;
}
function platformOf(value, what) {
    if (value === undefined || value === null)
        return undefined;
    const record = object(value, `${what} platform`);
    const platform = { architecture: text(record, 'architecture', `${what} platform`) ?? '', os: text(record, 'os', `${what} platform`) ?? '' };
    const variant = text(record, 'variant', `${what} platform`, true);
    const osVersion = text(record, 'os.version', `${what} platform`, true);
    if (variant)
        platform.variant = variant;
    if (osVersion)
        platform['os.version'] = osVersion;
    return platform;
}
function descriptorOf(value, what) {
    const record = object(value, what);
    const digest = text(record, 'digest', what) ?? '';
    if (!DIGEST.test(digest))
        throw new DocumentError(what, `names no sha256 digest (${JSON.stringify(digest).slice(0, 80)})`);
    const size = record.size;
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)
        throw new DocumentError(what, 'has no size');
    const descriptor = { mediaType: text(record, 'mediaType', what, true) ?? '', digest, size };
    const platform = platformOf(record.platform, what);
    const annotations = stringMap(record.annotations, what);
    const artifactType = text(record, 'artifactType', what, true);
    if (platform)
        descriptor.platform = platform;
    if (annotations)
        descriptor.annotations = annotations;
    if (artifactType)
        descriptor.artifactType = artifactType;
    return descriptor;
}
/** The media type a manifest declares, or the one its shape implies (an older document may declare none). */
function mediaTypeOf(record, declared) {
    const inside = typeof record.mediaType === 'string' ? record.mediaType : undefined;
    return inside ?? declared ?? (Array.isArray(record.manifests) ? MEDIA_TYPES.ociIndex : MEDIA_TYPES.ociManifest);
}
/** An image manifest or an index, from a registry's bytes; `contentType` is what the registry said it was. */
function parseManifest(bytes, what, contentType) {
    const record = jsonObject(bytes, what);
    const mediaType = mediaTypeOf(record, contentType);
    if (INDEX_TYPES.includes(mediaType)) {
        if (!Array.isArray(record.manifests) || record.manifests.length > 1000)
            throw new DocumentError(what, 'is an index without a list of manifests');
        const manifests = record.manifests.map((entry, index) => descriptorOf(entry, `${what} manifests[${index}]`));
        return { kind: 'index', index: { mediaType, manifests, ...optionalAnnotations(record, what) } };
    }
    if (IMAGE_MANIFEST_TYPES.includes(mediaType)) {
        const config = descriptorOf(record.config, `${what} config`);
        if (!Array.isArray(record.layers) || record.layers.length > 1000)
            throw new DocumentError(what, 'is an image manifest without a list of layers');
        const layers = record.layers.map((entry, index) => descriptorOf(entry, `${what} layers[${index}]`));
        return { kind: 'image', manifest: { mediaType, config, layers, ...optionalAnnotations(record, what) } };
    }
    throw new DocumentError(what, `has the media type ${JSON.stringify(mediaType).slice(0, 100)}, which is neither an image manifest nor an index`);
}
function optionalAnnotations(record, what) {
    const annotations = stringMap(record.annotations, what);
    return annotations ? { annotations } : {};
}
/** The platform and labels of an image config. */
function parseConfig(bytes, what) {
    const record = jsonObject(bytes, what);
    const platform = platformOf({ architecture: record.architecture, os: record.os, variant: record.variant || undefined, 'os.version': record['os.version'] || undefined }, what);
    const inner = record.config === undefined || record.config === null ? {} : object(record.config, `${what} config`);
    const labels = stringMap(inner.Labels, `${what} labels`) ?? {};
    return { platform: platform ?? { architecture: '', os: '' }, labels };
}
/** `linux/arm/v7`, `windows/amd64 (os.version 10.0.20348.2700)`. */
function describePlatform(platform) {
    if (!platform)
        return 'no platform';
    const name = [platform.os, platform.architecture, ...(platform.variant ? [platform.variant] : [])].join('/');
    return platform['os.version'] ? `${name} (os.version ${platform['os.version']})` : name;
}
/** Two platforms are the same whatever order their fields come in. */
function samePlatform(a, b) {
    const fields = (p) => JSON.stringify([p?.os ?? '', p?.architecture ?? '', p?.variant ?? '', p?.['os.version'] ?? '']);
    return fields(a) === fields(b);
}
/** Whether an index entry is an attestation manifest (BuildKit's), rather than an image. */
const isAttestation = (descriptor) => descriptor.annotations?.[ATTESTATION_TYPE] !== undefined || descriptor.platform?.os === 'unknown';
/** The tag that stands for the referrers API where a registry has none: `sha256-<hex>` (the OCI referrers tag schema). */
const referrersTag = (digest) => digest.replace(':', '-');
/** The empty config of an artifact (its digest is that of `{}`). */
const EMPTY_CONFIG = Buffer.from('{}');
/** The OCI image manifest of a referrer: the artifact as its only layer, the empty config, and its subject. */
function referrerManifest(subject, artifact) {
    return Buffer.from(JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.ociManifest,
        artifactType: artifact.artifactType,
        config: { mediaType: MEDIA_TYPES.ociEmpty, digest: digestOf(EMPTY_CONFIG), size: EMPTY_CONFIG.length },
        layers: [{ mediaType: artifact.mediaType, digest: digestOf(artifact.bytes), size: artifact.bytes.length }],
        subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
        annotations: artifact.annotations
    }));
}
/**
 * The referrers index under the fallback tag with `referrer` in it: the index the tag holds (undefined: none yet)
 * with the entry added. Undefined when it is there already.
 */
function withReferrer(held, referrer, what) {
    const manifests = held ? jsonObject(held, what).manifests : [];
    if (!Array.isArray(manifests))
        throw new DocumentError(what, 'is not a referrers index');
    if (manifests.some((entry) => entry?.digest === referrer.digest))
        return undefined;
    return Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: [...manifests, referrer] }));
}


/***/ }),

/***/ 99521:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ec: () => (/* binding */ LINUX_ARCHITECTURES),
/* harmony export */   J7: () => (/* binding */ platformSuffix),
/* harmony export */   NX: () => (/* binding */ platformId),
/* harmony export */   Nx: () => (/* binding */ linuxArchitectureOf),
/* harmony export */   Qy: () => (/* binding */ OUTPUT_TYPES),
/* harmony export */   SX: () => (/* binding */ WINDOWS_VERSIONS),
/* harmony export */   UY: () => (/* binding */ UNSUPPORTED_WINDOWS_VERSIONS),
/* harmony export */   ab: () => (/* binding */ PLATFORM_SUFFIXES),
/* harmony export */   c_: () => (/* binding */ WINDOWS_BUILDS),
/* harmony export */   dv: () => (/* binding */ selectPlatforms),
/* harmony export */   g6: () => (/* binding */ buildxPlatform),
/* harmony export */   nh: () => (/* binding */ OPERATING_SYSTEMS)
/* harmony export */ });
/* unused harmony export WINDOWS_ARCHITECTURE */
// The platforms the action knows, and the names each one takes in tags, tarballs and buildx flags.
const OUTPUT_TYPES = ['docker', 'tar', 'registry'];
const OPERATING_SYSTEMS = ['linux', 'windows'];
// Linux architectures as buildx spells them; a variant follows a slash.
const LINUX_ARCHITECTURES = ['amd64', 'arm64', 'arm/v7', 'ppc64le', 's390x', 'riscv64', '386'];
const WINDOWS_VERSIONS = ['ltsc2022', 'ltsc2025'];
/** The Windows build each version's images carry in `os.version` (10.0.<build>.<revision>). */
const WINDOWS_BUILDS = { ltsc2022: '20348', ltsc2025: '26100' };
// Spelled out separately so the error can say why rather than only "unknown".
const UNSUPPORTED_WINDOWS_VERSIONS = ['1809', 'ltsc2019'];
// Windows images exist for amd64 only.
const WINDOWS_ARCHITECTURE = 'amd64';
/** The value of buildx's --platform flag: `linux/arm/v7`, `windows/amd64`. */
function buildxPlatform(platform) {
    return `${platform.os}/${platform.arch}`;
}
/**
 * The platform as the action reports it: buildx's name, with the Windows version appended
 * (`windows/amd64/ltsc2022`) because two Windows entries differ only there.
 */
function platformId(platform) {
    return platform.os === 'windows' ? `windows/amd64/${platform.windowsVersion}` : `linux/${platform.arch}`;
}
/** The part added to tags and tarball names: `linux-arm-v7`, `windows-ltsc2022-amd64` (the seed's order). */
function platformSuffix(platform) {
    return platform.os === 'windows' ? `windows-${platform.windowsVersion}-${platform.arch}` : `linux-${platform.arch.replace('/', '-')}`;
}
/** Maps Node's `process.arch` to the Linux architecture buildx would call the same machine. */
function linuxArchitectureOf(nodeArch) {
    const names = {
        x64: 'amd64',
        arm64: 'arm64',
        arm: 'arm/v7',
        ppc64: 'ppc64le',
        s390x: 's390x',
        riscv64: 'riscv64',
        ia32: '386'
    };
    return names[nodeArch];
}
/** The platforms named by the os, arch and windows-version lists: Linux ones in arch order, then Windows ones. */
function selectPlatforms(os, arch, windowsVersions) {
    return [
        ...(os.includes('linux') ? arch.map((a) => ({ os: 'linux', arch: a })) : []),
        ...(os.includes('windows') ? windowsVersions.map((v) => ({ os: 'windows', arch: WINDOWS_ARCHITECTURE, windowsVersion: v })) : [])
    ];
}
/** Every suffix the action can give a platform tag: each Linux architecture's and each Windows version's. */
const PLATFORM_SUFFIXES = selectPlatforms(OPERATING_SYSTEMS, LINUX_ARCHITECTURES, WINDOWS_VERSIONS).map(platformSuffix);


/***/ }),

/***/ 59451:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $R: () => (/* binding */ parseTaggedReference),
/* harmony export */   Ap: () => (/* binding */ checkRegistryPrefix),
/* harmony export */   Bs: () => (/* binding */ checkTag),
/* harmony export */   RB: () => (/* binding */ sameRepository),
/* harmony export */   T8: () => (/* binding */ splitRepository),
/* harmony export */   Ti: () => (/* binding */ MAX_TAG_LENGTH),
/* harmony export */   Xb: () => (/* binding */ DOCKER_HUB),
/* harmony export */   cW: () => (/* binding */ isLoopbackHost),
/* harmony export */   lc: () => (/* binding */ checkBuilderName),
/* harmony export */   nO: () => (/* binding */ checkPathComponent),
/* harmony export */   n_: () => (/* binding */ checkRepository),
/* harmony export */   rd: () => (/* binding */ checkImageReference)
/* harmony export */ });
/* unused harmony exports MAX_NAME_LENGTH, REFERRER_TAG */
// The image reference grammar of the distribution project (what `docker push` accepts), as small checks that
// return a sentence saying what is wrong, or undefined when the value is fine.
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])`;
const DOMAIN = new RegExp(`^${HOST}(?::[0-9]+)?$`);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]*$/;
const MAX_TAG_LENGTH = 128;
const MAX_NAME_LENGTH = 255;
const DOCKER_HUB = 'docker.io';
/** Docker treats the first part of a name as a registry host when it has a dot or a port, or is localhost. */
function looksLikeHost(component) {
    return component.includes('.') || component.includes(':') || component === 'localhost';
}
/** Splits `host:port/a/b` into the registry host (docker.io when none is named) and the path. */
function splitRepository(name) {
    const slash = name.indexOf('/');
    if (slash > 0 && looksLikeHost(name.slice(0, slash))) {
        return { host: name.slice(0, slash), path: name.slice(slash + 1) };
    }
    if (slash < 0 && looksLikeHost(name) && (name.includes('.') || name.includes(':'))) {
        return { host: name, path: '' };
    }
    return { host: DOCKER_HUB, path: name };
}
function checkPath(path, whole) {
    for (const component of path.split('/')) {
        if (PATH_COMPONENT.test(component))
            continue;
        if (PATH_COMPONENT.test(component.toLowerCase())) {
            return `repository paths must be lower case; did you mean '${lowerCasePath(whole)}'?`;
        }
        if (component === '')
            return 'it has an empty path component (two slashes, or a slash at an end)';
        return `'${component}' is not a valid path component (lower-case letters and digits, separated by '.', '_', '__' or '-')`;
    }
    return undefined;
}
function lowerCasePath(name) {
    const { host, path } = splitRepository(name);
    return host === DOCKER_HUB && !name.startsWith(DOCKER_HUB) ? path.toLowerCase() : `${host}/${path.toLowerCase()}`;
}
/** A repository name without a tag, such as `velero/velero` or `127.0.0.1:5000/team/velero`. */
function checkRepository(name) {
    if (name === '')
        return 'it is empty';
    if (name.length > MAX_NAME_LENGTH)
        return `it is ${name.length} characters long; a repository name has at most ${MAX_NAME_LENGTH}`;
    if (name.includes('@') || /:[^/]*$/.test(splitRepository(name).path)) {
        return 'it must name a repository without a tag or digest';
    }
    const { host, path } = splitRepository(name);
    if (!DOMAIN.test(host))
        return `'${host}' is not a valid registry host`;
    if (path === '')
        return 'it names a registry host but no repository';
    return checkPath(path, name);
}
/**
 * The `registry` input: what comes before `/<bin>`. It may be a host alone (`127.0.0.1:5000`), a path
 * (`velero`) or both (`gcr.io/velero-gcp`).
 */
function checkRegistryPrefix(prefix) {
    if (prefix === '')
        return 'it is empty';
    const { host, path } = splitRepository(prefix);
    if (!DOMAIN.test(host))
        return `'${host}' is not a valid registry host`;
    return path === '' ? undefined : checkPath(path, prefix);
}
/** One path component, as `bin` must be: it names the binary, the tarballs and the last part of the image. */
function checkPathComponent(component) {
    if (component === '')
        return 'it is empty';
    if (component.includes('/'))
        return 'it must be a single name without a slash';
    return checkPath(component, component);
}
/** `sha256-<hex>`: where a registry without a referrers API keeps what refers to an image (its signatures). */
const REFERRER_TAG = /^sha256-[0-9a-f]{64}$/;
function checkTag(tag) {
    if (tag === '')
        return 'it is empty';
    if (REFERRER_TAG.test(tag))
        return "a tag 'sha256-<digest>' is where registries without a referrers API keep an image's signatures; it is never an image's tag";
    if (tag.length > MAX_TAG_LENGTH)
        return `it is ${tag.length} characters long; a tag has at most ${MAX_TAG_LENGTH}`;
    if (!TAG.test(tag)) {
        return "a tag holds letters, digits, '_', '.' and '-', and does not start with '.' or '-'";
    }
    return undefined;
}
/** An image to pull: a repository with an optional tag and digest (`docker/buildkit-syft-scanner:1`). */
function checkImageReference(ref) {
    const at = ref.indexOf('@');
    if (at >= 0 && !/^sha256:[a-f0-9]{64}$/.test(ref.slice(at + 1)))
        return `'${ref.slice(at + 1)}' is not a sha256 digest`;
    const named = at >= 0 ? ref.slice(0, at) : ref;
    const colon = named.lastIndexOf(':');
    const hasTag = colon > named.lastIndexOf('/');
    const tagProblem = hasTag ? checkTag(named.slice(colon + 1)) : undefined;
    return checkRepository(hasTag ? named.slice(0, colon) : named) ?? (tagProblem && `its tag: ${tagProblem}`);
}
/** buildx's own rule for builder names. */
function checkBuilderName(name) {
    return /^[a-zA-Z][a-zA-Z0-9._-]*$/.test(name) ? undefined : "a builder name starts with a letter and holds letters, digits, '.', '_' and '-'";
}
/** `repository:tag`, split, or a sentence saying why it is not one (no tag, a digest, a bad name). */
function parseTaggedReference(ref) {
    if (ref.includes('@'))
        return 'names a digest; give a tag (repository:tag)';
    const colon = ref.lastIndexOf(':');
    if (colon <= ref.lastIndexOf('/'))
        return 'has no tag; give a full reference (repository:tag)';
    const repository = ref.slice(0, colon);
    const tag = ref.slice(colon + 1);
    const problem = checkRepository(repository) ?? (checkTag(tag) && `its tag: ${checkTag(tag)}`);
    return problem ? `is not a valid reference: ${problem}` : { repository, tag };
}
/** Docker Hub's names in full (`docker.io/library/alpine`), so that two spellings of one repository compare equal. */
function fullName(repository) {
    const { host, path } = splitRepository(repository);
    const hub = host === DOCKER_HUB || host === 'index.docker.io' || host === 'registry-1.docker.io';
    return hub ? `${DOCKER_HUB}/${path.includes('/') ? path : `library/${path}`}` : `${host}/${path}`;
}
function sameRepository(a, b) {
    return fullName(a) === fullName(b);
}
/** A registry on this machine's loopback (`localhost:5000`, `127.0.0.1:5000`, `[::1]:5000`). */
function isLoopbackHost(host) {
    const name = host.replace(/:\d+$/, '');
    return name === 'localhost' || name === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(name);
}


/***/ }),

/***/ 43091:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KU: () => (/* binding */ DEFAULT_BASE_SECONDS),
/* harmony export */   LH: () => (/* binding */ withRetries),
/* harmony export */   R$: () => (/* binding */ retrying),
/* harmony export */   dt: () => (/* binding */ sleepFor)
/* harmony export */ });
const DEFAULT_BASE_SECONDS = 1;
/** Waits `seconds`, or until `signal` aborts (the system clock's wait: system/clock.ts). */
function sleepFor(seconds, signal) {
    return new Promise((resolve) => {
        const timer = setTimeout(done, seconds * 1000);
        signal?.addEventListener('abort', done, { once: true });
        function done() {
            clearTimeout(timer);
            signal?.removeEventListener('abort', done);
            resolve();
        }
    });
}
/**
 * Runs `attempt` until `judge` finds its result good (undefined), not worth another try, out of retries or of
 * waiting time, or the signal is aborted. Every retry is logged with its reason and delay.
 */
async function retrying(label, attempt, 
/** Undefined for a result to keep; otherwise how its failure is classified. */
judge, policy, log, signal) {
    const random = policy.random ?? Math.random;
    const sleep = policy.sleep ?? sleepFor;
    let waited = 0;
    for (let attempts = 1;; attempts++) {
        const result = await attempt();
        const classification = judge(result);
        if (classification === undefined)
            return { result, attempts };
        const remaining = policy.maxWaitSeconds - waited;
        if (!classification.transient || attempts > policy.retries || remaining <= 0 || signal?.aborted) {
            return { result, classification, attempts };
        }
        const backoff = policy.baseSeconds * 2 ** (attempts - 1) * (0.5 + random());
        const delay = Math.min(classification.retryAfterSeconds ?? backoff, remaining);
        log.warning(`${label}: ${classification.reason}; retry ${attempts} of ${policy.retries} in ${delay.toFixed(1)} s${classification.retryAfterSeconds !== undefined ? ' (as the registry asked)' : ''}`);
        await sleep(delay, signal);
        waited += delay;
    }
}
/** `retrying` for a command: its exit code 0 is good, and `classify` reads the output of a failure. */
function withRetries(label, attempt, 
/** Sees the output and the result (a result that timed out has no output to speak of). */
classify, policy, log, signal) {
    return retrying(label, attempt, (result) => (result.exitCode === 0 ? undefined : classify(`${result.stderr}\n${result.stdout}`, result)), policy, log, signal);
}


/***/ }),

/***/ 74172:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ StageFailure),
/* harmony export */   r: () => (/* binding */ causeOf)
/* harmony export */ });
// A stage that fails after it did part of its work (some builds failed; some tags moved) says what it did, so that
// the report, the outputs and the job summary still show it: the failure carries the stage's result so far.
class StageFailure extends Error {
    cause;
    partial;
    constructor(cause, 
    /** What the stage did before it failed. */
    partial) {
        super(cause.message);
        this.cause = cause;
        this.partial = partial;
        this.name = cause.name;
    }
}
/** The error a failure stands for: a stage's own, or the one it carries. */
const causeOf = (error) => (error instanceof StageFailure ? error.cause : error);


/***/ }),

/***/ 26603:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CT: () => (/* binding */ classifyRegistryError),
/* harmony export */   Lf: () => (/* binding */ classifyBuildError)
/* harmony export */ });
/* unused harmony export finalError */
// The docker CLI and buildx report registry failures only as text. Which failures are worth another try is
// decided here, in one place, from the failing attempt's final error (each pattern is tested against messages those
// tools print). A build's log holds much else (`#9 3.401 go: downloading github.com/pkg/errors`, a tag such as
// `v1.403.0`): only the final error counts, and a status code counts only as the tools print one.
/**
 * The final error of a failed command's output: the last line of buildx's `ERROR: ...` (docker's `error: ...`), or
 * else the last line it printed, as the docker CLI ends with its error.
 */
function finalError(output) {
    const lines = output
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '');
    return [...lines].reverse().find((line) => /^(ERROR|error)\b:?/.test(line)) ?? lines[lines.length - 1] ?? '';
}
const REASONS = {
    '401': 'Unauthorized',
    '403': 'Forbidden',
    '429': 'Too Many Requests',
    '500': 'Internal Server Error',
    '502': 'Bad Gateway',
    '503': 'Service Unavailable',
    '504': 'Gateway Time-?out'
};
/**
 * A status as the tools print one: with its reason phrase (`503 Service Unavailable`, `received unexpected HTTP
 * status: 429 Too Many Requests`) or after `status` or `HTTP/1.1` (`HTTP/1.1 401`); never a bare number.
 */
function status(...codes) {
    const phrases = codes.map((code) => `${code} ${REASONS[code]}`).join('|');
    return new RegExp(`\\b(${phrases})\\b|(\\bstatus(?: code)?:?|\\bHTTP\\/\\d(?:\\.\\d)?)\\s+(${codes.join('|')})\\b`, 'i');
}
// Failures that say nothing good will come of trying again. Checked first.
const PERMANENT = [
    [/server gave HTTP response to HTTPS client/i, 'the registry speaks plain HTTP', 'set insecure-registry: true'],
    [
        /\b(unauthorized|authentication required|(?<!permission )denied|forbidden|insufficient_scope)\b|no basic auth credentials/i,
        'not authorized',
        'log in to the registry first (docker/login-action)'
    ],
    [status('401', '403'), 'not authorized', 'log in to the registry first (docker/login-action)'],
    [/manifest unknown|no such manifest|not found: not found|MANIFEST_UNKNOWN/i, 'manifest not found'],
    [/is a manifest list/i, 'the entry is a manifest list, not an image']
];
const TRANSIENT = [
    [/too ?many ?requests|toomanyrequests|rate limit/i, 'rate limited (429)'],
    [status('429'), 'rate limited (429)'],
    [status('500', '502', '503', '504'), 'registry server error (5xx)'],
    // The registry's error code for a 503 (the distribution spec's UNAVAILABLE), as BuildKit 0.32 ends with it.
    [/: (service )?unavailable\b/i, 'registry server error (5xx)'],
    // BuildKit 0.11 reports a connection dropped mid-upload as a write on a closed pipe.
    [/connection reset by peer|ECONNRESET|broken pipe|read\/write on closed pipe|unexpected EOF|": EOF\b|\bEOF$/im, 'connection dropped'],
    [/connection refused|ECONNREFUSED/i, 'connection refused'],
    [/i\/o timeout|TLS handshake timeout|context deadline exceeded|timed? ?out|ETIMEDOUT/i, 'timeout'],
    [/cannot reuse body/i, 'request body could not be resent']
];
// A build is retried only for its push: a failing RUN step or Dockerfile is not a registry fault.
const BUILD_PUSH_CONTEXT = /failed to (push|do request|copy|commit|authorize|fetch oauth token)|unexpected status from (PUT|POST|PATCH|HEAD|GET) request|failed commit on ref/i;
const BUILD_STEP_FAILURE = /did not complete successfully|failed to (read|parse) dockerfile|dockerfile parse error|failed to compute cache key/i;
function retryAfter(text) {
    const match = /retry[- ]after[:=]?\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|secs|seconds?)?/i.exec(text);
    if (!match)
        return undefined;
    const value = Number(match[1]);
    return match[2]?.toLowerCase() === 'ms' ? value / 1000 : value;
}
function classifyError(text) {
    for (const [pattern, reason, hint] of PERMANENT) {
        if (pattern.test(text))
            return { transient: false, reason, ...(hint ? { hint } : {}) };
    }
    for (const [pattern, reason] of TRANSIENT) {
        if (pattern.test(text))
            return { transient: true, reason, retryAfterSeconds: retryAfter(text) };
    }
    return { transient: false, reason: 'not a registry fault' };
}
/** Classifies the output of a failed imagetools or buildx create command, by its final error. */
function classifyRegistryError(output) {
    return classifyError(finalError(output));
}
/** Classifies a failed build's output: transient only when its final error is a failed push to the registry. */
function classifyBuildError(output) {
    const text = finalError(output);
    if (BUILD_STEP_FAILURE.test(text) || !BUILD_PUSH_CONTEXT.test(text))
        return { transient: false, reason: 'the build itself failed' };
    return classifyError(text);
}


/***/ }),

/***/ 79372:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ot: () => (/* binding */ parseVersion),
/* harmony export */   qh: () => (/* binding */ formatVersion),
/* harmony export */   tW: () => (/* binding */ isOlder)
/* harmony export */ });
// Versions of the tools the action drives (buildx, BuildKit), as the tools print them.
/**
 * The first `1.2.3` (optionally `v1.2.3`) in a line: `github.com/docker/buildx v0.28.0 b1281b8`, a distribution's
 * `0.12.1+azure-1`, BuildKit's `v0.24.0`. A build without version information says v0.0.0: not a version either.
 */
function parseVersion(text) {
    const match = /(?:^|\s)v?(\d+)\.(\d+)\.(\d+)/.exec(text);
    if (!match)
        return undefined;
    const version = [Number(match[1]), Number(match[2]), Number(match[3])];
    return version.every((part) => part === 0) ? undefined : version;
}
function isOlder(a, b) {
    for (let i = 0; i < 3; i++)
        if (a[i] !== b[i])
            return a[i] < b[i];
    return false;
}
const formatVersion = (version) => version.join('.');


/***/ }),

/***/ 24789:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Vy: () => (/* binding */ BuildxCli),
  dV: () => (/* binding */ assembleArgv),
  v$: () => (/* binding */ buildArgv),
  HJ: () => (/* binding */ buildkitdConfig),
  X: () => (/* binding */ createArgv),
  TT: () => (/* binding */ inspectArgv),
  mA: () => (/* binding */ shownBuildArgv),
  Pt: () => (/* binding */ versionArgv)
});

// UNUSED EXPORTS: MINIMUM_BUILDX_VERSION, bootstrapArgv, builderRunsHere, buildkitVersionOf, createRemoteArgv, parseBuildMetadata, parseBuildxVersion, removeArgv

// EXTERNAL MODULE: external "assert"
var external_assert_ = __webpack_require__(42613);
// EXTERNAL MODULE: external "path"
var external_path_ = __webpack_require__(16928);
// EXTERNAL MODULE: external "fs"
var external_fs_ = __webpack_require__(79896);
;// CONCATENATED MODULE: ./node_modules/@actions/io/lib/io-util.js
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const { chmod, copyFile, lstat, mkdir, open: io_util_open, readdir, rename, rm, rmdir, stat, symlink, unlink } = external_fs_.promises;
// export const {open} = 'fs'
const IS_WINDOWS = process.platform === 'win32';
/**
 * Custom implementation of readlink to ensure Windows junctions
 * maintain trailing backslash for backward compatibility with Node.js < 24
 *
 * In Node.js 20, Windows junctions (directory symlinks) always returned paths
 * with trailing backslashes. Node.js 24 removed this behavior, which breaks
 * code that relied on this format for path operations.
 *
 * This implementation restores the Node 20 behavior by adding a trailing
 * backslash to all junction results on Windows.
 */
function readlink(fsPath) {
    return __awaiter(this, void 0, void 0, function* () {
        const result = yield fs.promises.readlink(fsPath);
        // On Windows, restore Node 20 behavior: add trailing backslash to all results
        // since junctions on Windows are always directory links
        if (IS_WINDOWS && !result.endsWith('\\')) {
            return `${result}\\`;
        }
        return result;
    });
}
// See https://github.com/nodejs/node/blob/d0153aee367422d0858105abec186da4dff0a0c5/deps/uv/include/uv/win.h#L691
const UV_FS_O_EXLOCK = 0x10000000;
const READONLY = external_fs_.constants.O_RDONLY;
function exists(fsPath) {
    return __awaiter(this, void 0, void 0, function* () {
        try {
            yield stat(fsPath);
        }
        catch (err) {
            if (err.code === 'ENOENT') {
                return false;
            }
            throw err;
        }
        return true;
    });
}
function isDirectory(fsPath_1) {
    return __awaiter(this, arguments, void 0, function* (fsPath, useStat = false) {
        const stats = useStat ? yield stat(fsPath) : yield lstat(fsPath);
        return stats.isDirectory();
    });
}
/**
 * On OSX/Linux, true if path starts with '/'. On Windows, true for paths like:
 * \, \hello, \\hello\share, C:, and C:\hello (and corresponding alternate separator cases).
 */
function isRooted(p) {
    p = normalizeSeparators(p);
    if (!p) {
        throw new Error('isRooted() parameter "p" cannot be empty');
    }
    if (IS_WINDOWS) {
        return (p.startsWith('\\') || /^[A-Z]:/i.test(p) // e.g. \ or \hello or \\hello
        ); // e.g. C: or C:\hello
    }
    return p.startsWith('/');
}
/**
 * Best effort attempt to determine whether a file exists and is executable.
 * @param filePath    file path to check
 * @param extensions  additional file extensions to try
 * @return if file exists and is executable, returns the file path. otherwise empty string.
 */
function tryGetExecutablePath(filePath, extensions) {
    return __awaiter(this, void 0, void 0, function* () {
        let stats = undefined;
        try {
            // test file exists
            stats = yield stat(filePath);
        }
        catch (err) {
            if (err.code !== 'ENOENT') {
                // eslint-disable-next-line no-console
                console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
            }
        }
        if (stats && stats.isFile()) {
            if (IS_WINDOWS) {
                // on Windows, test for valid extension
                const upperExt = external_path_.extname(filePath).toUpperCase();
                if (extensions.some(validExt => validExt.toUpperCase() === upperExt)) {
                    return filePath;
                }
            }
            else {
                if (isUnixExecutable(stats)) {
                    return filePath;
                }
            }
        }
        // try each extension
        const originalFilePath = filePath;
        for (const extension of extensions) {
            filePath = originalFilePath + extension;
            stats = undefined;
            try {
                stats = yield stat(filePath);
            }
            catch (err) {
                if (err.code !== 'ENOENT') {
                    // eslint-disable-next-line no-console
                    console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
                }
            }
            if (stats && stats.isFile()) {
                if (IS_WINDOWS) {
                    // preserve the case of the actual file (since an extension was appended)
                    try {
                        const directory = external_path_.dirname(filePath);
                        const upperName = external_path_.basename(filePath).toUpperCase();
                        for (const actualName of yield readdir(directory)) {
                            if (upperName === actualName.toUpperCase()) {
                                filePath = external_path_.join(directory, actualName);
                                break;
                            }
                        }
                    }
                    catch (err) {
                        // eslint-disable-next-line no-console
                        console.log(`Unexpected error attempting to determine the actual case of the file '${filePath}': ${err}`);
                    }
                    return filePath;
                }
                else {
                    if (isUnixExecutable(stats)) {
                        return filePath;
                    }
                }
            }
        }
        return '';
    });
}
function normalizeSeparators(p) {
    p = p || '';
    if (IS_WINDOWS) {
        // convert slashes on Windows
        p = p.replace(/\//g, '\\');
        // remove redundant slashes
        return p.replace(/\\\\+/g, '\\');
    }
    // remove redundant slashes
    return p.replace(/\/\/+/g, '/');
}
// on Mac/Linux, test the execute bit
//     R   W  X  R  W X R W X
//   256 128 64 32 16 8 4 2 1
function isUnixExecutable(stats) {
    return ((stats.mode & 1) > 0 ||
        ((stats.mode & 8) > 0 &&
            process.getgid !== undefined &&
            stats.gid === process.getgid()) ||
        ((stats.mode & 64) > 0 &&
            process.getuid !== undefined &&
            stats.uid === process.getuid()));
}
// Get the path of cmd.exe in windows
function getCmdPath() {
    var _a;
    return (_a = process.env['COMSPEC']) !== null && _a !== void 0 ? _a : `cmd.exe`;
}
//# sourceMappingURL=io-util.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/io/lib/io.js
var io_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};



/**
 * Copies a file or folder.
 * Based off of shelljs - https://github.com/shelljs/shelljs/blob/9237f66c52e5daa40458f94f9565e18e8132f5a6/src/cp.js
 *
 * @param     source    source path
 * @param     dest      destination path
 * @param     options   optional. See CopyOptions.
 */
function cp(source_1, dest_1) {
    return io_awaiter(this, arguments, void 0, function* (source, dest, options = {}) {
        const { force, recursive, copySourceDirectory } = readCopyOptions(options);
        const destStat = (yield ioUtil.exists(dest)) ? yield ioUtil.stat(dest) : null;
        // Dest is an existing file, but not forcing
        if (destStat && destStat.isFile() && !force) {
            return;
        }
        // If dest is an existing directory, should copy inside.
        const newDest = destStat && destStat.isDirectory() && copySourceDirectory
            ? path.join(dest, path.basename(source))
            : dest;
        if (!(yield ioUtil.exists(source))) {
            throw new Error(`no such file or directory: ${source}`);
        }
        const sourceStat = yield ioUtil.stat(source);
        if (sourceStat.isDirectory()) {
            if (!recursive) {
                throw new Error(`Failed to copy. ${source} is a directory, but tried to copy without recursive flag.`);
            }
            else {
                yield cpDirRecursive(source, newDest, 0, force);
            }
        }
        else {
            if (path.relative(source, newDest) === '') {
                // a file cannot be copied to itself
                throw new Error(`'${newDest}' and '${source}' are the same file`);
            }
            yield io_copyFile(source, newDest, force);
        }
    });
}
/**
 * Moves a path.
 *
 * @param     source    source path
 * @param     dest      destination path
 * @param     options   optional. See MoveOptions.
 */
function mv(source_1, dest_1) {
    return io_awaiter(this, arguments, void 0, function* (source, dest, options = {}) {
        if (yield ioUtil.exists(dest)) {
            let destExists = true;
            if (yield ioUtil.isDirectory(dest)) {
                // If dest is directory copy src into dest
                dest = path.join(dest, path.basename(source));
                destExists = yield ioUtil.exists(dest);
            }
            if (destExists) {
                if (options.force == null || options.force) {
                    yield rmRF(dest);
                }
                else {
                    throw new Error('Destination already exists');
                }
            }
        }
        yield mkdirP(path.dirname(dest));
        yield ioUtil.rename(source, dest);
    });
}
/**
 * Remove a path recursively with force
 *
 * @param inputPath path to remove
 */
function rmRF(inputPath) {
    return io_awaiter(this, void 0, void 0, function* () {
        if (ioUtil.IS_WINDOWS) {
            // Check for invalid characters
            // https://docs.microsoft.com/en-us/windows/win32/fileio/naming-a-file
            if (/[*"<>|]/.test(inputPath)) {
                throw new Error('File path must not contain `*`, `"`, `<`, `>` or `|` on Windows');
            }
        }
        try {
            // note if path does not exist, error is silent
            yield ioUtil.rm(inputPath, {
                force: true,
                maxRetries: 3,
                recursive: true,
                retryDelay: 300
            });
        }
        catch (err) {
            throw new Error(`File was unable to be removed ${err}`);
        }
    });
}
/**
 * Make a directory.  Creates the full path with folders in between
 * Will throw if it fails
 *
 * @param   fsPath        path to create
 * @returns Promise<void>
 */
function mkdirP(fsPath) {
    return io_awaiter(this, void 0, void 0, function* () {
        ok(fsPath, 'a path argument must be provided');
        yield ioUtil.mkdir(fsPath, { recursive: true });
    });
}
/**
 * Returns path of a tool had the tool actually been invoked.  Resolves via paths.
 * If you check and the tool does not exist, it will throw.
 *
 * @param     tool              name of the tool
 * @param     check             whether to check if tool exists
 * @returns   Promise<string>   path to tool
 */
function which(tool, check) {
    return io_awaiter(this, void 0, void 0, function* () {
        if (!tool) {
            throw new Error("parameter 'tool' is required");
        }
        // recursive when check=true
        if (check) {
            const result = yield which(tool, false);
            if (!result) {
                if (IS_WINDOWS) {
                    throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also verify the file has a valid extension for an executable file.`);
                }
                else {
                    throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also check the file mode to verify the file is executable.`);
                }
            }
            return result;
        }
        const matches = yield findInPath(tool);
        if (matches && matches.length > 0) {
            return matches[0];
        }
        return '';
    });
}
/**
 * Returns a list of all occurrences of the given tool on the system path.
 *
 * @returns   Promise<string[]>  the paths of the tool
 */
function findInPath(tool) {
    return io_awaiter(this, void 0, void 0, function* () {
        if (!tool) {
            throw new Error("parameter 'tool' is required");
        }
        // build the list of extensions to try
        const extensions = [];
        if (IS_WINDOWS && process.env['PATHEXT']) {
            for (const extension of process.env['PATHEXT'].split(external_path_.delimiter)) {
                if (extension) {
                    extensions.push(extension);
                }
            }
        }
        // if it's rooted, return it if exists. otherwise return empty.
        if (isRooted(tool)) {
            const filePath = yield tryGetExecutablePath(tool, extensions);
            if (filePath) {
                return [filePath];
            }
            return [];
        }
        // if any path separators, return empty
        if (tool.includes(external_path_.sep)) {
            return [];
        }
        // build the list of directories
        //
        // Note, technically "where" checks the current directory on Windows. From a toolkit perspective,
        // it feels like we should not do this. Checking the current directory seems like more of a use
        // case of a shell, and the which() function exposed by the toolkit should strive for consistency
        // across platforms.
        const directories = [];
        if (process.env.PATH) {
            for (const p of process.env.PATH.split(external_path_.delimiter)) {
                if (p) {
                    directories.push(p);
                }
            }
        }
        // find all matches
        const matches = [];
        for (const directory of directories) {
            const filePath = yield tryGetExecutablePath(external_path_.join(directory, tool), extensions);
            if (filePath) {
                matches.push(filePath);
            }
        }
        return matches;
    });
}
function readCopyOptions(options) {
    const force = options.force == null ? true : options.force;
    const recursive = Boolean(options.recursive);
    const copySourceDirectory = options.copySourceDirectory == null
        ? true
        : Boolean(options.copySourceDirectory);
    return { force, recursive, copySourceDirectory };
}
function cpDirRecursive(sourceDir, destDir, currentDepth, force) {
    return io_awaiter(this, void 0, void 0, function* () {
        // Ensure there is not a run away recursive copy
        if (currentDepth >= 255)
            return;
        currentDepth++;
        yield mkdirP(destDir);
        const files = yield ioUtil.readdir(sourceDir);
        for (const fileName of files) {
            const srcFile = `${sourceDir}/${fileName}`;
            const destFile = `${destDir}/${fileName}`;
            const srcFileStat = yield ioUtil.lstat(srcFile);
            if (srcFileStat.isDirectory()) {
                // Recurse
                yield cpDirRecursive(srcFile, destFile, currentDepth, force);
            }
            else {
                yield io_copyFile(srcFile, destFile, force);
            }
        }
        // Change the mode for the newly created directory
        yield ioUtil.chmod(destDir, (yield ioUtil.stat(sourceDir)).mode);
    });
}
// Buffered file copy
function io_copyFile(srcFile, destFile, force) {
    return io_awaiter(this, void 0, void 0, function* () {
        if ((yield ioUtil.lstat(srcFile)).isSymbolicLink()) {
            // unlink/re-link it
            try {
                yield ioUtil.lstat(destFile);
                yield ioUtil.unlink(destFile);
            }
            catch (e) {
                // Try to override file permission
                if (e.code === 'EPERM') {
                    yield ioUtil.chmod(destFile, '0666');
                    yield ioUtil.unlink(destFile);
                }
                // other errors = it doesn't exist, no work to do
            }
            // Copy over symlink
            const symlinkFull = yield ioUtil.readlink(srcFile);
            yield ioUtil.symlink(symlinkFull, destFile, ioUtil.IS_WINDOWS ? 'junction' : null);
        }
        else if (!(yield ioUtil.exists(destFile)) || force) {
            yield ioUtil.copyFile(srcFile, destFile);
        }
    });
}
//# sourceMappingURL=io.js.map
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./src/shared/command-runner.ts
var command_runner = __webpack_require__(50055);
// EXTERNAL MODULE: ./src/shared/log.ts
var log = __webpack_require__(21827);
// EXTERNAL MODULE: ./src/shared/versions.ts
var shared_versions = __webpack_require__(79372);
;// CONCATENATED MODULE: ./src/system/buildx.ts
// The buildx edge: every `docker buildx` command the action runs (version, create, inspect, rm, build, imagetools
// create), its argument array, its process call and the parsing of its output, here and nowhere else. The argument
// arrays are pure functions, shared with the dry twin (dry-buildx.ts), so that a dry run prints exactly what a real
// run runs. Never a shell string.






const MINIMUM_BUILDX_VERSION = [0, 10, 0];
const secretFlag = (secret) => ('file' in secret ? `id=${secret.id},src=${secret.file}` : `id=${secret.id},env=${secret.env}`);
/** The build command as a log shows it: the value of each build arg in `hiddenBuildArgs` is `***`. */
function shownBuildArgv(spec) {
    return buildArgv({ ...spec, buildArgs: spec.buildArgs.map(([key, value]) => [key, spec.hiddenBuildArgs.includes(key) ? '***' : value]) });
}
function buildArgv(spec) {
    return [
        'buildx',
        'build',
        '--builder',
        spec.builder,
        '--platform',
        spec.platform,
        '--output',
        spec.rewriteTimestamp ? `${spec.output},rewrite-timestamp=true` : spec.output,
        // With both false, as the design has them, each push is a single image; otherwise buildx pushes an index of
        // the image and its attestation manifest.
        `--provenance=${spec.provenance}`,
        `--sbom=${spec.sbom}`,
        '--pull',
        '--metadata-file',
        spec.metadataFile,
        '-f',
        spec.dockerfile,
        ...spec.tags.flatMap((tag) => ['-t', tag]),
        ...spec.buildArgs.flatMap(([key, value]) => ['--build-arg', `${key}=${value}`]),
        ...spec.labels.flatMap(([key, value]) => ['--label', `${key}=${value}`]),
        ...spec.annotations.flatMap(([key, value]) => ['--annotation', `manifest:${key}=${value}`]),
        ...spec.secrets.flatMap((secret) => ['--secret', secretFlag(secret)]),
        ...spec.cacheFrom.flatMap((cache) => ['--cache-from', cache]),
        ...spec.cacheTo.flatMap((cache) => ['--cache-to', cache]),
        ...(spec.noCache ? ['--no-cache'] : []),
        spec.context
    ];
}
function createArgv(spec, bootstrap = true) {
    return [
        'buildx',
        'create',
        '--name',
        spec.name,
        '--driver',
        'docker-container',
        ...(spec.hostNetwork ? ['--driver-opt', 'network=host'] : []),
        ...(spec.image ? ['--driver-opt', `image=${spec.image}`] : []),
        ...(spec.configFile ? ['--config', spec.configFile] : []),
        ...(bootstrap ? ['--bootstrap'] : [])
    ];
}
const inspectArgv = (name) => ['buildx', 'inspect', name];
/** A builder on a BuildKit that is running already (`unix://...`): the command line's --local-builder. */
const createRemoteArgv = (name, endpoint) => ['buildx', 'create', '--name', name, '--driver', 'remote', endpoint];
const bootstrapArgv = (name) => ['buildx', 'inspect', '--bootstrap', name];
const versionArgv = () => ['buildx', 'version'];
const removeArgv = (name) => ['buildx', 'rm', name];
/**
 * The list imagetools assembles from these sources, printed and never pushed (`--dry-run`): the publish stage checks
 * those bytes and pushes them itself, so no tag moves before the list is checked.
 */
function assembleArgv(builder, list, sources, annotations = []) {
    return [
        'buildx',
        'imagetools',
        'create',
        ...(builder ? ['--builder', builder] : []),
        '--dry-run',
        ...annotations.flatMap(([key, value]) => ['--annotation', `index:${key}=${value}`]),
        '-t',
        list,
        ...sources
    ];
}
/** buildkitd's configuration that marks one registry as plain HTTP. */
function buildkitdConfig(registryHost) {
    return `[registry."${registryHost}"]\n  http = true\n  insecure = true\n`;
}
/** The version in `docker buildx version` output; a build without version information has none. */
function parseBuildxVersion(output) {
    return (0,shared_versions/* parseVersion */.ot)(output.split('\n')[0] ?? '');
}
/** An endpoint on this machine: a socket, or TCP on loopback. */
function isLocalEndpoint(endpoint) {
    return /^(unix|npipe):\/\//.test(endpoint) || /^tcp:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?\/?$/.test(endpoint);
}
/**
 * Whether every node of a builder runs on this machine, from `docker buildx inspect`: the docker drivers on a local
 * engine, the remote driver on a socket or loopback. Kubernetes, other hosts and docker contexts by name count as
 * elsewhere.
 */
function builderRunsHere(inspectOutput, env = {}) {
    const driver = /^Driver:\s*(\S+)/m.exec(inspectOutput)?.[1];
    const endpoints = [...inspectOutput.matchAll(/^Endpoint:\s*(\S+)/gm)].map((match) => match[1]);
    if (!driver || endpoints.length === 0)
        return false;
    if (driver === 'docker' || driver === 'docker-container') {
        return endpoints.every((endpoint) => isLocalEndpoint(endpoint) || (endpoint === 'default' && (!env.DOCKER_HOST || isLocalEndpoint(env.DOCKER_HOST))));
    }
    return driver === 'remote' && endpoints.every(isLocalEndpoint);
}
/**
 * The BuildKit version of a builder: the oldest of its nodes', from `BuildKit version: v0.24.0` (buildx 0.11 and
 * later) or `Buildkit: v0.11.6` (before). Undefined when any node gives none.
 */
function buildkitVersionOf(inspectOutput) {
    const nodes = inspectOutput.split(/^Name:/m).slice(2);
    const versions = nodes.map((node) => (0,shared_versions/* parseVersion */.ot)(/^(?:BuildKit version|Buildkit):\s*(\S+)/im.exec(node)?.[1] ?? ''));
    if (versions.length === 0 || versions.some((version) => version === undefined))
        return undefined;
    return versions.reduce((oldest, version) => ((0,shared_versions/* isOlder */.tW)(version, oldest) ? version : oldest));
}
/** What buildx's --metadata-file holds: `containerimage.digest`, and the node in `<builder>/<node>/<build id>`. */
function parseBuildMetadata(text) {
    try {
        const metadata = JSON.parse(text);
        const digest = metadata['containerimage.digest'];
        const ref = metadata['buildx.build.ref'];
        return {
            ...(typeof digest === 'string' && /^sha256:[0-9a-f]{64}$/.test(digest) ? { digest } : {}),
            ...(typeof ref === 'string' && ref.split('/')[1] ? { node: ref.split('/')[1] } : {})
        };
    }
    catch {
        return {};
    }
}
/** Without the plugin, docker reads `buildx` as an unknown command. */
const BUILDX_MISSING = /'buildx' is not a docker command|unknown command:? "?(docker )?buildx|unknown flag: --name/;
/** What buildx prints when there is no such builder to remove (a run that failed while creating it). */
const NO_BUILDER = /no builder .* found|unknown command: docker buildx|'buildx' is not a docker command/;
/** docker buildx itself. */
class BuildxCli {
    options;
    newBuilderName = `velero-multiarch-${(0,external_node_crypto_.randomUUID)().slice(0, 8)}`;
    constructor(options) {
        this.options = options;
    }
    run(args, cwd) {
        this.options.log.info((0,log/* commandLine */.ay)('docker', args));
        return this.options.runner.run('docker', args, { env: this.options.env, ...(cwd ? { cwd } : {}) });
    }
    async version() {
        if (!(await which('docker', false))) {
            throw new Error('the docker CLI is not on PATH; the action runs docker buildx (GitHub-hosted Ubuntu runners have it)');
        }
        const args = versionArgv();
        const result = await this.run(args);
        if (result.exitCode !== 0) {
            if (BUILDX_MISSING.test(result.stderr + result.stdout))
                throw new Error('docker buildx is not installed here; set it up first (in a workflow, with docker/setup-buildx-action)');
            throw new command_runner/* CommandError */.Q('docker', args, result);
        }
        const line = result.stdout.trim().split('\n')[0] ?? '';
        const version = parseBuildxVersion(line);
        const needed = (0,shared_versions/* formatVersion */.qh)(MINIMUM_BUILDX_VERSION);
        if (version === undefined) {
            this.options.log.warning(`could not read a version in '${line}' (docker buildx version); going on, but the action needs buildx ${needed} or later`);
        }
        else if ((0,shared_versions/* isOlder */.tW)(version, MINIMUM_BUILDX_VERSION)) {
            throw new Error(`docker buildx ${(0,shared_versions/* formatVersion */.qh)(version)} is too old: the action needs buildx ${needed} or later (for --provenance and --sbom). Upgrade it (in a workflow, with docker/setup-buildx-action).`);
        }
        return { line, ...(version ? { version } : {}) };
    }
    async create(builder, options) {
        if (builder.configFile && builder.config)
            await (0,promises_.writeFile)(builder.configFile, builder.config);
        this.options.onCreate?.(builder.name);
        return this.run(createArgv(builder, options.bootstrap));
    }
    async remove(name) {
        const args = removeArgv(name);
        try {
            const result = await this.options.runner.run('docker', args, { env: this.options.env });
            if (result.exitCode === 0)
                return true;
            if (NO_BUILDER.test(result.stderr))
                return false;
            return (result.stderr || result.stdout).trim();
        }
        catch (error) {
            return error.message;
        }
    }
    async inspect(name, created) {
        const args = inspectArgv(name);
        const result = await this.run(args);
        if (result.exitCode !== 0) {
            const named = created ? `the builder ${name} the action created` : `input 'buildx-instance': the builder '${name}'`;
            throw new Error(`${named} cannot be inspected, so nothing was built: ${new command_runner/* CommandError */.Q('docker', args, result).message}`);
        }
        const host = this.options.env.DOCKER_HOST;
        const local = created ? !host || isLocalEndpoint(host) : builderRunsHere(result.stdout, this.options.env);
        const driver = /^Driver:\s*(\S+)/m.exec(result.stdout)?.[1];
        const buildkit = buildkitVersionOf(result.stdout);
        return { name, ...(driver ? { driver } : {}), local, ...(buildkit ? { buildkit } : {}) };
    }
    async build(spec, options) {
        const args = buildArgv(spec);
        this.options.log.info(`${options.label ? `${options.label} ` : ''}${(0,log/* commandLine */.ay)('docker', shownBuildArgv(spec))}`);
        const result = await this.options.buildRunner.run('docker', args, {
            cwd: options.cwd,
            env: this.options.env,
            ...(options.signal ? { signal: options.signal } : {}),
            ...(options.onLine ? { onLine: options.onLine } : {})
        });
        const metadata = result.exitCode === 0 ? parseBuildMetadata(await (0,promises_.readFile)(spec.metadataFile, 'utf8').catch(() => '')) : {};
        return { result, metadata };
    }
    variable(name) {
        return this.options.env[name];
    }
    /** Creates a builder on a BuildKit that runs already, and starts it; throws naming the command that failed. */
    async createRemote(name, endpoint) {
        for (const args of [createRemoteArgv(name, endpoint), bootstrapArgv(name)]) {
            const result = await this.options.runner.run('docker', args, { env: this.options.env });
            if (result.exitCode !== 0)
                throw new command_runner/* CommandError */.Q('docker', args, result, '; the local builder did not start');
        }
    }
    async assembleList(builder, list, sources, annotations, cwd) {
        const args = assembleArgv(builder, list, sources, annotations);
        const result = await this.run(args, cwd);
        if (result.exitCode !== 0)
            throw new command_runner/* CommandError */.Q('docker', args, result, '; no list was pushed');
        // imagetools prints the index and a newline; the index alone is what it would push.
        return Buffer.from(result.stdout.replace(/\n$/, ''));
    }
}


/***/ }),

/***/ 51071:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  s: () => (/* binding */ machineEdges)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/shared/retry.ts
var shared_retry = __webpack_require__(43091);
// EXTERNAL MODULE: ./src/system/buildx.ts + 2 modules
var buildx = __webpack_require__(24789);
;// CONCATENATED MODULE: ./src/system/clock.ts
// The time edge: what time it is, and waiting. Real for a run (a dry run too); tests give a clock that answers at
// once, so that no test waits for a retry's back-off.

const systemClock = { now: () => Date.now(), sleep: shared_retry/* sleepFor */.dt };
/** A clock that starts at `start` and moves only when it is waited on: a wait ends at once, the time goes on by it. */
function steppingClock(start) {
    let now = start;
    return {
        now: () => now,
        sleep: async (seconds) => {
            now += seconds * 1000;
        }
    };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./src/shared/platforms.ts
var platforms = __webpack_require__(99521);
// EXTERNAL MODULE: ./src/shared/log.ts
var log = __webpack_require__(21827);
// EXTERNAL MODULE: ./src/shared/oci.ts
var oci = __webpack_require__(99064);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
;// CONCATENATED MODULE: ./src/system/result-files.ts
// The edge between the jobs of a split run: the files a leg writes into results-dir and the merge reads, carried
// between jobs as artifacts. Another job wrote what the merge reads, so every file is read bounded and never through
// a link, and what a leg writes is a new file, never one that is there already. What the files say is the split
// stage's to check (split/result-codec.ts); this port moves bytes.



/** A result file is a few hundred bytes; larger is not one, and is not read whole. */
const MAX_RESULT_BYTES = 64 * 1024;
/** Nine platforms at most, and a file or two a re-run may have left: more is not a results directory. */
const MAX_RESULT_FILES = 64;
/** A file's text, when it is a regular file (never through a link) of at most MAX_RESULT_BYTES. */
async function readBounded(file) {
    const stat = await (0,promises_.lstat)(file);
    if (!stat.isFile())
        throw new Error(`is not a regular file (${stat.isSymbolicLink() ? 'a symbolic link' : 'a directory or device'}); results are never read through one`);
    if (stat.size > MAX_RESULT_BYTES)
        throw new Error(`is ${stat.size} bytes; a result file is at most ${MAX_RESULT_BYTES}`);
    const handle = await (0,promises_.open)(file, 'r');
    try {
        const buffer = Buffer.alloc(MAX_RESULT_BYTES + 1);
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
        if (bytesRead > MAX_RESULT_BYTES)
            throw new Error(`grew past ${MAX_RESULT_BYTES} bytes while being read`);
        return buffer.subarray(0, bytesRead).toString('utf8');
    }
    finally {
        await handle.close();
    }
}
/** Result files on this machine's disk. */
class LocalResultFiles {
    async read(dir) {
        let names;
        try {
            names = (await (0,promises_.readdir)(dir)).filter((name) => name.endsWith('.json')).sort();
        }
        catch {
            throw new Error(`results-dir ${dir} does not exist: download the legs' results into it first (actions/download-artifact with merge-multiple: true)`);
        }
        if (names.length > MAX_RESULT_FILES)
            throw new Error(`results-dir ${dir} holds ${names.length} .json files; the results of a run are at most ${MAX_RESULT_FILES}`);
        const files = [];
        for (const name of names) {
            try {
                files.push({ name, text: await readBounded(external_node_path_default().join(dir, name)) });
            }
            catch (error) {
                files.push({ name, problem: error.message });
            }
        }
        return files;
    }
    async write(dir, files) {
        await (0,promises_.mkdir)(dir, { recursive: true });
        const existing = await (0,promises_.readdir)(dir);
        const written = [];
        for (const [prefix, text] of files) {
            for (const old of existing.filter((name) => name.startsWith(prefix) && name.endsWith('.json')))
                await (0,promises_.rm)(external_node_path_default().join(dir, old), { force: true });
            const file = external_node_path_default().join(dir, `${prefix}${(0,external_node_crypto_.randomUUID)().slice(0, 8)}.json`);
            // A new file, never one that is there already (a link included).
            await (0,promises_.writeFile)(file, text, { flag: 'wx' });
            written.push(file);
        }
        return written;
    }
}

// EXTERNAL MODULE: ./src/system/github.ts
var system_github = __webpack_require__(35722);
;// CONCATENATED MODULE: ./src/system/dry-run.ts
// The dry twins of the edges that act: buildx, the registries and the result files a leg writes. A dry run is the
// real pipeline on them (and on the real git, workspace and clock, which it only reads): each command is logged as a
// real run logs it and answered from one "dry world" of documents: a build "pushes" an image of its platform with the
// labels its command gives it (a Windows one with an os.version of its release), a leg's result file stands for the
// image its leg pushed, every tag is new, and a list is what its sources say. The digests and Windows os.versions
// it makes are stand-ins, which the log shows as placeholders.







/** The documents a dry run's registry holds, and the placeholders that stand for their stand-in values. */
class DryWorld {
    documents = new Map();
    /** The bytes of each document stood under a stand-in digest, so that pushing them again names that digest. */
    standIns = new Map();
    /** Stand-in value -> what the log shows instead. */
    placeholders = new Map();
    /**
     * A digest no real image has, for the log to show as `<digest of linux/amd64>`; `content` tells apart what differs
     * (another commit's build), and the same content gives the same digest (a re-run).
     */
    standInDigest(label, content = '') {
        const digest = `sha256:${(0,external_node_crypto_.createHash)('sha256').update(`velero-multiarch-build dry run: ${label}\n${content}`).digest('hex')}`;
        this.placeholders.set(digest, `<digest of ${label}>`);
        return digest;
    }
    store(bytes, mediaType, label) {
        const digest = this.standIns.get(bytes.toString('base64')) ?? (0,oci/* digestOf */.ol)(bytes);
        this.documents.set(digest, { bytes, mediaType });
        if (label && !this.placeholders.has(digest))
            this.placeholders.set(digest, `<digest of ${label}>`);
        return { digest, size: bytes.length, mediaType };
    }
    get(digest) {
        return this.documents.get(digest);
    }
    /** Stands an image of `image`'s platform under `digest` (what its build, or its leg, said it pushed). */
    stand(digest, image) {
        if (this.documents.has(digest))
            return;
        const osVersion = image.windowsVersion ? `10.0.${platforms/* WINDOWS_BUILDS */.c_[image.windowsVersion]}.99999` : undefined;
        if (osVersion)
            this.placeholders.set(osVersion, '<os.version of the built image>');
        const platform = {
            architecture: image.architecture,
            os: image.os,
            ...(image.variant ? { variant: image.variant } : {}),
            ...(osVersion ? { 'os.version': osVersion } : {})
        };
        const config = { ...platform, config: { Labels: image.labels }, rootfs: { type: 'layers', diff_ids: [] } };
        const configType = image.oci ? 'application/vnd.oci.image.config.v1+json' : 'application/vnd.docker.container.image.v1+json';
        const stored = this.store(Buffer.from(JSON.stringify(config)), configType);
        const manifestType = image.oci || image.attested ? oci/* MEDIA_TYPES */.Z2.ociManifest : oci/* MEDIA_TYPES */.Z2.dockerManifest;
        const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: manifestType, config: { mediaType: configType, digest: stored.digest, size: stored.size }, layers: [] }));
        if (!image.attested) {
            this.standAt(digest, manifest, manifestType);
            return;
        }
        const imageDescriptor = this.store(manifest, manifestType, `the image of ${image.label}`);
        const statement = this.store(Buffer.from('{}'), 'application/vnd.in-toto+json');
        const attestation = this.store(Buffer.from(JSON.stringify({
            schemaVersion: 2,
            mediaType: oci/* MEDIA_TYPES */.Z2.ociManifest,
            config: { mediaType: configType, digest: stored.digest, size: stored.size },
            layers: [
                {
                    mediaType: 'application/vnd.in-toto+json',
                    digest: statement.digest,
                    size: statement.size,
                    annotations: { [oci/* PREDICATE_TYPE */.To]: 'https://slsa.dev/provenance/v1' }
                }
            ]
        })), oci/* MEDIA_TYPES */.Z2.ociManifest, `the attestation of ${image.label}`);
        const index = {
            schemaVersion: 2,
            mediaType: oci/* MEDIA_TYPES */.Z2.ociIndex,
            manifests: [
                { ...imageDescriptor, platform },
                {
                    ...attestation,
                    platform: { architecture: 'unknown', os: 'unknown' },
                    annotations: { [oci/* ATTESTATION_TYPE */.Qs]: 'attestation-manifest', [oci/* ATTESTATION_REFERS_TO */.jw]: imageDescriptor.digest }
                }
            ]
        };
        this.standAt(digest, Buffer.from(JSON.stringify(index)), oci/* MEDIA_TYPES */.Z2.ociIndex);
    }
    standAt(digest, bytes, mediaType) {
        this.documents.set(digest, { bytes, mediaType });
        this.standIns.set(bytes.toString('base64'), digest);
    }
    /** A log line with every stand-in value replaced by its placeholder. */
    show(line) {
        let shown = line;
        for (const [value, placeholder] of this.placeholders)
            shown = shown.replaceAll(value, placeholder);
        return shown;
    }
    /** The log, with stand-in values shown as placeholders. */
    log(log) {
        return {
            info: (message) => log.info(this.show(message)),
            notice: (message) => log.notice(this.show(message)),
            warning: (message) => log.warning(this.show(message)),
            error: (message) => log.error(this.show(message)),
            group: (title, body) => log.group(this.show(title), body)
        };
    }
}
/** `linux/arm/v7` -> its os, architecture and variant; a Windows platform id's version (`windows/amd64/ltsc2022`). */
function platformParts(platform) {
    const [os = 'linux', architecture = 'amd64', third] = platform.split('/');
    if (os === 'windows')
        return { os, architecture, ...(platforms/* WINDOWS_VERSIONS */.SX.includes(third ?? '') ? { windowsVersion: third } : {}) };
    return { os, architecture, ...(third ? { variant: third } : {}) };
}
const OK = { exitCode: 0, stdout: '', stderr: '' };
/** buildx as a dry run has it: each command logged as a real run logs it, none run, each answered from the world. */
class DryBuildx {
    world;
    log;
    env;
    newBuilderName;
    /** Every command it was asked for, as the real port would run it (`buildx build ...`), in order. */
    commands = [];
    constructor(world, log, 
    /** The environment a real run's buildx would have (for the secrets it reads from it). */
    env, newBuilderName = `velero-multiarch-${(0,external_node_crypto_.randomUUID)().slice(0, 8)}`) {
        this.world = world;
        this.log = log;
        this.env = env;
        this.newBuilderName = newBuilderName;
    }
    variable(name) {
        return this.env[name];
    }
    /** Logs a command as the real port does, and keeps it. */
    asked(args, label, shown = args) {
        this.commands.push(args);
        this.log.info(`${label ? `${label} ` : ''}${(0,log/* commandLine */.ay)('docker', shown)}`);
    }
    async version() {
        this.asked((0,buildx/* versionArgv */.Pt)());
        return { line: '', unread: 'a dry run runs no command, so it reads no toolset' };
    }
    async create(builder, options) {
        this.asked((0,buildx/* createArgv */.X)(builder, options.bootstrap));
        return OK;
    }
    async remove() {
        return true;
    }
    async inspect(name) {
        this.asked((0,buildx/* inspectArgv */.TT)(name));
        return { name, local: true };
    }
    /** Stands what the build would push (its platform, its labels, its attestations) under a stand-in digest. */
    async build(spec, options) {
        this.asked((0,buildx/* buildArgv */.v$)(spec), options.label, (0,buildx/* shownBuildArgv */.mA)(spec));
        const osVersion = spec.buildArgs.find(([key]) => key === 'OS_VERSION')?.[1];
        const parts = platformParts(osVersion ? `${spec.platform}/${osVersion}` : spec.platform);
        const label = osVersion ? `${spec.platform}/${osVersion}` : spec.platform;
        const digest = this.world.standInDigest(label, JSON.stringify([spec.labels, spec.buildArgs.filter(([key]) => key !== 'SOURCE_DATE_EPOCH')]));
        this.world.stand(digest, {
            label,
            ...parts,
            labels: Object.fromEntries(spec.labels),
            attested: spec.provenance !== 'false' || spec.sbom !== 'false',
            oci: spec.output.includes('oci-mediatypes=true')
        });
        return { result: OK, metadata: { digest } };
    }
    /** What `imagetools create --dry-run` would print: a list of the descriptors it was given, each from the world. */
    async assembleList(builder, list, sources, annotations) {
        this.asked((0,buildx/* assembleArgv */.dV)(builder, list, sources, annotations));
        const manifests = [];
        for (const source of sources.map((text) => JSON.parse(text))) {
            const found = this.world.get(source.digest);
            if (found && (found.mediaType === oci/* MEDIA_TYPES */.Z2.ociIndex || found.mediaType === oci/* MEDIA_TYPES */.Z2.dockerList)) {
                for (const entry of JSON.parse(found.bytes.toString()).manifests)
                    manifests.push(entry);
                continue;
            }
            const existing = manifests.find((m) => m.digest === source.digest);
            if (existing)
                existing.platform = source.platform;
            else
                manifests.push({
                    mediaType: found?.mediaType ?? oci/* MEDIA_TYPES */.Z2.ociManifest,
                    digest: source.digest,
                    size: source.size,
                    ...(source.platform ? { platform: source.platform } : {})
                });
        }
        const docker = annotations.length === 0 && manifests.every((m) => m.mediaType === oci/* MEDIA_TYPES */.Z2.dockerManifest);
        const index = {
            schemaVersion: 2,
            mediaType: docker ? oci/* MEDIA_TYPES */.Z2.dockerList : oci/* MEDIA_TYPES */.Z2.ociIndex,
            manifests,
            ...(annotations.length > 0 ? { annotations: Object.fromEntries(annotations) } : {})
        };
        const bytes = Buffer.from(JSON.stringify(index, null, 2));
        this.world.store(bytes, index.mediaType, `the list ${list}`);
        return bytes;
    }
}
/** A registry that asks nobody: what the dry world holds, and no tag but those the dry run itself "pushed". */
class DryRegistry {
    world;
    tags = new Map();
    referrers = new Map();
    constructor(world) {
        this.world = world;
    }
    async getManifest(repository, reference) {
        const digest = reference.startsWith('sha256:') ? reference : this.tags.get(`${repository}:${reference}`);
        const found = digest && this.world.get(digest);
        return digest && found ? { bytes: found.bytes, digest, contentType: found.mediaType } : undefined;
    }
    async getBlob(repository, digest) {
        const found = this.world.get(digest);
        if (!found)
            throw new Error(`dry run: ${repository}@${digest} is not a document of this dry run`);
        return found.bytes;
    }
    /** What was attached to a digest (by a test's run on these ports; a dry run of the action attaches nothing real). */
    async getReferrers(repository, digest) {
        return [...(this.referrers.get(`${repository}@${digest}`) ?? [])];
    }
    async pushBlob(_repository, bytes) {
        return this.world.store(bytes, 'application/octet-stream').digest;
    }
    async mountBlob(_repository, digest) {
        return this.world.get(digest) !== undefined;
    }
    async pushReferrer(repository, subject, artifact) {
        await this.pushBlob(repository, artifact.bytes);
        const manifest = (0,oci/* referrerManifest */.Dq)(subject, artifact);
        const { digest, size } = this.world.store(manifest, oci/* MEDIA_TYPES */.Z2.ociManifest, "a signature's referrer");
        const held = this.referrers.get(`${repository}@${subject.digest}`) ?? [];
        if (!held.some((entry) => entry.digest === digest))
            held.push({ mediaType: oci/* MEDIA_TYPES */.Z2.ociManifest, digest, size, artifactType: artifact.artifactType, annotations: artifact.annotations });
        this.referrers.set(`${repository}@${subject.digest}`, held);
        return digest;
    }
    async putManifest(repository, reference, bytes, mediaType) {
        const { digest } = this.world.store(bytes, mediaType);
        if (!reference.startsWith('sha256:'))
            this.tags.set(`${repository}:${reference}`, digest);
        return digest;
    }
}
/** The registries of a dry run: one dry registry per host, and no login (a dry run sends no request). */
class DryRegistries {
    world;
    opened = new Map();
    constructor(world) {
        this.world = world;
    }
    open(host) {
        let registry = this.opened.get(host);
        if (!registry) {
            registry = new DryRegistry(this.world);
            this.opened.set(host, registry);
        }
        return registry;
    }
}
/**
 * The result files of a dry run: read as a merge reads them, and nothing written. Each leg's result stands, in the
 * dry world, for the image it says its leg pushed (its platform, labelled with its commit and `source`), so that the
 * merge's dry run checks and assembles as a real merge does.
 */
class DryResultFiles {
    world;
    source;
    files = new LocalResultFiles();
    constructor(world, 
    /** The repository's URL the images' source label carries (the run's); empty when unknown. */
    source) {
        this.world = world;
        this.source = source;
    }
    async read(dir) {
        const files = await this.files.read(dir);
        for (const file of files) {
            if (!('text' in file))
                continue;
            let claim;
            try {
                claim = JSON.parse(file.text);
            }
            catch {
                continue;
            }
            const { platform, digest, commit, provenance, sbom } = claim ?? {};
            if (typeof platform !== 'string' || typeof digest !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(digest))
                continue;
            this.world.stand(digest, {
                label: platform,
                ...platformParts(platform),
                labels: {
                    ...(typeof commit === 'string' && commit ? { [oci/* OCI_KEYS */.Vv.revision]: commit } : {}),
                    ...(this.source ? { [oci/* OCI_KEYS */.Vv.source]: this.source } : {})
                },
                attested: (provenance !== undefined && provenance !== 'false') || (sbom !== undefined && sbom !== 'false'),
                oci: false
            });
        }
        return files;
    }
    async write() {
        return [];
    }
}
/**
 * The GitHub API as a dry run has it: it asks nothing. The repository's tags are not asked (git in the checkout may
 * still tell them), the run's ref is taken to point to this run's commit, no two commits can be compared, and
 * nothing is recorded.
 */
class DryGitHubApi {
    context;
    log;
    checkoutHead;
    name = 'the GitHub API (a dry run asks it nothing)';
    constructor(context, log, 
    /** This run's commit as the checkout has it, where there is a checkout git can read. */
    checkoutHead) {
        this.context = context;
        this.log = log;
        this.checkoutHead = checkoutHead;
    }
    async listTags() {
        throw new system_github/* NotAsked */.qd("the repository's tags were not asked of the GitHub API");
    }
    /** Where a ref points is taken to be this run's commit: the checkout's HEAD, else the event's (GITHUB_SHA). */
    async commitOf(ref) {
        const head = (await this.checkoutHead()) ?? (this.context.sha || undefined);
        if (!head)
            throw new Error("a dry run asks no API, and neither the checkout's HEAD nor GITHUB_SHA is there");
        this.log.info(`dry run: the GitHub API is not asked where ${ref} points: taken to be this run's commit, ${head}`);
        return head;
    }
    async compare() {
        return { reason: 'a dry run asks no API' };
    }
    async recordAttestation() {
        return '';
    }
    async attestationsFor() {
        return [];
    }
}
/** The GitHub edge of a dry run: the run's context as it is, the dry API, and a stand-in OIDC token (nothing is signed). */
class DryGitHub extends system_github/* GitHubPort */.Dh {
    async idToken() {
        const claims = {
            job_workflow_ref: this.context.workflowRef || `${this.context.repository || 'owner/repository'}/.github/workflows/dry-run.yml@${this.context.ref || 'refs/heads/main'}`
        };
        return `dry-run.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.dry-run`;
    }
    async trustedRoots() {
        return '';
    }
}

;// CONCATENATED MODULE: ./src/system/git.ts
const COMMIT = /^([0-9a-f]{40}|[0-9a-f]{64})$/;
const isCommit = (text) => COMMIT.test(text);
/** git itself, through the process runner (bounded by command-timeout). */
class GitCli {
    runner;
    constructor(runner) {
        this.runner = runner;
    }
    async output(dir, args) {
        try {
            const result = await this.runner.run('git', ['-C', dir, ...args]);
            return result.exitCode === 0 ? result.stdout : undefined;
        }
        catch {
            return undefined;
        }
    }
    async exitCode(dir, args) {
        try {
            return (await this.runner.run('git', ['-C', dir, ...args])).exitCode;
        }
        catch {
            return 128;
        }
    }
    async head(dir) {
        const head = (await this.output(dir, ['rev-parse', 'HEAD']))?.trim();
        return head && isCommit(head) ? head : undefined;
    }
    async commitTime(dir) {
        const time = (await this.output(dir, ['show', '-s', '--format=%ct', 'HEAD']))?.trim();
        return time !== undefined && /^\d{1,12}$/.test(time) ? Number(time) : undefined;
    }
    async treeState(dir) {
        const status = await this.output(dir, ['status', '--porcelain']);
        return status === undefined ? undefined : status.trim() === '' ? 'clean' : 'dirty';
    }
    async originUrl(dir) {
        return (await this.output(dir, ['remote', 'get-url', 'origin']))?.trim() || undefined;
    }
    async isShallow(dir) {
        const answer = (await this.output(dir, ['rev-parse', '--is-shallow-repository']))?.trim();
        return answer === 'true' ? true : answer === 'false' ? false : undefined;
    }
    async tags(dir) {
        // An annotated tag's object is the tag; `*objectname` is the commit it peels to (empty for a lightweight tag).
        const listed = await this.output(dir, ['for-each-ref', '--format=%(refname:strip=2)%09%(objectname)%09%(*objectname)', 'refs/tags']);
        return listed
            ?.split('\n')
            .filter((line) => line.trim() !== '')
            .map((line) => {
            const [name = '', object = '', peeled = ''] = line.split('\t');
            const commit = peeled || object;
            return { name, ...(isCommit(commit) ? { commit } : {}) };
        });
    }
    async remoteHead(dir, ref) {
        const listed = await this.output(dir, ['ls-remote', 'origin', ref, `${ref}^{}`]);
        if (listed === undefined)
            return undefined;
        const lines = listed
            .split('\n')
            .map((line) => line.trim().split(/\s+/))
            .filter(([sha, name]) => sha && isCommit(sha) && (name === ref || name === `${ref}^{}`));
        // An annotated tag's own line names the tag object; the peeled line (^{}) names its commit.
        return (lines.find(([, name]) => name === `${ref}^{}`) ?? lines.find(([, name]) => name === ref))?.[0];
    }
    comparer(dir) {
        return {
            name: `git in ${dir}`,
            compare: async (ours, theirs) => {
                if (!isCommit(ours) || !isCommit(theirs))
                    return { reason: 'not two commits' };
                const forward = await this.exitCode(dir, ['merge-base', '--is-ancestor', ours, theirs]);
                if (forward === 0)
                    return { ancestry: 'ahead' };
                if (forward !== 1)
                    return { reason: 'the commits are not both in its history (a shallow checkout, or none)' };
                return { ancestry: (await this.exitCode(dir, ['merge-base', '--is-ancestor', theirs, ours])) === 0 ? 'behind' : 'diverged' };
            }
        };
    }
}
/** A git that answers from known facts and starts no process. */
class KnownGit {
    checkout;
    constructor(checkout) {
        this.checkout = checkout;
    }
    async head() {
        return this.checkout.head;
    }
    async commitTime() {
        return this.checkout.commitTime;
    }
    async treeState() {
        return this.checkout.treeState;
    }
    async originUrl() {
        return this.checkout.originUrl;
    }
    async isShallow() {
        return this.checkout.shallow;
    }
    async tags() {
        return this.checkout.tags;
    }
    async remoteHead(_dir, ref) {
        return this.checkout.remote?.[ref];
    }
    ancestors(commit) {
        const line = [];
        for (let at = commit; at !== undefined && !line.includes(at); at = this.checkout.parents?.[at])
            line.push(at);
        return line;
    }
    comparer() {
        return {
            name: 'git (known history)',
            compare: async (ours, theirs) => {
                const known = (commit) => commit === this.checkout.head || commit in (this.checkout.parents ?? {}) || Object.values(this.checkout.parents ?? {}).includes(commit);
                if (!known(ours) || !known(theirs))
                    return { reason: 'the commits are not both in its history' };
                if (ours === theirs)
                    return { ancestry: 'identical' };
                if (this.ancestors(theirs).includes(ours))
                    return { ancestry: 'ahead' };
                if (this.ancestors(ours).includes(theirs))
                    return { ancestry: 'behind' };
                return { ancestry: 'diverged' };
            }
        };
    }
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
;// CONCATENATED MODULE: ./src/system/machine.ts
// The machine the action runs on: its architecture (the one platform a `docker` output builds) and how many of its
// CPUs sat idle lately (for `max-parallel: auto` when the builder runs here).


function sample() {
    let idle = 0;
    let total = 0;
    for (const cpu of external_node_os_default().cpus()) {
        idle += cpu.times.idle;
        total += cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.idle + cpu.times.irq;
    }
    return { at: Date.now(), idle, total };
}
/** Reads the CPU times every `intervalMs`, keeping a minute of them. */
function watchCpus(intervalMs = 500) {
    const samples = [sample()];
    const timer = setInterval(() => {
        samples.push(sample());
        while (samples.length > 2 && samples[1].at < Date.now() - 60_000)
            samples.shift();
    }, intervalMs);
    timer.unref();
    const cpus = external_node_os_default().cpus().length;
    return {
        idleCpus(seconds) {
            const now = samples[samples.length - 1];
            const then = [...samples].reverse().find((s) => s.at <= now.at - seconds * 1000);
            if (!then || now.total === then.total)
                return undefined;
            return ((now.idle - then.idle) / (now.total - then.total)) * cpus;
        },
        stop: () => clearInterval(timer)
    };
}
const thisMachine = {
    arch: (0,platforms/* linuxArchitectureOf */.Nx)(process.arch),
    nodeArch: process.arch,
    cpuCount: external_node_os_default().cpus().length,
    watchCpus: () => watchCpus()
};

// EXTERNAL MODULE: ./src/system/registry/client.ts
var client = __webpack_require__(1554);
// EXTERNAL MODULE: ./src/shared/docker-config.ts
var docker_config = __webpack_require__(96984);
;// CONCATENATED MODULE: ./src/system/registry/credentials.ts
// The login the action uses for a registry: found where docker finds it (shared/docker-config.ts), a credential
// helper run as docker runs it (`docker-credential-NAME get`, the server on standard input), bounded in time. The
// secret is masked before anything else happens and never reaches a message.

/** docker-credential helpers say so when they hold nothing for a server. */
const NOT_FOUND = /credentials not found|no credentials|not found in native keychain/i;
/** What a helper answers is small; more is not a helper's answer. */
const MAX_ANSWER = 64 * 1024;
async function askHelper(login, context) {
    const program = `docker-credential-${login.helper}`;
    let result;
    try {
        result = await context.runner.run(program, ['get'], { input: login.serverUrl, timeoutSeconds: context.timeoutSeconds, env: context.env });
    }
    catch (error) {
        throw new Error(`${login.from}: the credential helper ${program} could not be started (${error.message}); install it, or log in with docker login`);
    }
    if (result.timedOut)
        throw new Error(`${login.from}: ${program} get did not answer within command-timeout (${context.timeoutSeconds} s) and was stopped`);
    if (result.exitCode !== 0) {
        if (NOT_FOUND.test(result.stdout + result.stderr))
            return undefined;
        throw new Error(`${login.from}: ${program} get exited with code ${result.exitCode}`);
    }
    if (result.stdout.length > MAX_ANSWER)
        throw new Error(`${login.from}: ${program} get printed more than ${MAX_ANSWER} characters`);
    let answer;
    try {
        answer = JSON.parse(result.stdout);
    }
    catch {
        throw new Error(`${login.from}: ${program} get did not print JSON`);
    }
    const fields = typeof answer === 'object' && answer !== null ? answer : {};
    if (typeof fields.Username !== 'string' || typeof fields.Secret !== 'string')
        throw new Error(`${login.from}: ${program} get printed no Username and Secret`);
    context.mask(fields.Secret);
    // Docker's convention: a helper's identity token comes with the user name <token>.
    const identityToken = fields.Username === '<token>';
    return { username: identityToken ? '' : fields.Username, secret: fields.Secret, identityToken, from: `${login.from} (${program})` };
}
/** The login of `host`, or undefined (anonymous) when docker has none. */
async function credentialsFor(host, context) {
    const read = (0,docker_config/* readDockerConfig */.TO)(context.env);
    if (!read)
        return undefined;
    const stored = (0,docker_config/* storedLogin */.dT)(read.config, read.file, host);
    if (!stored)
        return undefined;
    if (stored.kind === 'helper') {
        const asked = await askHelper(stored, context);
        if (asked)
            return asked;
        // A store that holds nothing for this registry: docker login may have written it into the file all the same.
        const inFile = (0,docker_config/* loginInAuths */.wT)(read.config, read.file, host);
        return inFile ? fromFile(inFile, context) : undefined;
    }
    return fromFile(stored, context);
}
function fromFile(stored, context) {
    if (stored.kind === 'password') {
        context.mask(stored.password);
        return { username: stored.username, secret: stored.password, identityToken: false, from: stored.from };
    }
    if (stored.kind === 'identity-token') {
        context.mask(stored.token);
        return { username: '', secret: stored.token, identityToken: true, from: stored.from };
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/system/registry/registries.ts


/** The registries over HTTP, with docker's logins. */
class HttpRegistries {
    options;
    logins = new Map();
    constructor(options) {
        this.options = options;
    }
    /** The login docker has for `host`, or undefined (anonymous); looked up once per host, when a registry asks. */
    credentialsFor(host) {
        let login = this.logins.get(host);
        if (!login) {
            login = credentialsFor(host, { env: this.options.env, runner: this.options.runner, timeoutSeconds: this.options.timeoutSeconds, mask: this.options.mask });
            // A lookup that failed (a credential helper that timed out) is asked again next time.
            login.catch(() => this.logins.delete(host));
            this.logins.set(host, login);
        }
        return login;
    }
    open(host, insecure) {
        const { timeoutSeconds, retry, log, signal, mask } = this.options;
        return new client/* HttpRegistry */.iB({ host, insecure, timeoutSeconds, retry, log, ...(signal ? { signal } : {}), credentials: () => this.credentialsFor(host), mask });
    }
}

// EXTERNAL MODULE: ./src/system/runner.ts
var system_runner = __webpack_require__(63439);
// EXTERNAL MODULE: ./src/system/sigstore.ts
var sigstore = __webpack_require__(65955);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
;// CONCATENATED MODULE: ./src/system/safe-paths.ts
// Paths in the workspace, checked before anything is read or created there. A checkout may hold symbolic links its
// author committed (a fork's pull request among them): read through, they could hand the build a file of the runner's;
// written through, they could make the runner overwrite one. So a path is walked one component at a time from the
// workspace's real path: a link may lead a read only to somewhere inside the workspace, and nothing the action
// writes (tarballs, result files) passes through a link at all.


function isInside(child, parent) {
    const relative = external_node_path_default().relative(parent, child);
    return relative === '' || (!relative.startsWith(`..${(external_node_path_default()).sep}`) && relative !== '..' && !external_node_path_default().isAbsolute(relative));
}
function linkTarget(link) {
    try {
        return (0,external_node_fs_.realpathSync)(link);
    }
    catch {
        // A dangling link: where it points, as written.
        return external_node_path_default().resolve(external_node_path_default().dirname(link), (0,external_node_fs_.readlinkSync)(link));
    }
}
/**
 * The real path of `given` (relative to the workspace, or absolute), after checking every component below the
 * workspace. `what` names it in errors (`input 'output-dir'`, `the tarball`). A path outside the workspace is not
 * walked: the workflow chose it (results-dir's default under RUNNER_TEMP), not the checkout. Components that do
 * not exist yet end the walk: they will be made, as directories, by the action.
 */
function checkedPath(workspace, given, use, what) {
    const base = (0,external_node_fs_.realpathSync)(workspace);
    const target = external_node_path_default().resolve(workspace, given);
    if (!isInside(target, external_node_path_default().resolve(workspace)))
        return target;
    let current = base;
    const parts = external_node_path_default().relative(external_node_path_default().resolve(workspace), target)
        .split((external_node_path_default()).sep)
        .filter((part) => part !== '');
    for (const [index, part] of parts.entries()) {
        const next = external_node_path_default().join(current, part);
        const stat = (0,external_node_fs_.lstatSync)(next, { throwIfNoEntry: false });
        if (!stat)
            return external_node_path_default().join(next, ...parts.slice(index + 1));
        if (!stat.isSymbolicLink()) {
            current = next;
            continue;
        }
        const shown = external_node_path_default().relative(base, next) || '.';
        const to = linkTarget(next);
        if (use === 'write') {
            throw new Error(`${what}: '${given}' goes through ${shown}, a symbolic link in the workspace (to ${to}); nothing the action writes goes through one, so nothing was written`);
        }
        if (!isInside(to, base)) {
            throw new Error(`${what}: '${given}' goes through ${shown}, a symbolic link in the workspace to ${to}, outside the workspace ${base}; nothing is read through it`);
        }
        current = to;
    }
    return current;
}

;// CONCATENATED MODULE: ./src/system/workspace.ts
// The workspace edge: the checkout's files as the action reads them (only through links that stay inside it:
// safe-paths.ts) and writes them (never through a link), and a directory private to the run (secrets, buildx's
// metadata files, a builder's configuration), removed when the run ends. A dry run reads as a real run does and
// writes nothing in the checkout.




/** The workspace on this machine's disk. */
class LocalWorkspace {
    root;
    tempRoot;
    runDir;
    constructor(root, 
    /** Where the run's private directory is made: RUNNER_TEMP in a workflow, else the machine's temporary directory. */
    tempRoot) {
        this.root = root;
        this.tempRoot = tempRoot;
    }
    runDirectory() {
        this.runDir ??= (0,promises_.mkdtemp)(external_node_path_default().join(this.tempRoot, 'velero-multiarch-'));
        return this.runDir;
    }
    async dispose() {
        const dir = await this.runDir?.catch(() => undefined);
        if (dir)
            await (0,promises_.rm)(dir, { recursive: true, force: true });
    }
    checkedPath(given, use, what) {
        return checkedPath(this.root, given, use, what);
    }
    kindOf(file, options = {}) {
        const stat = options.followLinks === false ? (0,external_node_fs_.lstatSync)(file, { throwIfNoEntry: false }) : (0,external_node_fs_.statSync)(file, { throwIfNoEntry: false });
        if (!stat)
            return undefined;
        return stat.isSymbolicLink() ? 'link' : stat.isFile() ? 'file' : stat.isDirectory() ? 'directory' : 'other';
    }
    sizeOf(file) {
        const stat = (0,external_node_fs_.lstatSync)(file, { throwIfNoEntry: false });
        return stat?.isFile() ? stat.size : undefined;
    }
    readText(file, maxBytes) {
        const size = this.sizeOf(file);
        if (size === undefined)
            throw new Error(`${file} is not a regular file`);
        if (size > maxBytes)
            throw new Error(`${file} is ${size} bytes; at most ${maxBytes} are read`);
        return (0,external_node_fs_.readFileSync)(file, 'utf8');
    }
    async writePrivate(file, text) {
        await (0,promises_.mkdir)(external_node_path_default().dirname(file), { recursive: true, mode: 0o700 });
        await (0,promises_.writeFile)(file, text, { mode: 0o600 });
    }
    async makeDirectories(dirs) {
        for (const dir of new Set(dirs))
            await (0,promises_.mkdir)(dir, { recursive: true });
    }
    async removeUnfinished(file, sinceMs) {
        const stat = await (0,promises_.lstat)(file).catch(() => undefined);
        if (!stat?.isFile() || stat.mtimeMs < sinceMs - 1000)
            return false;
        await (0,promises_.rm)(file, { force: true });
        return true;
    }
}
/** The workspace of a dry run: read as a real run reads it; nothing is written (the run's directory aside). */
class DryWorkspace extends LocalWorkspace {
    async writePrivate() { }
    async makeDirectories() { }
    async removeUnfinished() {
        return false;
    }
}

;// CONCATENATED MODULE: ./src/system/edges.ts
// The ports of a run on this machine, as the action's step and the command line make them: real ones, bounded by
// the run's command-timeout and retried as it says; for a dry run, the dry twins of those that act (buildx, the
// registries, the result files, the GitHub API, Sigstore) over one dry world, and the real ones that only read
// (git, the workspace, the clock).













/** The edges of a run on this machine, and how to let go of them (the run's private directory) when it ends. */
function machineEdges(options) {
    const { env, log, runner, signal } = options;
    const context = (0,system_github/* readRunContext */.$p)(env);
    const tempRoot = context.runnerTemp;
    const workspaces = [new LocalWorkspace(options.workspace, tempRoot)];
    const githubOf = (api, token, bounded = runner) => ({
        env,
        runner: bounded,
        ...(api ? { api } : {}),
        ...(token ? { token } : {}),
        ...(options.runtime ? { runtime: options.runtime } : {}),
        ...(options.onOutputs ? { onOutputs: options.onOutputs } : {})
    });
    const inputs = { log, github: new system_github/* GitHubPort */.Dh(githubOf()), workspace: workspaces[0] };
    const forRun = (settings) => {
        const bounded = (0,system_runner/* boundedRunner */.Y3)(runner, settings.commandTimeout, signal);
        const retry = { retries: settings.retries, maxWaitSeconds: settings.retryMaxWait, baseSeconds: shared_retry/* DEFAULT_BASE_SECONDS */.KU, sleep: systemClock.sleep };
        const common = { git: new GitCli(bounded), clock: systemClock, machine: thisMachine, ...(signal ? { signal } : {}) };
        if (!settings.dryRun) {
            const github = new system_github/* GitHubPort */.Dh(githubOf(context.event ? new system_github/* OctokitApi */.qH(settings.githubToken, context.repository, settings.commandTimeout) : undefined, settings.githubToken, bounded));
            const mask = (value) => github.mask(value);
            return {
                ...common,
                log,
                github,
                workspace: workspaces[0],
                buildx: new buildx/* BuildxCli */.Vy({ runner: bounded, buildRunner: runner, log, env, onCreate: options.onBuilderCreated }),
                registries: new HttpRegistries({ env, runner: bounded, timeoutSeconds: settings.commandTimeout, retry, log, ...(signal ? { signal } : {}), mask }),
                results: new LocalResultFiles(),
                sigstore: new sigstore/* SigstoreServices */.L8(settings.commandTimeout * 1000)
            };
        }
        const world = new DryWorld();
        const shown = world.log(log);
        const workspace = new DryWorkspace(options.workspace, tempRoot);
        workspaces.push(workspace);
        const source = context.serverUrl && context.repository ? `${context.serverUrl}/${context.repository}` : '';
        const checkout = settings.role === 'merge' || /^[a-z][a-z0-9+.-]*:\/\//i.test(settings.context) ? undefined : external_node_path_default().resolve(options.workspace, settings.context);
        const checkoutHead = async () => (checkout ? common.git.head(checkout) : undefined);
        return {
            ...common,
            log: shown,
            github: new DryGitHub(githubOf(context.event ? new DryGitHubApi(context, shown, checkoutHead) : undefined, settings.githubToken, bounded)),
            workspace,
            buildx: new DryBuildx(world, shown, env),
            registries: new DryRegistries(world),
            results: new DryResultFiles(world, source),
            sigstore: new sigstore/* DrySigstore */.WG(shown)
        };
    };
    return {
        inputs,
        forRun,
        dispose: async () => {
            for (const workspace of workspaces)
                await workspace.dispose();
        }
    };
}


/***/ }),

/***/ 35722:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $p: () => (/* binding */ readRunContext),
/* harmony export */   Dh: () => (/* binding */ GitHubPort),
/* harmony export */   Dl: () => (/* binding */ githubServer),
/* harmony export */   Qq: () => (/* binding */ text),
/* harmony export */   qH: () => (/* binding */ OctokitApi),
/* harmony export */   qd: () => (/* binding */ NotAsked)
/* harmony export */ });
/* unused harmony exports MAX_EVENT_BYTES, NO_ID_TOKEN */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _shared_deadline_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(18013);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(73757);




/** What an API that asks nothing (a dry run's) answers: the caller goes on without the answer, and says so. */
class NotAsked extends Error {
    constructor(what) {
        super(`${what} (a dry run asks no API)`);
        this.name = 'NotAsked';
    }
}
/** The GitHub server of the run: GITHUB_SERVER_URL, else github.com. */
const githubServer = (context) => context.serverUrl || 'https://github.com';
/** An event payload larger than this is not one GitHub wrote. */
const MAX_EVENT_BYTES = 32 * 1024 * 1024;
/** A string field of an untrusted object, or '' for anything else. */
const text = (value) => (typeof value === 'string' ? value : '');
/** The event payload GitHub wrote (GITHUB_EVENT_PATH), bounded; an unreadable one is empty. */
function readPayload(file) {
    if (!file)
        return {};
    let fd;
    try {
        fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(file, 'r');
        const stat = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fstatSync)(fd);
        if (!stat.isFile() || stat.size > MAX_EVENT_BYTES)
            return {};
        const buffer = Buffer.alloc(stat.size);
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(fd, buffer, 0, stat.size, 0);
        const parsed = JSON.parse(buffer.toString('utf8'));
        return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : {};
    }
    catch {
        return {};
    }
    finally {
        if (fd !== undefined)
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
    }
}
/** The run's context from the environment a step (or the command line) is given. */
function readRunContext(env) {
    const inWorkflow = env.GITHUB_ACTIONS === 'true' && !!env.GITHUB_EVENT_NAME;
    const payload = inWorkflow ? readPayload(env.GITHUB_EVENT_PATH) : {};
    const event = inWorkflow
        ? {
            name: env.GITHUB_EVENT_NAME ?? '',
            ref: env.GITHUB_REF ?? '',
            baseRef: env.GITHUB_BASE_REF || text(payload.pull_request?.base?.ref),
            actor: env.GITHUB_ACTOR ?? '',
            repository: env.GITHUB_REPOSITORY || text(payload.repository?.full_name),
            payload
        }
        : undefined;
    return {
        ...(event ? { event } : {}),
        serverUrl: (env.GITHUB_SERVER_URL ?? '').replace(/\/$/, ''),
        repository: env.GITHUB_REPOSITORY ?? '',
        sha: env.GITHUB_SHA ?? '',
        ref: env.GITHUB_REF ?? '',
        eventName: env.GITHUB_EVENT_NAME ?? '',
        workflowRef: env.GITHUB_WORKFLOW_REF ?? '',
        runId: env.GITHUB_RUN_ID ?? '',
        runAttempt: env.GITHUB_RUN_ATTEMPT ?? '',
        repositoryId: env.GITHUB_REPOSITORY_ID ?? '',
        repositoryOwnerId: env.GITHUB_REPOSITORY_OWNER_ID ?? '',
        runnerEnvironment: env.RUNNER_ENVIRONMENT ?? '',
        runnerOs: env.RUNNER_OS ?? '',
        runnerTemp: env.RUNNER_TEMP || node_os__WEBPACK_IMPORTED_MODULE_1___default().tmpdir(),
        workspace: env.GITHUB_WORKSPACE ?? '',
        stepSummary: env.GITHUB_STEP_SUMMARY ?? '',
        goproxy: env.GOPROXY ?? '',
        sigstore: {
            ...(env.SIGSTORE_FULCIO_URL ? { fulcio: env.SIGSTORE_FULCIO_URL } : {}),
            ...(env.SIGSTORE_REKOR_URL ? { rekor: env.SIGSTORE_REKOR_URL } : {}),
            ...(env.SIGSTORE_TSA_URL ? { tsa: env.SIGSTORE_TSA_URL } : {}),
            ...(env.SIGSTORE_TRUSTED_ROOT ? { trustedRoot: env.SIGSTORE_TRUSTED_ROOT } : {}),
            ...(env.SIGSTORE_OIDC_ISSUER ? { oidcIssuer: env.SIGSTORE_OIDC_ISSUER } : {})
        }
    };
}
function ownerAndName(repository) {
    const [owner, repo] = repository.split('/');
    if (!owner || !repo)
        throw new Error(`GITHUB_REPOSITORY '${repository}' is not owner/name`);
    return [owner, repo];
}
const STATUSES = ['ahead', 'behind', 'identical', 'diverged'];
const statusOf = (error) => error.status;
/** An API answer larger than this is not one the action asked for (a page of tags or attestations is far smaller). */
const MAX_API_ANSWER_BYTES = 16 * 1024 * 1024;
/** The attestations of one digest read at most: the first are this repository's own runs'. */
const MAX_ATTESTATIONS_READ = 30;
/**
 * The GitHub API through Octokit (GITHUB_API_URL, as @actions/github reads it), with a token; every call is bounded by
 * `timeoutSeconds` (command-timeout): an API that does not answer must not hold the job.
 */
class OctokitApi {
    token;
    repository;
    timeoutSeconds;
    name = 'the GitHub compare API';
    constructor(token, repository, timeoutSeconds) {
        this.token = token;
        this.repository = repository;
        this.timeoutSeconds = timeoutSeconds;
    }
    async client() {
        // The policy refuses an empty token before any docker command where it can tell that the run needs one.
        if (!this.token) {
            throw new Error("input 'github-token' is empty (an unset expression, or a secret that is not there): leave it out (its default is the job's token) or give a token with permissions contents: read");
        }
        // Loaded here: only some runs need the API client, and it is the heaviest part of the bundle.
        const { getOctokit } = await __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 92413));
        return getOctokit(this.token, { request: { fetch: (0,_http_js__WEBPACK_IMPORTED_MODULE_3__/* .boundedFetch */ .A)(this.timeoutSeconds * 1000, MAX_API_ANSWER_BYTES) } });
    }
    async listTags() {
        const [owner, repo] = ownerAndName(this.repository);
        const octokit = await this.client();
        const tags = await octokit.paginate(octokit.rest.repos.listTags, { owner, repo, per_page: 100 });
        return tags.map((tag) => ({
            name: tag.name,
            ...(typeof tag.commit?.sha === 'string' && /^[0-9a-f]{40,64}$/.test(tag.commit.sha) ? { commit: tag.commit.sha } : {})
        }));
    }
    /**
     * Compares commits (`GET /repos/{owner}/{repo}/compare/{ours}...{theirs}`): `ahead` means theirs is strictly newer.
     * GitHub answers 404 both for a commit it does not have (or no common history: unrelated) and for a repository the
     * token cannot read; only when this run's own commit is visible does a 404 mean unrelated.
     */
    async compare(ours, theirs) {
        try {
            const [owner, repo] = ownerAndName(this.repository);
            const octokit = await this.client();
            try {
                const { data } = await octokit.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: `${ours}...${theirs}`, per_page: 1 });
                return STATUSES.includes(data.status) ? { ancestry: data.status } : { reason: `it answered the status ${JSON.stringify(data.status)}` };
            }
            catch (error) {
                if (statusOf(error) !== 404)
                    throw error;
                await octokit.rest.repos.getCommit({ owner, repo, ref: ours, per_page: 1 });
                return { ancestry: 'unrelated' };
            }
        }
        catch (error) {
            const status = statusOf(error);
            return { reason: status === 404 ? `${this.repository} or this run's commit is not visible to the github-token` : error.message };
        }
    }
    async recordAttestation(bundle) {
        const [owner, repo] = ownerAndName(this.repository);
        const octokit = await this.client();
        try {
            const { data } = await octokit.request('POST /repos/{owner}/{repo}/attestations', { owner, repo, bundle });
            return String(data.id ?? '');
        }
        catch (error) {
            const status = statusOf(error);
            const hint = status === 401 || status === 403
                ? ' (the job needs permissions attestations: write)'
                : status === 404
                    ? ` (${this.repository} is not there for the github-token, or this GitHub server offers no artifact attestations: GitHub Enterprise Server does not document them; set sign to false there)`
                    : '';
            throw new Error(`GitHub's attestations API answered ${String(status ?? error.message)}${hint}`);
        }
    }
    /**
     * `GET /repos/{owner}/{repo}/attestations/{digest}`, first page: the bundles inline, as the API version this
     * action pins answers them. 404 is none.
     */
    async attestationsFor(digest) {
        const [owner, repo] = ownerAndName(this.repository);
        const octokit = await this.client();
        try {
            const { data } = await octokit.request('GET /repos/{owner}/{repo}/attestations/{subject_digest}', {
                owner,
                repo,
                subject_digest: digest,
                per_page: MAX_ATTESTATIONS_READ,
                headers: { 'x-github-api-version': '2022-11-28' }
            });
            const listed = data.attestations;
            if (!Array.isArray(listed))
                throw new Error('it answered no list of attestations');
            return listed
                .map((entry) => entry?.bundle)
                .filter((bundle) => typeof bundle === 'object' && bundle !== null && !Array.isArray(bundle));
        }
        catch (error) {
            const status = statusOf(error);
            if (status === 404)
                return [];
            const hint = status === 401 || status === 403 ? ' (the job needs permissions attestations: read, which attestations: write includes)' : '';
            throw new Error(`GitHub's attestations API answered ${String(status ?? error.message)}${hint}`);
        }
    }
    /** `GET /repos/{owner}/{repo}/commits/{ref}`: the commit `heads/main` or `tags/v1.16.0` names. */
    async commitOf(ref) {
        const [owner, repo] = ownerAndName(this.repository);
        const octokit = await this.client();
        const name = ref.replace(/^refs\//, '');
        try {
            const { data } = await octokit.rest.repos.getCommit({ owner, repo, ref: name, per_page: 1 });
            if (typeof data.sha !== 'string' || !/^([0-9a-f]{40}|[0-9a-f]{64})$/.test(data.sha))
                throw new Error(`it answered no commit for ${ref}`);
            return data.sha;
        }
        catch (error) {
            const status = statusOf(error);
            throw new Error(status === 404
                ? `${ref} is not in ${this.repository}, or the github-token cannot read it (permissions: contents: read)`
                : status === 401 || status === 403
                    ? `the github-token may not read ${this.repository} (permissions: contents: read)`
                    : error.message);
        }
    }
}
const NO_ID_TOKEN = "sign is true, but this job has no OIDC token: give the job permissions id-token: write (and attestations: write), or set sign to false. A run caused by a fork's pull request gets none.";
/** The GitHub edge of a real run: the Actions runtime of a step, or the command line's. */
class GitHubPort {
    options;
    context;
    api;
    constructor(options) {
        this.options = options;
        this.context = readRunContext(options.env);
        this.api = options.api;
    }
    async idToken(audience, timeoutMs) {
        const url = this.options.env.ACTIONS_ID_TOKEN_REQUEST_URL;
        const bearer = this.options.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
        if (!url || !bearer)
            throw new Error(NO_ID_TOKEN);
        const request = new URL(url);
        request.searchParams.set('audience', audience);
        const what = "the runner's OIDC token endpoint";
        const answer = await (0,_shared_deadline_js__WEBPACK_IMPORTED_MODULE_2__/* .withinDeadline */ .iP)(timeoutMs, undefined, async (signal) => {
            const response = await fetch(request, { headers: { authorization: `Bearer ${bearer}` }, signal });
            return { status: response.status, ok: response.ok, text: (await (0,_http_js__WEBPACK_IMPORTED_MODULE_3__/* .boundedBody */ ._j)(response, MAX_API_ANSWER_BYTES, what)).toString() };
        }).catch((error) => {
            throw new Error(`${what}: ${(0,_shared_deadline_js__WEBPACK_IMPORTED_MODULE_2__/* .isAbort */ .rV)(error) ? `no answer within command-timeout (${timeoutMs / 1000} s)` : error.message}`);
        });
        if (!answer.ok)
            throw new Error(`${what} answered ${answer.status}; sign needs permissions id-token: write`);
        let value;
        try {
            value = JSON.parse(answer.text).value;
        }
        catch {
            value = undefined;
        }
        if (typeof value !== 'string')
            throw new Error(`${what} answered without a token`);
        return value;
    }
    async trustedRoots() {
        const args = ['attestation', 'trusted-root'];
        const env = { ...this.options.env, ...(this.options.token && !this.options.env.GH_TOKEN ? { GH_TOKEN: this.options.token } : {}) };
        const result = await this.options.runner.run('gh', args, { env }).catch((error) => {
            throw new Error(`gh could not be started (${error.message}): verifying against GitHub's Sigstore instance needs the GitHub CLI, or SIGSTORE_TRUSTED_ROOT naming its trusted_root.json`);
        });
        if (result.exitCode !== 0)
            throw new Error(`gh attestation trusted-root failed (exit code ${result.exitCode}): ${result.stderr.trim().slice(-500)}`);
        return result.stdout;
    }
    mask(value) {
        this.options.runtime?.setSecret(value);
    }
    setOutputs(values) {
        if (this.options.runtime) {
            for (const [name, value] of Object.entries(values))
                this.options.runtime.setOutput(name, typeof value === 'string' ? value : JSON.stringify(value));
        }
        this.options.onOutputs?.(values);
    }
    async writeSummary(markdown) {
        await this.options.runtime?.appendSummary?.(markdown);
    }
}


/***/ }),

/***/ 73757:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ boundedFetch),
/* harmony export */   UG: () => (/* binding */ AnswerTooLarge),
/* harmony export */   _j: () => (/* binding */ boundedBody)
/* harmony export */ });
/* harmony import */ var _shared_deadline_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(18013);
// HTTP as the edges use it: an answer read whole within a bound in size, and a fetch whose every call (the request
// and the reading of its answer) ends at a bound in time, for the clients that take a fetch of their own (Octokit).

/** An answer's body larger than a reader's bound. */
class AnswerTooLarge extends Error {
    what;
    max;
    status;
    constructor(what, max, status) {
        super(`${what}: the answer is larger than ${max} bytes`);
        this.what = what;
        this.max = max;
        this.status = status;
        this.name = 'AnswerTooLarge';
    }
}
/** Reads a response body, refusing one larger than `max` bytes before it is all in memory. */
async function boundedBody(response, max, what) {
    const declared = Number(response.headers.get('content-length') ?? '');
    if (declared > max) {
        await response.body?.cancel().catch(() => undefined);
        throw new AnswerTooLarge(what, max, response.status);
    }
    if (!response.body)
        return Buffer.alloc(0);
    const chunks = [];
    let size = 0;
    for await (const chunk of response.body) {
        size += chunk.length;
        if (size > max) {
            await response.body.cancel().catch(() => undefined);
            throw new AnswerTooLarge(what, max, response.status);
        }
        chunks.push(Buffer.from(chunk));
    }
    return Buffer.concat(chunks);
}
/** Statuses whose answer has no body (a Response refuses one). */
const BODILESS = new Set([101, 204, 205, 304]);
/**
 * A fetch bounded in time (`ms`, and the caller's own signal) and in size (`maxBytes`): the answer is read whole
 * before it is handed on, so that no reading of it outlives the bound.
 */
function boundedFetch(ms, maxBytes) {
    return (input, init) => (0,_shared_deadline_js__WEBPACK_IMPORTED_MODULE_0__/* .withinDeadline */ .iP)(ms, init?.signal ?? undefined, async (signal) => {
        const response = await fetch(input, { ...init, signal });
        const what = `${init?.method ?? 'GET'} ${new URL(response.url || String(input)).pathname}`;
        const body = BODILESS.has(response.status) ? null : await boundedBody(response, maxBytes, what);
        return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    });
}


/***/ }),

/***/ 93258:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Rq: () => (/* binding */ MIRROR_FILE),
  bB: () => (/* binding */ startLocalBuilder)
});

// UNUSED EXPORTS: LOCAL_BUILDER_NAME, buildkitdConfig, localBuilderProblem, readMirror

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/shared/command-runner.ts
var command_runner = __webpack_require__(50055);
// EXTERNAL MODULE: ./src/system/buildx.ts + 2 modules
var buildx = __webpack_require__(24789);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(77030);
;// CONCATENATED MODULE: ./src/system/daemons.ts
// Daemons a run (the command line's --local-builder) or a test starts and stops itself: Debian's docker-registry
// and buildkitd. Each is started with an argument array, waited for within a bound, and stopped with SIGTERM, then
// SIGKILL when it does not go.




const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
/**
 * A TCP port of 127.0.0.1 that nothing listens on now, for a daemon that must be told its address before it starts
 * (docker-registry takes no port 0). Another process may take it in between: the daemon's start check then fails.
 */
async function freePort() {
    return new Promise((resolve, reject) => {
        const server = (0,external_node_net_.createServer)();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port on 127.0.0.1'))));
        });
    });
}
/** Starts a daemon, keeping the end of what it writes to standard error (for the error when it does not come up). */
function startDaemon(program, args) {
    const child = (0,external_node_child_process_.spawn)(program, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let text = '';
    let failed = false;
    child.stderr?.on('data', (chunk) => (text = (text + chunk.toString()).slice(-4000)));
    // A program that cannot be started is reported by waitUntilReady, not as an unhandled error.
    child.on('error', (error) => {
        failed = true;
        text += `\n${error.message}`;
    });
    return { child, gone: () => failed || child.exitCode !== null || child.signalCode !== null, log: () => text.trim() };
}
/** Waits until `ready` says so; fails, with the daemon's last words, when it is gone first or takes too long. */
async function waitUntilReady(what, daemon, ready) {
    const started = Date.now();
    while (!(await ready())) {
        if (daemon.gone())
            throw new Error(`${what} exited before it was ready: ${daemon.log() || 'no output'}`);
        if (Date.now() - started > START_TIMEOUT_MS)
            throw new Error(`${what} was not ready within ${START_TIMEOUT_MS / 1000} s: ${daemon.log() || 'no output'}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
}
/** Stops a daemon and waits until it is gone: SIGTERM, and SIGKILL when it is still there a while later. */
async function stopDaemon(child) {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined)
        return;
    const exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
}
/** docker-registry's configuration: plain HTTP on 127.0.0.1, filesystem storage, no access log. */
function dockerRegistryConfig(options, host) {
    return [
        'version: 0.1',
        'log:',
        '  level: error',
        '  accesslog:',
        '    disabled: true',
        'storage:',
        '  filesystem:',
        `    rootdirectory: ${options.storage}`,
        ...(options.deletes ? ['  delete:', '    enabled: true'] : []),
        ...(options.readOnly ? ['  maintenance:', '    readonly:', '      enabled: true'] : []),
        'http:',
        `  addr: ${host}`,
        ...(options.auth ? ['auth:', ...options.auth.map((line) => `  ${line}`)] : []),
        ''
    ].join('\n');
}
/** Debian's docker-registry on a free port of 127.0.0.1, once `/v2/` answers (200, or 401 behind a login). */
async function startDockerRegistry(options) {
    const host = `127.0.0.1:${await freePort()}`;
    const config = external_node_path_default().join(options.configDir, 'registry.yml');
    (0,external_node_fs_.writeFileSync)(config, dockerRegistryConfig(options, host));
    const daemon = startDaemon('docker-registry', ['serve', config]);
    const answers = options.auth ? [401] : [200];
    try {
        await waitUntilReady(`docker-registry on ${host}`, daemon, async () => answers.includes((await fetch(`http://${host}/v2/`).catch(() => undefined))?.status ?? 0));
    }
    catch (error) {
        await stopDaemon(daemon.child);
        throw error;
    }
    return { host, child: daemon.child, stop: () => stopDaemon(daemon.child) };
}

;// CONCATENATED MODULE: ./src/system/local-builder.ts
// A BuildKit of the command line's own (`--local-builder`), for a machine with no builder set up: buildkitd and the
// buildx plugin from a toolset directory (scripts/setup.sh unpacks one into .cache/toolsets/newest), started as the
// tests start them (root, its own socket, root directory and config), a remote-driver builder on it in a temporary
// DOCKER_CONFIG, and, where scripts/setup.sh made the example's base images locally (an offline machine), Debian's
// docker-registry serving them as BuildKit's registry mirror for docker.io and mcr.microsoft.com. Everything it
// started is stopped and removed by stop().






/** The builder's name in the temporary DOCKER_CONFIG. */
const LOCAL_BUILDER_NAME = 'velero-local';
/** What scripts/setup.sh writes next to the mirror's storage: which hosts it mirrors and what it holds. */
const MIRROR_FILE = 'mirrors.json';
/** mirrors.json of a mirror directory, checked: hosts are registry host names, images are names. */
function readMirror(dir) {
    const file = external_node_path_default().join(dir, MIRROR_FILE);
    let parsed;
    try {
        parsed = JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8'));
    }
    catch (error) {
        throw new Error(`${file}: not readable JSON (${error.message}); run scripts/setup.sh again`);
    }
    const record = parsed;
    const names = (value, pattern) => Array.isArray(value) && value.every((item) => typeof item === 'string' && pattern.test(item));
    if (!record || !names(record.hosts, /^[a-z0-9.-]+$/) || !names(record.images, /^[a-z0-9./_-]+(:[\w.-]+)?$/)) {
        throw new Error(`${file}: expected {"hosts": [registry host names], "images": [image names]}; run scripts/setup.sh again`);
    }
    return { hosts: record.hosts, images: record.images };
}
/** The buildkitd.toml of the local builder: a cache that is kept, and the mirror (plain HTTP on 127.0.0.1). */
function buildkitdConfig(mirror) {
    const lines = ['[worker.oci]', '  gckeepstorage = 10000000000'];
    if (mirror) {
        for (const host of mirror.hosts)
            lines.push(`[registry."${host}"]`, `  mirrors = ["${mirror.address}"]`);
        lines.push(`[registry."${mirror.address}"]`, '  http = true', '  insecure = true');
    }
    return `${lines.join('\n')}\n`;
}
function onPath(program) {
    return (process.env.PATH ?? '').split(':').some((dir) => dir !== '' && (0,external_node_fs_.existsSync)(external_node_path_default().join(dir, program)));
}
/** Why a local builder cannot start here, naming what is missing; undefined when it can. */
function localBuilderProblem(toolsetDir, uid = process.getuid?.()) {
    const missing = [
        ...((0,external_node_fs_.existsSync)(external_node_path_default().join(toolsetDir, 'bin/buildkitd')) && (0,external_node_fs_.existsSync)(external_node_path_default().join(toolsetDir, 'bin/docker-buildx'))
            ? []
            : [`bin/buildkitd and bin/docker-buildx in ${toolsetDir}`]),
        ...(onPath('runc') ? [] : ['runc on PATH']),
        ...(uid === 0 ? [] : ['root (buildkitd runs as root: use sudo)'])
    ];
    if (missing.length === 0)
        return undefined;
    return `--local-builder: cannot start a BuildKit here: missing ${missing.join(', ')}. Run scripts/setup.sh as root in a checkout (it installs runc and the toolsets), name a directory holding them with --local-builder=DIR, or set up a builder (docker buildx create) and name it with --buildx-instance`;
}
/** Runs a command of the start-up; its failure names it. */
async function run(runner, program, args, env) {
    const result = await runner.run(program, args, { env });
    if (result.exitCode !== 0)
        throw new command_runner/* CommandError */.Q(program, args, result, '; the local builder did not start');
    return result.stdout;
}
async function startLocalBuilder(options) {
    const problem = localBuilderProblem(options.toolsetDir);
    if (problem)
        throw new Error(problem);
    const mirror = options.mirrorDir ? readMirror(options.mirrorDir) : undefined;
    const dir = (0,external_node_fs_.mkdtempSync)(external_node_path_default().join(external_node_os_default().tmpdir(), 'velero-local-builder-'));
    let registry;
    let buildkitd;
    const stop = async () => {
        // buildkitd first: it unmounts its snapshots on SIGTERM, after which its root can be removed.
        if (buildkitd)
            await stopDaemon(buildkitd.child);
        await registry?.stop();
        (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
    };
    try {
        if (mirror && options.mirrorDir) {
            // Read-only: BuildKit pulls through it and never pushes, so the base images stay as scripts/setup.sh made them.
            registry = await startDockerRegistry({ storage: external_node_path_default().join(options.mirrorDir, 'registry'), configDir: dir, readOnly: true });
            options.log.info(`local builder: base images ${mirror.images.join(', ')} served from ${options.mirrorDir} as the mirror of ${mirror.hosts.join(', ')}`);
        }
        const program = external_node_path_default().join(options.toolsetDir, 'bin/buildkitd');
        const config = external_node_path_default().join(dir, 'buildkitd.toml');
        (0,external_node_fs_.writeFileSync)(config, buildkitdConfig(registry && mirror ? { address: registry.host, hosts: mirror.hosts } : undefined));
        const socket = external_node_path_default().join(dir, 'buildkitd.sock');
        // Its own OpenTelemetry socket, or it would take /run/buildkit/otel-grpc.sock of another daemon; 0.11 opens none.
        const minor = Number(/v0\.(\d+)\./.exec(await run(options.runner, program, ['--version'], process.env))?.[1] ?? 0);
        const otel = minor >= 13 ? ['--otel-socket-path', external_node_path_default().join(dir, 'otel.sock')] : [];
        buildkitd = startDaemon(program, ['--root', external_node_path_default().join(dir, 'root'), '--addr', `unix://${socket}`, '--config', config, ...otel]);
        await waitUntilReady(`buildkitd (${program})`, buildkitd, async () => (0,external_node_fs_.existsSync)(socket));
        const dockerConfig = external_node_path_default().join(dir, 'docker');
        (0,external_node_fs_.mkdirSync)(external_node_path_default().join(dockerConfig, 'cli-plugins'), { recursive: true });
        (0,external_node_fs_.symlinkSync)(external_node_path_default().join(options.toolsetDir, 'bin/docker-buildx'), external_node_path_default().join(dockerConfig, 'cli-plugins/docker-buildx'));
        // The user's logins and credential helpers, so that a push from this builder is as theirs would be.
        const userConfig = external_node_path_default().join(options.dockerConfig, 'config.json');
        if ((0,external_node_fs_.existsSync)(userConfig))
            (0,external_node_fs_.copyFileSync)(userConfig, external_node_path_default().join(dockerConfig, 'config.json'));
        const env = { ...process.env, DOCKER_CONFIG: dockerConfig };
        await new buildx/* BuildxCli */.Vy({ runner: options.runner, buildRunner: options.runner, log: options.log, env }).createRemote(LOCAL_BUILDER_NAME, `unix://${socket}`);
        options.log.info(`local builder: buildkitd ${program} on ${socket}, builder ${LOCAL_BUILDER_NAME} (removed when the run ends)`);
        return { name: LOCAL_BUILDER_NAME, dockerConfig, stop };
    }
    catch (error) {
        await stop();
        throw error;
    }
}


/***/ }),

/***/ 1554:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   gl: () => (/* binding */ RegistryError),
/* harmony export */   iB: () => (/* binding */ HttpRegistry)
/* harmony export */ });
/* unused harmony exports endpointOf, parseChallenge */
/* harmony import */ var _shared_references_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(59451);
/* harmony import */ var _shared_deadline_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(18013);
/* harmony import */ var _shared_docker_config_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(96984);
/* harmony import */ var _shared_oci_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(99064);
/* harmony import */ var _shared_retry_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(43091);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(73757);
// The registry's HTTP API, as the action uses it: read a manifest or a blob, put a manifest under a tag or its digest,
// upload or mount a blob, attach a referrer (a signature). Logins are docker's (credentials.ts) and go to two places
// only: the registry's API host, and the token service that host's own challenge names. Redirects are followed here,
// not by fetch: a request that leaves the API host (blob storage, a proxy) carries no login, and a challenge from
// anywhere but the API host is not answered. Every request and the reading of its answer are bounded in time
// (command-timeout) and every answer in size; what is fetched by digest is checked against it; transient faults
// (429, 5xx, a dropped connection) are tried again as a command's are.






/** A registry's refusal or fault, with its status (0: no answer at all). */
class RegistryError extends Error {
    status;
    timedOut;
    constructor(message, status, 
    /** It ran out of time: a PUT may still have been applied. */
    timedOut = false) {
        super(message);
        this.status = status;
        this.timedOut = timedOut;
        this.name = 'RegistryError';
    }
}
/** Where a repository's API is: Docker Hub's names (`velero/velero`, `alpine`) live on registry-1.docker.io. */
function endpointOf(repository) {
    const { host, path } = (0,_shared_references_js__WEBPACK_IMPORTED_MODULE_0__/* .splitRepository */ .T8)(repository);
    if (!(0,_shared_docker_config_js__WEBPACK_IMPORTED_MODULE_2__/* .isDockerHub */ .gr)(host))
        return { host, apiHost: host, path };
    return { host, apiHost: 'registry-1.docker.io', path: path.includes('/') ? path : `library/${path}` };
}
/** An answer read whole within `max` bytes; a larger one is a registry's refusal, named. */
async function boundedBody(response, max, what) {
    return (0,_http_js__WEBPACK_IMPORTED_MODULE_4__/* .boundedBody */ ._j)(response, max, what).catch((error) => {
        throw error instanceof _http_js__WEBPACK_IMPORTED_MODULE_4__/* .AnswerTooLarge */ .UG ? new RegistryError(error.message, error.status) : error;
    });
}
/** `Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:o/r:pull"`. */
function parseChallenge(header) {
    const match = /^\s*(Basic|Bearer)\b\s*(.*)$/i.exec(header);
    if (!match)
        return undefined;
    const params = {};
    for (const part of match[2].matchAll(/([A-Za-z]+)="([^"]*)"/g))
        params[part[1].toLowerCase()] = part[2];
    return { scheme: match[1].toLowerCase(), params };
}
const TRANSIENT_STATUSES = {
    408: 'timeout (408)',
    429: 'rate limited (429)',
    500: 'registry server error (5xx)',
    502: 'registry server error (5xx)',
    503: 'registry server error (5xx)',
    504: 'registry server error (5xx)'
};
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** More redirects than this for one request is a loop (storage behind a CDN takes two at most). */
const MAX_REDIRECTS = 5;
/** A token service's answer, an error's body: small documents. */
const MAX_TOKEN_BYTES = 256 * 1024;
const MAX_SMALL_BYTES = 64 * 1024;
const TLS_FAILURE = /EPROTO|wrong version number|ERR_SSL|ERR_TLS|CERT_|certificate|self.signed/i;
/** True when the host answers the registry API over plain HTTP (to name that as the likely cause of a TLS failure). */
async function answersPlainHttp(host) {
    try {
        return await (0,_shared_deadline_js__WEBPACK_IMPORTED_MODULE_1__/* .withinDeadline */ .iP)(3000, undefined, async (signal) => {
            // A redirect to HTTPS means the registry does not speak plain HTTP.
            const response = await fetch(`http://${host}/v2/`, { redirect: 'manual', signal });
            await response.body?.cancel();
            return response.status === 200 || response.status === 401;
        });
    }
    catch {
        return false;
    }
}
class HttpRegistry {
    options;
    login;
    basic = false;
    tokens = new Map();
    constructor(options) {
        this.options = options;
    }
    get scheme() {
        return this.options.insecure ? 'http' : 'https';
    }
    /** The one origin a login is sent to: the registry's API host (registry-1.docker.io for docker.io). */
    origin(repository) {
        return `${this.scheme}://${endpointOf(repository).apiHost}`;
    }
    url(repository, route) {
        return new URL(`${this.origin(repository)}/v2/${endpointOf(repository).path}/${route}`);
    }
    scope(repository, push) {
        return `repository:${endpointOf(repository).path}:${push ? 'pull,push' : 'pull'}`;
    }
    /** The login, looked up once and only when the registry asks for one. */
    async credentials() {
        if (this.login === undefined)
            this.login = (await this.options.credentials()) ?? null;
        return this.login ?? undefined;
    }
    basicHeader(login) {
        return `Basic ${Buffer.from(`${login.username}:${login.secret}`).toString('base64')}`;
    }
    async authorization(scope) {
        const token = this.tokens.get(scope);
        if (token)
            return `Bearer ${token}`;
        if (this.basic) {
            const login = await this.credentials();
            return login ? this.basicHeader(login) : undefined;
        }
        return undefined;
    }
    /** Answers the API host's challenge: Basic takes the login as it is, Bearer a token from the realm it names. */
    async authenticate(challenge, scope, what) {
        const login = await this.credentials();
        if (challenge.scheme === 'basic') {
            if (!login)
                throw new RegistryError(`${what}: ${this.options.host} asks for a login, and the Docker configuration has none for it; log in first (docker/login-action)`, 401);
            this.basic = true;
            return;
        }
        const realm = challenge.params.realm ?? '';
        let url;
        try {
            url = new URL(realm);
        }
        catch {
            throw new RegistryError(`${what}: ${this.options.host} names a token service that is not a URL (${JSON.stringify(realm).slice(0, 100)})`, 401);
        }
        // A login goes to a token service over HTTPS, on any host the registry names (Docker Hub's is auth.docker.io);
        // over plain HTTP only to the registry's own machine, and only when the registry was declared plain HTTP.
        const registryHostname = new URL(`${this.scheme}://${this.options.host}`).hostname;
        if (url.protocol !== 'https:' && !(url.protocol === 'http:' && this.options.insecure && url.hostname === registryHostname)) {
            throw new RegistryError(`${what}: ${this.options.host} names the token service ${url.origin}, which is not HTTPS${this.options.insecure ? ` on ${registryHostname}` : ''}; no login is sent there`, 401);
        }
        const service = challenge.params.service ?? '';
        const answer = await (0,_shared_deadline_js__WEBPACK_IMPORTED_MODULE_1__/* .withinDeadline */ .iP)(this.options.timeoutSeconds * 1000, this.options.signal, async (signal) => {
            let response;
            if (login?.identityToken) {
                const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: login.secret, service, scope, client_id: 'velero-multiarch-build' });
                response = await fetch(url, { method: 'POST', body, signal, redirect: 'error' });
            }
            else {
                if (service)
                    url.searchParams.set('service', service);
                // Each scope a parameter of its own, as docker asks (a mount reads one repository and writes another).
                for (const one of scope.split(' '))
                    url.searchParams.append('scope', one);
                response = await fetch(url, { headers: login ? { authorization: this.basicHeader(login) } : {}, signal, redirect: 'error' });
            }
            return { status: response.status, ok: response.ok, text: (await boundedBody(response, MAX_TOKEN_BYTES, `${what}: the token service`)).toString() };
        }).catch((error) => {
            if (error instanceof RegistryError)
                throw error;
            const why = (0,_shared_deadline_js__WEBPACK_IMPORTED_MODULE_1__/* .isAbort */ .rV)(error) ? `no answer within command-timeout (${this.options.timeoutSeconds} s)` : error.message;
            throw new RegistryError(`${what}: the token service of ${this.options.host} (${url.origin}): ${why}`, 0, (0,_shared_deadline_js__WEBPACK_IMPORTED_MODULE_1__/* .isAbort */ .rV)(error));
        });
        if (!answer.ok) {
            const who = login ? `the login from ${login.from}` : 'no login (the Docker configuration has none for it)';
            throw new RegistryError(`${what}: the token service of ${this.options.host} answered ${answer.status} for ${scope}, with ${who}${answer.status === 401 ? '; log in first (docker/login-action)' : ''}`, answer.status);
        }
        let token;
        try {
            const parsed = JSON.parse(answer.text);
            token = parsed.token ?? parsed.access_token;
        }
        catch {
            token = undefined;
        }
        if (typeof token !== 'string' || token === '')
            throw new RegistryError(`${what}: the token service of ${this.options.host} answered without a token`, answer.status);
        this.options.mask(token);
        this.tokens.set(scope, token);
    }
    /**
     * One exchange, its redirects followed and its answer read, all within command-timeout. The login goes only to
     * `origin`; a redirect elsewhere is followed without it (blob storage), and never from HTTPS down to plain HTTP.
     */
    async exchange(method, url, origin, init, what) {
        const bound = (0,_shared_deadline_js__WEBPACK_IMPORTED_MODULE_1__/* .deadline */ .nl)(this.options.timeoutSeconds * 1000, this.options.signal);
        try {
            let target = url;
            let verb = method;
            let body = init.body;
            for (let hops = 0;; hops++) {
                const auth = target.origin === origin ? await this.authorization(init.scope) : undefined;
                const headers = { ...init.headers, ...(auth ? { authorization: auth } : {}) };
                const response = await fetch(target, { method: verb, headers, body, signal: bound.signal, redirect: 'manual' });
                const location = REDIRECTS.has(response.status) ? response.headers.get('location') : null;
                if (location === null) {
                    const bytes = verb === 'HEAD' ? Buffer.alloc(0) : await boundedBody(response, init.maxBytes, what);
                    return { answer: { status: response.status, headers: response.headers, bytes, url: target } };
                }
                await response.body?.cancel();
                if (hops >= MAX_REDIRECTS)
                    throw new RegistryError(`${what}: more than ${MAX_REDIRECTS} redirects from ${url.host}`, response.status);
                const next = new URL(location, target);
                if (next.protocol !== 'https:' && !(next.protocol === 'http:' && target.protocol === 'http:'))
                    throw new RegistryError(`${what}: ${target.host} redirects to ${next.origin}, which is not HTTPS; it is not followed`, response.status);
                if (response.status === 303) {
                    verb = 'GET';
                    body = undefined;
                }
                target = next;
            }
        }
        catch (error) {
            if (error instanceof RegistryError)
                throw error;
            const cause = error.cause;
            return {
                error: new Error(cause?.code ? `${cause.code}${cause.message ? `: ${cause.message}` : ''}` : error.message),
                timedOut: (0,_shared_deadline_js__WEBPACK_IMPORTED_MODULE_1__/* .isAbort */ .rV)(error)
            };
        }
        finally {
            bound.end();
        }
    }
    /**
     * One request, with the API host's challenge answered once and transient faults retried. Returns the final
     * answer (any status); throws a RegistryError when no answer came, or when a host other than the registry's asks
     * for a login.
     */
    async request(method, repository, url, init, what) {
        const { apiHost } = endpointOf(repository);
        const origin = this.origin(repository);
        let challenged = false;
        const attempt = async () => {
            let outcome = await this.exchange(method, url, origin, init, what);
            if (outcome.answer?.status === 401 && !challenged) {
                if (outcome.answer.url.origin !== origin)
                    throw this.foreignChallenge(apiHost, outcome.answer.url, what);
                challenged = true;
                const challenge = parseChallenge(outcome.answer.headers.get('www-authenticate') ?? '');
                if (!challenge)
                    throw new RegistryError(`${what}: ${this.options.host} answered 401 without a challenge the action knows (Basic or Bearer)`, 401);
                await this.authenticate(challenge, init.scope, what);
                outcome = await this.exchange(method, url, origin, init, what);
            }
            if (outcome.answer?.status === 401 && outcome.answer.url.origin !== origin)
                throw this.foreignChallenge(apiHost, outcome.answer.url, what);
            return outcome;
        };
        const judge = (outcome) => {
            if (outcome.error) {
                if (this.options.signal?.aborted)
                    return { transient: false, reason: 'the run was cancelled' };
                // A TLS handshake that fails will fail again: a plain-HTTP registry, or a certificate this machine refuses.
                if (TLS_FAILURE.test(outcome.error.message))
                    return { transient: false, reason: `TLS failed (${outcome.error.message})` };
                return { transient: true, reason: outcome.timedOut ? 'no answer within command-timeout' : `connection failed (${outcome.error.message})` };
            }
            const reason = TRANSIENT_STATUSES[outcome.answer.status];
            if (!reason)
                return undefined;
            const after = Number(outcome.answer.headers.get('retry-after') ?? '');
            return { transient: true, reason, ...(Number.isFinite(after) && after > 0 ? { retryAfterSeconds: after } : {}) };
        };
        const { result, attempts } = await (0,_shared_retry_js__WEBPACK_IMPORTED_MODULE_5__/* .retrying */ .R$)(what, attempt, judge, this.options.retry, this.options.log, this.options.signal);
        const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
        if (result.error) {
            const hint = !this.options.insecure && TLS_FAILURE.test(result.error.message) && (await answersPlainHttp(apiHost))
                ? ` (${this.options.host} answers plain HTTP: set insecure-registry: true)`
                : '';
            throw new RegistryError(`${what}: ${result.timedOut ? `no answer within command-timeout (${this.options.timeoutSeconds} s)` : `the registry could not be reached (${result.error.message})`}${tries}${hint}`, 0, result.timedOut);
        }
        if (TRANSIENT_STATUSES[result.answer.status])
            throw new RegistryError(`${what}: the registry answered ${result.answer.status}${tries}`, result.answer.status);
        return result.answer;
    }
    /** A host the registry sent the request to asks for a login: none is sent anywhere but the registry's API host. */
    foreignChallenge(apiHost, where, what) {
        return new RegistryError(`${what}: ${apiHost} sent the request on to ${where.host}, which asks for a login; a login goes to ${apiHost} alone (and the token service its own challenge names), so none was sent. A registry or proxy that redirects its API to another host is not supported: name the registry's own host in image`, 401);
    }
    /** The error of a refused request, with what to do about the common ones. */
    refusal(answer, what) {
        const code = /"code"\s*:\s*"([A-Z_]+)"/.exec(answer.bytes.subarray(0, MAX_SMALL_BYTES).toString())?.[1];
        const hint = answer.status === 401
            ? '; log in to the registry first (docker/login-action)'
            : answer.status === 403
                ? `; the login ${this.login ? `from ${this.login.from} ` : ''}may not do this (on GHCR: permissions packages: write)`
                : '';
        return new RegistryError(`${what}: the registry answered ${answer.status}${code ? ` ${code}` : ''}${hint}`, answer.status);
    }
    async getManifest(repository, reference) {
        const what = `reading ${repository}${reference.startsWith('sha256:') ? '@' : ':'}${reference}`;
        const answer = await this.request('GET', repository, this.url(repository, `manifests/${reference}`), { headers: { accept: _shared_oci_js__WEBPACK_IMPORTED_MODULE_3__/* .MANIFEST_ACCEPT */ .dY }, scope: this.scope(repository, false), maxBytes: _shared_oci_js__WEBPACK_IMPORTED_MODULE_3__/* .MAX_MANIFEST_BYTES */ .ZJ }, what);
        if (answer.status === 404)
            return undefined;
        if (answer.status !== 200)
            throw this.refusal(answer, what);
        const digest = (0,_shared_oci_js__WEBPACK_IMPORTED_MODULE_3__/* .digestOf */ .ol)(answer.bytes);
        if (_shared_oci_js__WEBPACK_IMPORTED_MODULE_3__/* .DIGEST */ .Dh.test(reference) && digest !== reference)
            throw new RegistryError(`${what}: the registry answered a manifest whose digest is ${digest}`, answer.status);
        return { bytes: answer.bytes, digest, contentType: (answer.headers.get('content-type') ?? '').split(';')[0].trim() };
    }
    async getBlob(repository, digest, maxBytes) {
        const what = `reading blob ${digest} of ${repository}`;
        const answer = await this.request('GET', repository, this.url(repository, `blobs/${digest}`), { scope: this.scope(repository, false), maxBytes }, what);
        if (answer.status !== 200)
            throw this.refusal(answer, what);
        if ((0,_shared_oci_js__WEBPACK_IMPORTED_MODULE_3__/* .digestOf */ .ol)(answer.bytes) !== digest)
            throw new RegistryError(`${what}: the registry answered a blob whose digest is ${(0,_shared_oci_js__WEBPACK_IMPORTED_MODULE_3__/* .digestOf */ .ol)(answer.bytes)}`, answer.status);
        return answer.bytes;
    }
    /** Puts a manifest; the answer's headers say whether the registry took its subject (OCI-Subject). */
    async putManifestAnswer(repository, reference, bytes, mediaType) {
        const digest = (0,_shared_oci_js__WEBPACK_IMPORTED_MODULE_3__/* .digestOf */ .ol)(bytes);
        const what = `pushing ${repository}${reference.startsWith('sha256:') ? '@' : ':'}${reference}`;
        const answer = await this.request('PUT', repository, this.url(repository, `manifests/${reference}`), { body: bytes, headers: { 'content-type': mediaType }, scope: this.scope(repository, true), maxBytes: MAX_SMALL_BYTES }, what);
        if (answer.status !== 201 && answer.status !== 200)
            throw this.refusal(answer, what);
        const stored = answer.headers.get('docker-content-digest');
        if (stored && stored !== digest)
            throw new RegistryError(`${what}: the registry says it stored ${stored}, not ${digest}`, answer.status);
        return answer;
    }
    async putManifest(repository, reference, bytes, mediaType) {
        await this.putManifestAnswer(repository, reference, bytes, mediaType);
        return (0,_shared_oci_js__WEBPACK_IMPORTED_MODULE_3__/* .digestOf */ .ol)(bytes);
    }
    async hasBlob(repository, digest) {
        const what = `looking for blob ${digest} in ${repository}`;
        const answer = await this.request('HEAD', repository, this.url(repository, `blobs/${digest}`), { scope: this.scope(repository, true), maxBytes: 0 }, what);
        if (answer.status === 404)
            return false;
        if (answer.status !== 200)
            throw this.refusal(answer, what);
        return true;
    }
    /** Where an upload session continues: its Location, relative to the API host or absolute (a login goes to the API host only). */
    uploadLocation(answer, what) {
        const location = answer.headers.get('location');
        if (!location)
            throw new RegistryError(`${what}: the registry opened an upload without saying where it continues (no Location)`, answer.status);
        const url = new URL(location, answer.url);
        if (url.protocol !== answer.url.protocol)
            throw new RegistryError(`${what}: the registry continues the upload at ${url.origin}, another scheme than its own`, answer.status);
        return url;
    }
    async pushBlob(repository, bytes) {
        const digest = (0,_shared_oci_js__WEBPACK_IMPORTED_MODULE_3__/* .digestOf */ .ol)(bytes);
        if (await this.hasBlob(repository, digest))
            return digest;
        const what = `uploading blob ${digest} to ${repository}`;
        const scope = this.scope(repository, true);
        const opened = await this.request('POST', repository, this.url(repository, 'blobs/uploads/'), { scope, maxBytes: MAX_SMALL_BYTES }, what);
        if (opened.status !== 202)
            throw this.refusal(opened, what);
        const session = this.uploadLocation(opened, what);
        session.searchParams.set('digest', digest);
        const headers = { 'content-type': 'application/octet-stream' };
        const closed = await this.request('PUT', repository, session, { body: bytes, headers, scope, maxBytes: MAX_SMALL_BYTES }, what);
        if (closed.status !== 201)
            throw this.refusal(closed, what);
        const stored = closed.headers.get('docker-content-digest');
        if (stored && stored !== digest)
            throw new RegistryError(`${what}: the registry says it stored ${stored}, not ${digest}`, closed.status);
        return digest;
    }
    async mountBlob(repository, digest, from) {
        if (!_shared_oci_js__WEBPACK_IMPORTED_MODULE_3__/* .DIGEST */ .Dh.test(digest))
            throw new Error(`internal: ${digest} is not a digest`);
        if (endpointOf(from).apiHost !== endpointOf(repository).apiHost)
            return false;
        const what = `mounting blob ${digest} of ${from} in ${repository}`;
        const url = this.url(repository, 'blobs/uploads/');
        url.searchParams.set('mount', digest);
        url.searchParams.set('from', endpointOf(from).path);
        const scope = `${this.scope(repository, true)} ${this.scope(from, false)}`;
        const answer = await this.request('POST', repository, url, { scope, maxBytes: MAX_SMALL_BYTES }, what);
        if (answer.status === 201)
            return true;
        if (answer.status !== 202)
            throw this.refusal(answer, what);
        // The registry opened an upload instead: it is closed unused, and the caller uploads the bytes.
        await this.request('DELETE', repository, this.uploadLocation(answer, what), { scope, maxBytes: MAX_SMALL_BYTES }, what).catch(() => undefined);
        return false;
    }
    async pushReferrer(repository, subject, artifact) {
        await this.pushBlob(repository, artifact.bytes);
        await this.pushBlob(repository, _shared_oci_js__WEBPACK_IMPORTED_MODULE_3__/* .EMPTY_CONFIG */ .$v);
        const manifest = (0,_shared_oci_js__WEBPACK_IMPORTED_MODULE_3__/* .referrerManifest */ .Dq)(subject, artifact);
        const digest = (0,_shared_oci_js__WEBPACK_IMPORTED_MODULE_3__/* .digestOf */ .ol)(manifest);
        const answer = await this.putManifestAnswer(repository, digest, manifest, _shared_oci_js__WEBPACK_IMPORTED_MODULE_3__/* .MEDIA_TYPES */ .Z2.ociManifest);
        // A registry with the referrers API says so by naming the subject it recorded; others need the fallback tag.
        if (answer.headers.get('oci-subject') === subject.digest)
            return digest;
        const entry = {
            mediaType: _shared_oci_js__WEBPACK_IMPORTED_MODULE_3__/* .MEDIA_TYPES */ .Z2.ociManifest,
            digest,
            size: manifest.length,
            artifactType: artifact.artifactType,
            annotations: artifact.annotations
        };
        await this.addToReferrersTag(repository, subject.digest, entry);
        return digest;
    }
    /**
     * Adds a referrer to the index under the fallback tag: read, add, put, and read again, since another run may
     * have put its own index in between (the last writer wins); tried a few times before giving up, naming the tag.
     */
    async addToReferrersTag(repository, subject, entry) {
        const tag = (0,_shared_oci_js__WEBPACK_IMPORTED_MODULE_3__/* .referrersTag */ .LN)(subject);
        for (let tries = 1;; tries++) {
            const held = await this.getManifest(repository, tag);
            const index = (0,_shared_oci_js__WEBPACK_IMPORTED_MODULE_3__/* .withReferrer */ .Me)(held?.bytes, entry, `${repository}:${tag}`);
            if (!index)
                return;
            await this.putManifest(repository, tag, index, _shared_oci_js__WEBPACK_IMPORTED_MODULE_3__/* .MEDIA_TYPES */ .Z2.ociIndex);
            if (tries >= 3) {
                const now = await this.getManifest(repository, tag);
                if (!(0,_shared_oci_js__WEBPACK_IMPORTED_MODULE_3__/* .withReferrer */ .Me)(now?.bytes, entry, `${repository}:${tag}`))
                    return;
                throw new RegistryError(`attaching ${entry.digest} under ${repository}:${tag}: another writer replaced the index ${tries} times`, 0);
            }
        }
    }
    async getReferrers(repository, digest) {
        if (!_shared_oci_js__WEBPACK_IMPORTED_MODULE_3__/* .DIGEST */ .Dh.test(digest))
            throw new Error(`internal: ${digest} is not a digest`);
        const what = `reading the referrers of ${repository}@${digest}`;
        const answer = await this.request('GET', repository, this.url(repository, `referrers/${digest}`), { headers: { accept: _shared_oci_js__WEBPACK_IMPORTED_MODULE_3__/* .MEDIA_TYPES */ .Z2.ociIndex }, scope: this.scope(repository, false), maxBytes: _shared_oci_js__WEBPACK_IMPORTED_MODULE_3__/* .MAX_MANIFEST_BYTES */ .ZJ }, what);
        let index;
        // A registry without the API answers 404 (GHCR, distribution 2.8) or 400 and another document: the fallback tag.
        if (answer.status === 200 && (answer.headers.get('content-type') ?? '').startsWith(_shared_oci_js__WEBPACK_IMPORTED_MODULE_3__/* .MEDIA_TYPES */ .Z2.ociIndex))
            index = answer.bytes;
        else if (!(answer.status === 200 || answer.status === 404 || answer.status === 400 || answer.status === 405))
            throw this.refusal(answer, what);
        if (!index)
            index = (await this.getManifest(repository, (0,_shared_oci_js__WEBPACK_IMPORTED_MODULE_3__/* .referrersTag */ .LN)(digest)))?.bytes;
        if (!index)
            return [];
        const parsed = (0,_shared_oci_js__WEBPACK_IMPORTED_MODULE_3__/* .parseManifest */ .Ng)(index, what);
        return parsed.kind === 'index' ? parsed.index.manifests : [];
    }
}


/***/ }),

/***/ 63439:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Si: () => (/* binding */ ProcessRunner),
/* harmony export */   Y3: () => (/* binding */ boundedRunner)
/* harmony export */ });
/* unused harmony exports GRACE_SECONDS, DRAIN_MS, MAX_OUTPUT_CHARS, COMMAND_MARK */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(31421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_string_decoder__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(46193);
/* harmony import */ var node_string_decoder__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_string_decoder__WEBPACK_IMPORTED_MODULE_3__);
// The process runner behind every command the action starts (shared/command-runner.ts is its interface): a program
// and an argument array, never a shell. Each child leads its own process group, so that stopping it also stops
// what it started (docker starts the docker-buildx plugin as a process of its own). A command ends when its
// process exits: what it started may hold its output open after that (a process that left the group with setsid),
// so the output is read for a bounded time more, and then no longer waited for; a stopped command's descendants are
// found by a mark in their environment (COMMAND_MARK) and killed.




/** How long a stopped process has between SIGTERM and SIGKILL: `docker manifest push` to a silent registry ignores SIGTERM. */
const GRACE_SECONDS = 5;
/** How long the output of a command that exited is still read, for what its pipes hold yet. */
const DRAIN_MS = 500;
/** What is kept of a command's output: registry answers are small, and one that is not must not fill the memory. */
const MAX_OUTPUT_CHARS = 16 * 1024 * 1024;
function lineSplitter(emit) {
    let pending = '';
    return {
        push(chunk) {
            pending += chunk;
            const lines = pending.split(/\r?\n/);
            pending = lines.pop() ?? '';
            for (const line of lines)
                emit(line);
        },
        end() {
            if (pending !== '')
                emit(pending);
            pending = '';
        }
    };
}
/**
 * Sends a signal to a child's whole process group, also when the child itself has exited: what it started may
 * outlive it and hold its output open (docker ends on SIGTERM, the plugin or a wrapped docker it runs may not). A
 * group that is gone already is no error.
 */
function signalGroup(child, signal) {
    if (child.pid === undefined)
        return;
    try {
        process.kill(-child.pid, signal);
    }
    catch {
        // already gone
    }
}
/** Marks every process a command starts, its descendants too (they inherit it), so that they can be found. */
const COMMAND_MARK = 'VELERO_MULTIARCH_COMMAND';
/**
 * Kills what is left of a stopped command: the processes that carry its mark, among them those that left its process
 * group (setsid), which signalling the group missed. Only where /proc tells (Linux); best effort.
 */
function killMarked(mark) {
    const wanted = `${COMMAND_MARK}=${mark}`;
    let pids;
    try {
        pids = (0,node_fs__WEBPACK_IMPORTED_MODULE_2__.readdirSync)('/proc').filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid);
    }
    catch {
        return;
    }
    for (const pid of pids) {
        try {
            if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_2__.readFileSync)(`/proc/${pid}/environ`, 'latin1').split('\0').includes(wanted))
                continue;
            process.kill(Number(pid), 'SIGKILL');
        }
        catch {
            // gone meanwhile, or not ours to read or kill
        }
    }
}
/** The runner of every command: its own process group per child, a bound in time, and stopping on a signal. */
class ProcessRunner {
    /** Every command running, with its mark. */
    children = new Map();
    /** Kills every command still running, at once, and what it started (the command line's second signal). */
    killAll() {
        for (const [child, mark] of this.children) {
            signalGroup(child, 'SIGKILL');
            killMarked(mark);
        }
    }
    run(program, args, options = {}) {
        return new Promise((resolve, reject) => {
            const mark = (0,node_crypto__WEBPACK_IMPORTED_MODULE_1__.randomUUID)();
            const env = { ...(options.env ?? process.env), [COMMAND_MARK]: mark };
            const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(program, args, { cwd: options.cwd, env, stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], detached: true });
            this.children.set(child, mark);
            if (options.input !== undefined && child.stdin) {
                // A program that exits without reading is no error of ours.
                child.stdin.on('error', () => undefined);
                child.stdin.end(options.input);
            }
            const output = { stdout: '', stderr: '' };
            const splitters = { stdout: lineSplitter((line) => options.onLine?.(line, 'stdout')), stderr: lineSplitter((line) => options.onLine?.(line, 'stderr')) };
            for (const stream of ['stdout', 'stderr']) {
                // A character may be split between two chunks.
                const decoder = new node_string_decoder__WEBPACK_IMPORTED_MODULE_3__.StringDecoder('utf8');
                child[stream]?.on('data', (chunk) => {
                    const text = decoder.write(chunk);
                    if (output[stream].length < MAX_OUTPUT_CHARS)
                        output[stream] += text.slice(0, MAX_OUTPUT_CHARS - output[stream].length);
                    splitters[stream].push(text);
                });
            }
            let timedOut = false;
            let stopped = false;
            let kill;
            let drain;
            const stop = () => {
                stopped = true;
                signalGroup(child, 'SIGTERM');
                kill ??= setTimeout(() => signalGroup(child, 'SIGKILL'), GRACE_SECONDS * 1000);
            };
            const bound = options.timeoutSeconds === undefined
                ? undefined
                : setTimeout(() => {
                    timedOut = true;
                    stop();
                }, options.timeoutSeconds * 1000);
            if (options.signal?.aborted)
                stop();
            options.signal?.addEventListener('abort', stop, { once: true });
            let done = false;
            /** Once, whichever comes first (exit, or a failure to start): the command's timers and listeners go. */
            const settle = () => {
                if (done)
                    return false;
                done = true;
                this.children.delete(child);
                clearTimeout(bound);
                clearTimeout(drain);
                options.signal?.removeEventListener('abort', stop);
                return true;
            };
            const finish = (code, signal) => {
                if (!settle())
                    return;
                // A process the command started may still hold the pipes: stop reading them, and when the command was
                // stopped, kill what carries its mark (it outlived the bound); the rest of its group still gets SIGKILL at
                // the end of the grace, without the action waiting for it.
                if (stopped) {
                    killMarked(mark);
                    kill?.unref();
                }
                else {
                    clearTimeout(kill);
                }
                child.stdout?.destroy();
                child.stderr?.destroy();
                splitters.stdout.end();
                splitters.stderr.end();
                resolve({ exitCode: code ?? (signal ? 128 : 1), ...output, ...(timedOut ? { timedOut } : {}) });
            };
            child.on('error', (error) => {
                if (!settle())
                    return;
                clearTimeout(kill);
                reject(new Error(`could not start ${program}: ${error.message}`));
            });
            // The command is over when its process exits; its output, once the pipes close, or DRAIN_MS later.
            child.on('exit', (code, signal) => {
                drain = setTimeout(() => finish(code, signal), DRAIN_MS);
            });
            child.on('close', (code, signal) => finish(code, signal));
        });
    }
}
/** A runner whose every command is bounded by `seconds` and stopped when `signal` aborts, unless told otherwise. */
function boundedRunner(runner, seconds, signal) {
    return { run: (program, args, options = {}) => runner.run(program, args, { timeoutSeconds: seconds, signal, ...options }) };
}


/***/ }),

/***/ 65955:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L8: () => (/* binding */ SigstoreServices),
/* harmony export */   NV: () => (/* binding */ BUNDLE_MEDIA_TYPE),
/* harmony export */   WG: () => (/* binding */ DrySigstore),
/* harmony export */   YD: () => (/* binding */ SLSA_PROVENANCE)
/* harmony export */ });
/* unused harmony export verifyBundle */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);

const BUNDLE_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
const SLSA_PROVENANCE = 'https://slsa.dev/provenance/v1';
/** A trusted root names a few keys and certificates: a file far larger is not one. */
const MAX_TRUSTED_ROOT_BYTES = 1024 * 1024;
/** Sigstore's own clients, each request bounded by `timeoutMs` (command-timeout). */
class SigstoreServices {
    timeoutMs;
    constructor(timeoutMs) {
        this.timeoutMs = timeoutMs;
    }
    async readTrustedRootFile(file) {
        const { TrustedRoot } = await __webpack_require__.e(/* import() */ 654).then(__webpack_require__.t.bind(__webpack_require__, 19654, 23));
        const where = `SIGSTORE_TRUSTED_ROOT (${file})`;
        const size = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.stat)(file).catch((error) => {
            throw new Error(`${where} cannot be read: ${error.message}`);
        })).size;
        if (size > MAX_TRUSTED_ROOT_BYTES)
            throw new Error(`${where} is ${size} bytes; a trusted_root.json is at most ${MAX_TRUSTED_ROOT_BYTES}`);
        try {
            const root = TrustedRoot.fromJSON(JSON.parse(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(file, 'utf8')));
            if (root.certificateAuthorities.length === 0)
                throw new Error('it names no certificate authority');
            return root;
        }
        catch (error) {
            throw new Error(`${where} is not a Sigstore trusted root: ${error.message}`);
        }
    }
    async trustedRoot(instance, ghTrustedRoots) {
        if (instance.trustedRootFile)
            return this.readTrustedRootFile(instance.trustedRootFile);
        if (instance.name === 'public-good')
            return (await Promise.all(/* import() */[__webpack_require__.e(654), __webpack_require__.e(335), __webpack_require__.e(694)]).then(__webpack_require__.bind(__webpack_require__, 84423))).getTrustedRoot({ timeout: this.timeoutMs, retry: 2 });
        const { TrustedRoot } = await __webpack_require__.e(/* import() */ 654).then(__webpack_require__.t.bind(__webpack_require__, 19654, 23));
        const fulcioHost = new URL(instance.fulcio).host;
        const roots = (await ghTrustedRoots())
            .split('\n')
            .filter((line) => line.trim() !== '')
            .map((line) => TrustedRoot.fromJSON(JSON.parse(line)));
        const root = roots.find((r) => r.certificateAuthorities.some((ca) => ca.uri.includes(fulcioHost)));
        if (!root)
            throw new Error(`gh attestation trusted-root printed no trusted root for ${instance.fulcio}; set SIGSTORE_TRUSTED_ROOT to its trusted_root.json`);
        return root;
    }
    async sign(statement, instance, token) {
        const { DSSEBundleBuilder, FulcioSigner, RekorWitness, TSAWitness } = await Promise.all(/* import() */[__webpack_require__.e(654), __webpack_require__.e(463), __webpack_require__.e(335), __webpack_require__.e(179)]).then(__webpack_require__.bind(__webpack_require__, 15179));
        const { bundleToJSON } = await Promise.all(/* import() */[__webpack_require__.e(654), __webpack_require__.e(40)]).then(__webpack_require__.bind(__webpack_require__, 61040));
        const timeout = this.timeoutMs;
        const witnesses = [
            ...(instance.rekor ? [new RekorWitness({ rekorBaseURL: instance.rekor, fetchOnConflict: true, timeout, retry: 2 })] : []),
            ...(instance.tsa ? [new TSAWitness({ tsaBaseURL: instance.tsa, timeout, retry: 2 })] : [])
        ];
        const signer = new FulcioSigner({ identityProvider: { getToken: async () => token }, fulcioBaseURL: instance.fulcio, timeout, retry: 2 });
        const builder = new DSSEBundleBuilder({ signer, witnesses });
        return bundleToJSON(await builder.create({ data: Buffer.from(JSON.stringify(statement)), type: 'application/vnd.in-toto+json' }));
    }
    verify(bundle, root, instance, expected) {
        return verifyBundle(bundle, root, instance, expected);
    }
}
/** What `verify` checks, as a function of its own: tests of the checks call it with crafted bundles. */
async function verifyBundle(bundle, root, instance, expected) {
    const { Verifier, toSignedEntity, toTrustMaterial } = await Promise.all(/* import() */[__webpack_require__.e(654), __webpack_require__.e(463), __webpack_require__.e(187)]).then(__webpack_require__.bind(__webpack_require__, 54187));
    const { bundleFromJSON } = await Promise.all(/* import() */[__webpack_require__.e(654), __webpack_require__.e(40)]).then(__webpack_require__.bind(__webpack_require__, 61040));
    const verifier = new Verifier(toTrustMaterial(root), {
        tlogThreshold: instance.rekor ? 1 : 0,
        // GitHub's Fulcio logs its certificates in no CT log; others embed the log's timestamp in each certificate.
        ctlogThreshold: instance.name !== 'github' && root.ctlogs.length > 0 ? 1 : 0,
        timestampThreshold: instance.tsa ? 1 : 0
    });
    const signer = verifier.verify(toSignedEntity(bundleFromJSON(bundle)));
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
/** Sigstore as a dry run has it: nothing signed (a bundle without a signature stands for one); the log says what would be. */
class DrySigstore {
    log;
    constructor(log) {
        this.log = log;
    }
    async trustedRoot() {
        return { certificateAuthorities: [], ctlogs: [], tlogs: [], timestampAuthorities: [] };
    }
    async sign(statement) {
        const subject = statement.subject?.[0];
        this.log.info(`dry run: would sign ${subject?.name ?? 'the image'}@sha256:${subject?.digest?.sha256 ?? ''}, record and attach the bundle`);
        return {
            mediaType: BUNDLE_MEDIA_TYPE,
            verificationMaterial: { tlogEntries: [], timestampVerificationData: { rfc3161Timestamps: [] } },
            dsseEnvelope: { payload: Buffer.from(JSON.stringify(statement)).toString('base64'), payloadType: 'application/vnd.in-toto+json', signatures: [] }
        };
    }
    async verify() { }
}


/***/ })

};
