export const id = 57;
export const ids = [57];
export const modules = {

/***/ 23688:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.HEADER_OCI_SUBJECT = exports.HEADER_LOCATION = exports.HEADER_IF_MATCH = exports.HEADER_ETAG = exports.HEADER_DIGEST = exports.HEADER_CONTENT_TYPE = exports.HEADER_CONTENT_LENGTH = exports.HEADER_AUTHORIZATION = exports.HEADER_AUTHENTICATE = exports.HEADER_API_VERSION = exports.HEADER_ACCEPT = exports.CONTENT_TYPE_EMPTY_DESCRIPTOR = exports.CONTENT_TYPE_OCTET_STREAM = exports.CONTENT_TYPE_DOCKER_MANIFEST_LIST = exports.CONTENT_TYPE_DOCKER_MANIFEST = exports.CONTENT_TYPE_OCI_MANIFEST = exports.CONTENT_TYPE_OCI_INDEX = void 0;
/*
Copyright 2023 The Sigstore Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/
exports.CONTENT_TYPE_OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
exports.CONTENT_TYPE_OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
exports.CONTENT_TYPE_DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
exports.CONTENT_TYPE_DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
exports.CONTENT_TYPE_OCTET_STREAM = 'application/octet-stream';
exports.CONTENT_TYPE_EMPTY_DESCRIPTOR = 'application/vnd.oci.empty.v1+json';
exports.HEADER_ACCEPT = 'Accept';
exports.HEADER_API_VERSION = 'Docker-Distribution-API-Version';
exports.HEADER_AUTHENTICATE = 'WWW-Authenticate';
exports.HEADER_AUTHORIZATION = 'Authorization';
exports.HEADER_CONTENT_LENGTH = 'Content-Length';
exports.HEADER_CONTENT_TYPE = 'Content-Type';
exports.HEADER_DIGEST = 'Docker-Content-Digest';
exports.HEADER_ETAG = 'Etag';
exports.HEADER_IF_MATCH = 'If-Match';
exports.HEADER_LOCATION = 'Location';
exports.HEADER_OCI_SUBJECT = 'OCI-Subject';


/***/ }),

/***/ 62691:
/***/ (function(__unused_webpack_module, exports, __webpack_require__) {


var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.fromBasicAuth = exports.toBasicAuth = exports.getRegistryCredentials = void 0;
/*
Copyright 2023 The Sigstore Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/
const node_fs_1 = __importDefault(__webpack_require__(73024));
const node_os_1 = __importDefault(__webpack_require__(48161));
const node_path_1 = __importDefault(__webpack_require__(76760));
const name_1 = __webpack_require__(96666);
// Well-known aliases for the Docker Hub registry. Docker stores Hub
// credentials under a handful of different keys depending on how the user
// authenticated, so they all need to canonicalize to the same host.
const DOCKER_HUB_ALIASES = new Set([
    'docker.io',
    'index.docker.io',
    'registry-1.docker.io',
]);
// Canonicalizes a registry hostname or a Docker config auth key to a
// comparable host[:port] value by stripping any scheme/path and normalizing
// the well-known Docker Hub aliases.
const canonicalizeRegistry = (value) => {
    // Strip the scheme (e.g. "https://") if present.
    let host = value.replace(/^https?:\/\//, '');
    // Strip any path/query (everything after the first '/').
    host = host.split('/')[0];
    return DOCKER_HUB_ALIASES.has(host) ? 'docker.io' : host;
};
// Returns the credentials for a given registry by reading the Docker config
// file.
const getRegistryCredentials = (imageName) => {
    const { registry } = (0, name_1.parseImageName)(imageName);
    const dockerConfigFile = node_path_1.default.join(node_os_1.default.homedir(), '.docker', 'config.json');
    let content;
    try {
        content = node_fs_1.default.readFileSync(dockerConfigFile, 'utf8');
    }
    catch (err) {
        throw new Error(`No credential file found at ${dockerConfigFile}`, {
            cause: err,
        });
    }
    const dockerConfig = JSON.parse(content);
    // Select the credential whose registry canonicalizes to exactly the target
    // registry. Exact (rather than substring) matching is required to avoid
    // sending credentials configured for one registry to a different registry
    // whose name happens to be a substring of the configured key.
    const target = canonicalizeRegistry(registry);
    const credKey = Object.keys(dockerConfig.auths || {}).find((key) => canonicalizeRegistry(key) === target);
    const creds = credKey ? dockerConfig.auths?.[credKey] : undefined;
    if (!creds) {
        throw new Error(`No credentials found for registry ${registry}`);
    }
    // Extract username/password from auth string
    const { username, password } = (0, exports.fromBasicAuth)(creds.auth);
    // If the identitytoken is present, use it as the password (primarily for ACR)
    const pass = creds.identitytoken ? creds.identitytoken : password;
    return { headers: dockerConfig.HttpHeaders, username, password: pass };
};
exports.getRegistryCredentials = getRegistryCredentials;
// Encode the username and password as base64-encoded basicauth value
const toBasicAuth = (creds) => Buffer.from(`${creds.username}:${creds.password}`).toString('base64');
exports.toBasicAuth = toBasicAuth;
// Decode the base64-encoded basicauth value
const fromBasicAuth = (auth) => {
    // Need to account for the possibility of ':' in the password
    const [username, ...rest] = Buffer.from(auth, 'base64').toString().split(':');
    const password = rest.join(':');
    return { username, password };
};
exports.fromBasicAuth = fromBasicAuth;


/***/ }),

/***/ 46803:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.OCIError = exports.ensureStatus = exports.HTTPError = void 0;
class HTTPError extends Error {
    statusCode;
    constructor({ status, message }) {
        super(message);
        this.statusCode = status;
    }
}
exports.HTTPError = HTTPError;
// Inspects the response status and throws an HTTPError if it does not match the
// expected status code
const ensureStatus = (expectedStatus) => {
    return (response) => {
        if (response.status !== expectedStatus) {
            throw new HTTPError({
                message: `Error fetching ${response.url} - expected ${expectedStatus}, received ${response.status}`,
                status: response.status,
            });
        }
        return response;
    };
};
exports.ensureStatus = ensureStatus;
class OCIError extends Error {
    cause; /* eslint-disable-line @typescript-eslint/no-explicit-any */
    constructor({ message, cause, }) {
        super(message);
        this.cause = cause;
        this.name = this.constructor.name;
    }
}
exports.OCIError = OCIError;


/***/ }),

/***/ 32721:
/***/ (function(__unused_webpack_module, exports, __webpack_require__) {


var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", ({ value: true }));
/*
Copyright 2024 The Sigstore Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/
const http2_1 = __webpack_require__(85675);
const make_fetch_happen_1 = __importDefault(__webpack_require__(39310));
const proc_log_1 = __webpack_require__(26687);
const promise_retry_1 = __webpack_require__(49498);
const { HTTP_STATUS_INTERNAL_SERVER_ERROR, HTTP_STATUS_TOO_MANY_REQUESTS, HTTP_STATUS_REQUEST_TIMEOUT, } = http2_1.constants;
const fetchWithRetry = async (url, options = {}) => {
    return (0, promise_retry_1.promiseRetry)(async (retry, attemptNum) => {
        /* eslint-disable @typescript-eslint/no-explicit-any */
        const logRetry = (reason) => {
            proc_log_1.log.http('fetch', `${options.method} ${url} attempt ${attemptNum} failed with ${reason}`);
        };
        const response = await (0, make_fetch_happen_1.default)(url, {
            ...options,
            retry: false, // We're handling retries ourselves
        }).catch((reason) => {
            logRetry(reason);
            return retry(reason);
        });
        if (retryable(response.status)) {
            logRetry(response.status);
            return retry(response);
        }
        return response;
    }, retryOpts(options.retry)).catch((err) => {
        // If we got an actual error, throw it
        if (err instanceof Error) {
            throw err;
        }
        // Otherwise, return the response (this is simply a retry-able response for
        // which we exceeded the retry limit)
        return err;
    });
};
// Returns a wrapped fetch function with default options
fetchWithRetry.defaults = (defaultOptions = {}, wrappedFetch = fetchWithRetry) => {
    const defaultedFetch = (url, options = {}) => {
        const finalOptions = {
            ...defaultOptions,
            ...options,
            headers: { ...defaultOptions.headers, ...options.headers },
        };
        return wrappedFetch(url, finalOptions);
    };
    defaultedFetch.defaults = (newDefaults = {}) => fetchWithRetry.defaults(newDefaults, defaultedFetch);
    return defaultedFetch;
};
// Determine if a status code is retryable. This includes 5xx errors, 408, and
// 429.
const retryable = (status) => [HTTP_STATUS_REQUEST_TIMEOUT, HTTP_STATUS_TOO_MANY_REQUESTS].includes(status) || status >= HTTP_STATUS_INTERNAL_SERVER_ERROR;
// Normalize the retry options to the format expected by promise-retry
const retryOpts = (retry) => {
    if (typeof retry === 'boolean') {
        return { retries: retry ? 1 : 0 };
    }
    else if (typeof retry === 'number') {
        return { retries: retry };
    }
    else {
        return { retries: 0, ...retry };
    }
};
exports["default"] = fetchWithRetry;


/***/ }),

/***/ 19812:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.OCIImage = void 0;
/*
Copyright 2023 The Sigstore Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/
const constants_1 = __webpack_require__(23688);
const error_1 = __webpack_require__(46803);
const registry_1 = __webpack_require__(22138);
const DOCKER_DEFAULT_REGISTRY = 'registry-1.docker.io';
const EMPTY_BLOB = Buffer.from('{}');
class OCIImage {
    #client;
    #credentials;
    constructor(image, creds, opts) {
        this.#client = new registry_1.RegistryClient(canonicalizeRegistryName(image.registry), image.path, opts);
        this.#credentials = creds;
    }
    async addArtifact(opts) {
        let artifactDescriptor;
        const annotations = {
            'org.opencontainers.image.created': new Date().toISOString(),
            ...opts.annotations,
        };
        try {
            /* istanbul ignore else */
            if (this.#credentials) {
                await this.#client.signIn(this.#credentials);
            }
            // Check that the image exists
            const imageDescriptor = await this.#client.checkManifest(opts.imageDigest);
            // Upload the artifact blob
            const artifactBlob = await this.#client.uploadBlob(opts.artifact);
            // Upload the empty blob (needed for the manifest config)
            const emptyBlob = await this.#client.uploadBlob(EMPTY_BLOB);
            // Construct artifact manifest
            const manifest = buildManifest({
                artifactDescriptor: { ...artifactBlob, mediaType: opts.mediaType },
                subjectDescriptor: imageDescriptor,
                configDescriptor: {
                    ...emptyBlob,
                    mediaType: constants_1.CONTENT_TYPE_EMPTY_DESCRIPTOR,
                },
                annotations,
            });
            // Upload artifact manifest
            artifactDescriptor = await this.#client.uploadManifest(JSON.stringify(manifest));
            // Check to see if registry supports the referrers API. For most
            // registries the presence of a subjectDigest response header when
            // uploading the artifact manifest indicates that the referrers API IS
            // supported -- however, this is not a guarantee (AWS ECR does NOT support
            // the referrers API but still reports a subjectDigest).
            const referrersSupported = await this.#client.pingReferrers();
            // Manually update the referrers list if the referrers API is not supported.
            if (!artifactDescriptor.subjectDigest || !referrersSupported) {
                // Strip subjectDigest from the artifact descriptor (in case it was returned)
                /* eslint-disable-next-line @typescript-eslint/no-unused-vars */
                const { subjectDigest, ...descriptor } = artifactDescriptor;
                await this.#createReferrersIndexByTag({
                    artifact: {
                        ...descriptor,
                        artifactType: opts.mediaType,
                        annotations,
                    },
                    imageDigest: opts.imageDigest,
                });
            }
        }
        catch (err) {
            throw new error_1.OCIError({
                message: `Error uploading artifact to container registry`,
                cause: err,
            });
        }
        return artifactDescriptor;
    }
    async getDigest(tag) {
        try {
            /* istanbul ignore else */
            if (this.#credentials) {
                await this.#client.signIn(this.#credentials);
            }
            const imageDescriptor = await this.#client.checkManifest(tag);
            return imageDescriptor.digest;
        }
        catch (err) {
            throw new error_1.OCIError({
                message: `Error retrieving image digest from container registry`,
                cause: err,
            });
        }
    }
    // Create a referrers index by tag. This is a fallback for registries that do
    // not support the referrers API.
    // https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pushing-manifests-with-subject
    async #createReferrersIndexByTag(opts) {
        const referrerTag = digestToTag(opts.imageDigest);
        let referrerManifest;
        let etag;
        try {
            // Retrieve any existing referrer index
            const referrerIndex = await this.#client.getManifest(referrerTag);
            if (referrerIndex.mediaType !== constants_1.CONTENT_TYPE_OCI_INDEX) {
                throw new Error(`Expected referrer manifest type ${constants_1.CONTENT_TYPE_OCI_INDEX}, got ${referrerIndex.mediaType}`);
            }
            referrerManifest = referrerIndex.body;
            etag = referrerIndex.etag;
        }
        catch (err) {
            // If the referrer index does not exist, create a new one
            if (err instanceof error_1.HTTPError && err.statusCode === 404) {
                referrerManifest = newIndex();
            }
            else {
                throw err;
            }
        }
        // If the artifact is not already in the index, add it to the list and
        // re-upload the index
        /* istanbul ignore else */
        if (!referrerManifest.manifests.some((manifest) => manifest.digest === opts.artifact.digest)) {
            // Add the artifact to the index
            referrerManifest.manifests.push(opts.artifact);
            await this.#client.uploadManifest(JSON.stringify(referrerManifest), {
                mediaType: constants_1.CONTENT_TYPE_OCI_INDEX,
                reference: referrerTag,
                etag,
            });
        }
    }
}
exports.OCIImage = OCIImage;
// Build an OCI manifest document with references to the given artifact,
// subject, and config
const buildManifest = (opts) => ({
    schemaVersion: 2,
    mediaType: constants_1.CONTENT_TYPE_OCI_MANIFEST,
    artifactType: opts.artifactDescriptor.mediaType,
    config: opts.configDescriptor,
    layers: [opts.artifactDescriptor],
    subject: opts.subjectDescriptor,
    annotations: opts.annotations,
});
// Return an empty OCI index document
const newIndex = () => ({
    mediaType: constants_1.CONTENT_TYPE_OCI_INDEX,
    schemaVersion: 2,
    manifests: [],
});
// Convert an image digest to a tag per the Referrers Tag Schema
// https://github.com/opencontainers/distribution-spec/blob/main/spec.md#referrers-tag-schema
const digestToTag = (digest) => {
    return digest.replace(':', '-');
};
// Canonicalize the registry name to match the format used by the registry
// client. This is used primarily to handle the special case of the Docker Hub
// registry.
// https://github.com/moby/moby/blob/v24.0.2/registry/config.go#L25-L48
const canonicalizeRegistryName = (registry) => {
    return registry.endsWith('docker.io') ? DOCKER_DEFAULT_REGISTRY : registry;
};


/***/ }),

/***/ 81057:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {

var __webpack_unused_export__;

__webpack_unused_export__ = ({ value: true });
__webpack_unused_export__ = exports.attachArtifactToImage = __webpack_unused_export__ = __webpack_unused_export__ = void 0;
const image_1 = __webpack_require__(19812);
const name_1 = __webpack_require__(96666);
var credentials_1 = __webpack_require__(62691);
__webpack_unused_export__ = ({ enumerable: true, get: function () { return credentials_1.getRegistryCredentials; } });
var error_1 = __webpack_require__(46803);
__webpack_unused_export__ = ({ enumerable: true, get: function () { return error_1.OCIError; } });
// Associates the given artifact with an OCI image. The artifact is identified
// by its media type and a buffer containing the artifact. The image is
// identified by its FQDN and digest.
const attachArtifactToImage = async (opts) => {
    const image = (0, name_1.parseImageName)(opts.imageName);
    return new image_1.OCIImage(image, opts.credentials, opts.fetchOpts).addArtifact(opts);
};
exports.attachArtifactToImage = attachArtifactToImage;
// Returns the digest of the given image tag in the remote registry.
const getImageDigest = async (opts) => {
    const image = (0, name_1.parseImageName)(opts.imageName);
    return new image_1.OCIImage(image, opts.credentials, opts.fetchOpts).getDigest(opts.imageTag);
};
__webpack_unused_export__ = getImageDigest;


/***/ }),

/***/ 96666:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.parseImageName = void 0;
const expression = (...res) => res.join('');
const group = (...res) => `(?:${expression(...res)})`;
const repeated = (...res) => `${group(expression(...res))}+`;
const optional = (...res) => `${group(expression(...res))}?`;
const capture = (...res) => `(${expression(...res)})`;
const anchored = (...res) => `^${expression(...res)}$`;
// Lower case letters, numbers
const ALPHA_NUMERIC_RE = '[a-z0-9]+';
// Separators allowed to be embedded in name components. This allows one period,
// one or two underscore or multiple dashes.
const SEPARATOR_RE = group('\\.|_|__|-+');
// Registry path component names to start with at least one letter or number,
// with following parts able to be separated by one period, one or two
// underscores or multiple dashes.
const NAME_COMPONENT_RE = expression(ALPHA_NUMERIC_RE, optional(repeated(SEPARATOR_RE, ALPHA_NUMERIC_RE)));
const NAME_RE = expression(NAME_COMPONENT_RE, repeated(optional('\\/', NAME_COMPONENT_RE)));
// Component of the registry domain must be at least one letter or number, with
// following parts able to be separated by a dash.
const DOMAIN_COMPONENT_RE = group('[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]');
// Restricts the registry domain to be one or more period separated components
// followed by an optional port.
const DOMAIN_RE = expression(DOMAIN_COMPONENT_RE, optional(repeated('\\.', DOMAIN_COMPONENT_RE)), optional(':[0-9]+'));
// Capture the registry domain and path components of a repository name.
const ANCHORED_NAME_RE = anchored(capture(DOMAIN_RE), '\\/', capture(NAME_RE));
// Parses a fully qualified image name into its registry and path components.
const parseImageName = (image) => {
    const matches = image.match(ANCHORED_NAME_RE);
    if (!matches) {
        throw new Error(`Invalid image name: ${image}`);
    }
    return {
        registry: matches[1],
        path: matches[2],
    };
};
exports.parseImageName = parseImageName;


/***/ }),

/***/ 22138:
/***/ (function(__unused_webpack_module, exports, __webpack_require__) {


var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.RegistryClient = exports.ZERO_DIGEST = void 0;
/*
Copyright 2023 The Sigstore Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/
const node_crypto_1 = __importDefault(__webpack_require__(77598));
const constants_1 = __webpack_require__(23688);
const credentials_1 = __webpack_require__(62691);
const error_1 = __webpack_require__(46803);
const fetch_1 = __importDefault(__webpack_require__(32721));
// Maximum number of redirects to follow in the manual redirect loop
const MAX_REDIRECTS = 20;
// Headers that carry credentials or origin-specific secrets
const SENSITIVE_HEADERS = new Set([
    'authorization',
    'cookie',
    'cookie2',
    'proxy-authorization',
    'www-authenticate',
]);
// Entity headers removed when redirect changes method to GET
const ENTITY_HEADERS = new Set([
    'content-type',
    'content-length',
    'content-encoding',
    'content-language',
    'content-location',
]);
const isRedirect = (status) => [301, 302, 303, 307, 308].includes(status);
const stripSensitiveHeaders = (headers) => {
    const result = {};
    for (const [key, value] of Object.entries(headers)) {
        if (!SENSITIVE_HEADERS.has(key.toLowerCase())) {
            result[key] = value;
        }
    }
    return result;
};
const stripEntityHeaders = (headers) => {
    const result = {};
    for (const [key, value] of Object.entries(headers)) {
        if (!ENTITY_HEADERS.has(key.toLowerCase())) {
            result[key] = value;
        }
    }
    return result;
};
const ALL_MANIFEST_MEDIA_TYPES = [
    constants_1.CONTENT_TYPE_OCI_INDEX,
    constants_1.CONTENT_TYPE_OCI_MANIFEST,
    constants_1.CONTENT_TYPE_DOCKER_MANIFEST,
    constants_1.CONTENT_TYPE_DOCKER_MANIFEST_LIST,
].join(',');
exports.ZERO_DIGEST = 'sha256:0000000000000000000000000000000000000000000000000000000000000000';
class RegistryClient {
    #baseURL;
    #registryOrigin;
    #repository;
    #fetch;
    // Registry-scoped credentials/Docker HttpHeaders stored separately
    #registryHeaders = {};
    constructor(registry, repository, opts) {
        this.#repository = repository;
        // Transport fetch handles only retry/timeout/proxy — no credentials
        this.#fetch = fetch_1.default.defaults(opts);
        // Use http for localhost registries, https otherwise
        const hostname = new URL(`http://${registry}`).hostname;
        /* istanbul ignore next */
        const protocol = hostname === 'localhost' || hostname === '127.0.0.1' ? 'http' : 'https';
        this.#baseURL = `${protocol}://${registry}`;
        this.#registryOrigin = new URL(this.#baseURL).origin;
    }
    // Authenticate with the registry. Sends an unauthenticated request to the
    // registry in order to get an auth challenge. If the challenge scheme is
    // "basic" we don't need a token and can authenticate requests using basic
    // auth. Otherwise, we fetch a token from the auth server and use that to
    // authenticate requests.
    // https://github.com/google/go-containerregistry/blob/main/pkg/authn/README.md#the-registry
    async signIn(creds) {
        // Store Docker HttpHeaders as registry-scoped credentials
        if (creds.headers) {
            this.#registryHeaders = { ...this.#registryHeaders, ...creds.headers };
        }
        // Initiate a blob upload to get the auth challenge
        const probeResponse = await this.#securedFetch(`${this.#baseURL}/v2/${this.#repository}/blobs/uploads/`, { method: 'POST' });
        // If we get a 200 response, we're already authenticated
        if (probeResponse.status === 200) {
            return;
        }
        const authHeader = probeResponse.headers.get(constants_1.HEADER_AUTHENTICATE) ||
            /* istanbul ignore next */ '';
        const challenge = parseChallenge(authHeader);
        // If the challenge scheme is "basic" we don't need a token and can
        // authenticate requests using basic auth
        if (challenge.scheme === 'basic') {
            const basicAuth = (0, credentials_1.toBasicAuth)(creds);
            this.#registryHeaders[constants_1.HEADER_AUTHORIZATION] = `Basic ${basicAuth}`;
            return;
        }
        let token;
        if (creds.username === '<token>') {
            // If the OAuth2 token request fails, try to fetch a distribution token
            token = await this.#fetchOAuth2Token(creds, challenge).catch(() => undefined);
        }
        if (!token) {
            token = await this.#fetchDistributionToken(creds, challenge);
        }
        // Store the bearer token as a registry-scoped credential
        this.#registryHeaders[constants_1.HEADER_AUTHORIZATION] = `Bearer ${token}`;
    }
    // Check the registry API version
    async checkVersion() {
        const response = await this.#securedFetch(`${this.#baseURL}/v2/`);
        return response.headers.get(constants_1.HEADER_API_VERSION) || '';
    }
    // Upload a blob to the registry using the post/put method. Calculates the
    // digest of the blob and checks to make sure the blob doesn't already exist
    // in the registry before uploading.
    async uploadBlob(blob) {
        const digest = RegistryClient.digest(blob);
        const size = blob.length;
        // Check if blob already exists (registries MAY redirect to storage)
        const headResponse = await this.#securedFetch(`${this.#baseURL}/v2/${this.#repository}/blobs/${digest}`, { method: 'HEAD' });
        if (headResponse.status === 200) {
            return {
                mediaType: constants_1.CONTENT_TYPE_OCTET_STREAM,
                digest,
                size,
            };
        }
        // Retrieve upload location (session ID)
        const postURL = `${this.#baseURL}/v2/${this.#repository}/blobs/uploads/`;
        const postResponse = await this.#securedFetch(postURL, {
            method: 'POST',
        }).then((0, error_1.ensureStatus)(202));
        const location = postResponse.headers.get(constants_1.HEADER_LOCATION);
        if (!location) {
            throw new Error('Missing location for blob upload');
        }
        // Resolve location per RFC 7231: base is effective request URI (final
        // URL after any redirects). response.url provides this; fall back to
        // original POST URL.
        const uploadLocation = new URL(location, 
        /* istanbul ignore next - make-fetch-happen always sets response.url */
        postResponse.url || postURL);
        uploadLocation.searchParams.set('digest', digest);
        // Upload blob — origin-scoped so cross-origin uploads proceed safely
        await this.#securedFetch(uploadLocation.href, {
            method: 'PUT',
            body: blob,
            headers: { [constants_1.HEADER_CONTENT_TYPE]: constants_1.CONTENT_TYPE_OCTET_STREAM },
        }).then((0, error_1.ensureStatus)(201));
        return { mediaType: constants_1.CONTENT_TYPE_OCTET_STREAM, digest, size };
    }
    // Checks for the existence of a manifest by reference
    async checkManifest(reference) {
        const response = await this.#securedFetch(`${this.#baseURL}/v2/${this.#repository}/manifests/${reference}`, {
            method: 'HEAD',
            headers: { [constants_1.HEADER_ACCEPT]: ALL_MANIFEST_MEDIA_TYPES },
        }).then((0, error_1.ensureStatus)(200));
        const mediaType = response.headers.get(constants_1.HEADER_CONTENT_TYPE) ||
            /* istanbul ignore next */ '';
        const digest = response.headers.get(constants_1.HEADER_DIGEST) || /* istanbul ignore next */ '';
        const size = Number(response.headers.get(constants_1.HEADER_CONTENT_LENGTH)) ||
            /* istanbul ignore next */ 0;
        return { mediaType, digest, size };
    }
    // Retrieves a manifest by reference
    async getManifest(reference) {
        const response = await this.#securedFetch(`${this.#baseURL}/v2/${this.#repository}/manifests/${reference}`, {
            headers: { [constants_1.HEADER_ACCEPT]: ALL_MANIFEST_MEDIA_TYPES },
        }).then((0, error_1.ensureStatus)(200));
        const body = await response.json();
        const mediaType = response.headers.get(constants_1.HEADER_CONTENT_TYPE) ||
            /* istanbul ignore next */ '';
        const digest = response.headers.get(constants_1.HEADER_DIGEST) || /* istanbul ignore next */ '';
        const size = Number(response.headers.get(constants_1.HEADER_CONTENT_LENGTH)) || 0;
        const etag = response.headers.get(constants_1.HEADER_ETAG) || undefined;
        return { body, mediaType, digest, size, etag };
    }
    // Uploads a manifest by digest. If specified, the reference will be used as
    // the manifest tag.
    async uploadManifest(manifest, options = {}) {
        const digest = RegistryClient.digest(manifest);
        const reference = options.reference || digest;
        const contentType = options.mediaType || constants_1.CONTENT_TYPE_OCI_MANIFEST;
        const headers = { [constants_1.HEADER_CONTENT_TYPE]: contentType };
        if (options.etag) {
            headers[constants_1.HEADER_IF_MATCH] = options.etag;
        }
        const response = await this.#securedFetch(`${this.#baseURL}/v2/${this.#repository}/manifests/${reference}`, { method: 'PUT', body: manifest, headers }).then((0, error_1.ensureStatus)(201));
        const subjectDigest = response.headers.get(constants_1.HEADER_OCI_SUBJECT) || undefined;
        return {
            mediaType: contentType,
            digest,
            size: manifest.length,
            subjectDigest,
        };
    }
    // Returns true if the registry supports the referrers API
    async pingReferrers() {
        const response = await this.#securedFetch(`${this.#baseURL}/v2/${this.#repository}/referrers/${exports.ZERO_DIGEST}`);
        return response.status === 200;
    }
    // Origin-scoped fetch: follows redirects manually, attaching registry
    // credentials only on same-origin hops that have never left the origin.
    async #securedFetch(url, opts = {}) {
        const policy = {
            initial: { defaultsSuppressed: false },
            headersForHop: (state, targetOrigin, perReq, regHeaders) => {
                const isSameOrigin = targetOrigin === this.#registryOrigin;
                const includeDefaults = isSameOrigin && !state.defaultsSuppressed;
                const effectivePerRequest = isSameOrigin
                    ? perReq
                    : stripSensitiveHeaders(perReq);
                return {
                    ...(includeDefaults ? regHeaders : {}),
                    ...effectivePerRequest,
                };
            },
            stateForRedirect: (state, targetOrigin) => {
                const isSameOrigin = targetOrigin === this.#registryOrigin;
                return isSameOrigin
                    ? state
                    : { defaultsSuppressed: true };
            },
        };
        return this.#redirectFetchWithPolicy(url, opts, policy);
    }
    // Fetch for token-exchange requests. Does NOT include registry credentials.
    async #tokenFetch(url, opts) {
        const policy = {
            initial: { authOrigin: new URL(url).origin },
            headersForHop: (state, targetOrigin, perReq) => {
                const isSameOrigin = targetOrigin === state.authOrigin;
                return isSameOrigin ? perReq : stripSensitiveHeaders(perReq);
            },
            stateForRedirect: (state) => state,
        };
        return this.#redirectFetchWithPolicy(url, opts, policy);
    }
    // Canonical redirect loop driven by a generic policy.
    async #redirectFetchWithPolicy(url, opts, policy) {
        let currentUrl = url;
        let method = opts.method || 'GET';
        let body = opts.body;
        let perRequestHeaders = { ...(opts.headers || {}) };
        let state = policy.initial;
        for (let i = 0; i <= MAX_REDIRECTS; i++) {
            const targetOrigin = new URL(currentUrl).origin;
            const headers = policy.headersForHop(state, targetOrigin, perRequestHeaders, this.#registryHeaders);
            const response = await this.#fetch(currentUrl, {
                method,
                body,
                headers,
                redirect: 'manual',
            });
            if (!isRedirect(response.status)) {
                return response;
            }
            if (i === MAX_REDIRECTS) {
                throw new Error(`maximum redirect reached at: ${currentUrl}`);
            }
            const location = response.headers.get('location');
            if (!location) {
                throw new Error(`redirect location header missing for: ${currentUrl}`);
            }
            currentUrl = new URL(location, currentUrl).href;
            // Standard redirect method/body semantics
            let bodyDropped = false;
            if (response.status === 303) {
                if (method !== 'GET' && method !== 'HEAD') {
                    method = 'GET';
                    body = undefined;
                    bodyDropped = true;
                }
            }
            else if ([301, 302].includes(response.status) &&
                method === 'POST') {
                method = 'GET';
                body = undefined;
                bodyDropped = true;
            }
            if (bodyDropped) {
                perRequestHeaders = stripEntityHeaders(perRequestHeaders);
            }
            // Update policy state after processing the redirect
            state = policy.stateForRedirect(state, targetOrigin);
        }
        // Unreachable — loop throws at MAX_REDIRECTS
        /* istanbul ignore next */
        throw new Error(`maximum redirect reached at: ${currentUrl}`);
    }
    async #fetchDistributionToken(creds, challenge) {
        const basicAuth = (0, credentials_1.toBasicAuth)(creds);
        const authURL = new URL(challenge.realm);
        authURL.searchParams.set('service', challenge.service);
        authURL.searchParams.set('scope', challenge.scope);
        // Token request bypasses registry credentials entirely. The explicit
        // Basic auth header is origin-scoped via #tokenFetch.
        const tokenResponse = await this.#tokenFetch(authURL.toString(), {
            headers: { [constants_1.HEADER_AUTHORIZATION]: `Basic ${basicAuth}` },
        }).then((0, error_1.ensureStatus)(200));
        return tokenResponse.json().then((json) => json.access_token || json.token);
    }
    async #fetchOAuth2Token(creds, challenge) {
        const body = new URLSearchParams({
            service: challenge.service,
            scope: challenge.scope,
            username: creds.username,
            password: creds.password,
            grant_type: 'password',
        });
        // OAuth token request bypasses registry credentials entirely.
        const tokenResponse = await this.#tokenFetch(challenge.realm, {
            method: 'POST',
            body,
        }).then((0, error_1.ensureStatus)(200));
        return tokenResponse.json().then((json) => json.access_token);
    }
    static digest(blob) {
        const hash = node_crypto_1.default.createHash('sha256');
        hash.update(blob);
        return `sha256:${hash.digest('hex')}`;
    }
}
exports.RegistryClient = RegistryClient;
// Parses an auth challenge header into its components
// https://datatracker.ietf.org/doc/html/rfc7235#section-4.1
function parseChallenge(challenge) {
    // Account for the possibility of spaces in the auth params
    const [scheme, ...rest] = challenge.split(' ');
    const authParams = rest.join(' ');
    if (!['Basic', 'Bearer'].includes(scheme)) {
        throw new Error(`Invalid challenge: ${challenge}`);
    }
    return {
        scheme: scheme.toLocaleLowerCase(),
        realm: singleMatch(authParams, /realm="(.+?)"/),
        service: singleMatch(authParams, /service="(.+?)"/),
        scope: singleMatch(authParams, /scope="(.+?)"/),
    };
}
// Returns the first capture group of a regex match, or an empty string
const singleMatch = (str, regex) => str.match(regex)?.[1] || '';


/***/ })

};
