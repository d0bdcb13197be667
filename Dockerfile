# syntax=docker/dockerfile:1
#
# Confero image: docker build -t confero .
# Run (needs a reachable KMS; see docker-compose.yml for the full stack):
#   docker run --network host -e OPENVIDU_SECRET=MY_SECRET confero
#
# Extra JVM options: JAVA_TOOL_OPTIONS (read by the JVM itself), e.g. -e JAVA_TOOL_OPTIONS=-Xmx1g.

# ---- build: JDK 25 + the Maven wrapper ----------------------------------------------------------------------------
FROM eclipse-temurin:25-jdk AS build
WORKDIR /workspace

# Dependencies first, so that source edits do not re-download them.
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN chmod +x mvnw && ./mvnw -B -q dependency:go-offline

# `package` needs the network too: it fetches the openvidu-browser tarball from the npm registry (no Node involved).
# maven.test.skip (not just skipTests): the image must not depend on test code compiling; CI runs the tests.
COPY src/ src/
RUN ./mvnw -B -q package -Dmaven.test.skip=true \
 && java -Djarmode=tools -jar target/confero-*.jar extract --layers --destination extracted --application-filename confero.jar \
 && mkdir -p extracted/dependencies extracted/spring-boot-loader extracted/snapshot-dependencies extracted/application

# ---- runtime: Debian + Temurin's JRE 25, non-root ------------------------------------------------------------------
# Debian, not the Ubuntu of eclipse-temurin:25-jre: the CUSTOM recording layouts need a real Chromium package
# (Ubuntu's "chromium" is only a snap stub). The JRE is Temurin's own, copied from its image.
FROM eclipse-temurin:25-jre AS jre
FROM debian:bookworm-slim
ENV JAVA_HOME=/opt/java/openjdk
ENV PATH="${JAVA_HOME}/bin:${PATH}"
COPY --from=jre /opt/java/openjdk /opt/java/openjdk

# curl for HEALTHCHECK; ffmpeg (and its ffprobe) for COMPOSED recordings: exact size and rate, thumbnails
# (CONFERO_RECORDING_FFMPEG); chromium (and fonts for its pages) renders CUSTOM recording layouts
# (CONFERO_RECORDING_CHROMIUM), about 300 MB more.
# uid/gid 10001: images often use 1000 already, and
# docker-compose.yml starts KMS with KMS_UID=10001 so that both write the shared recordings folder as the same user.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl ffmpeg chromium fonts-liberation fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 confero \
 && useradd --system --uid 10001 --gid confero --home-dir /opt/confero --no-create-home --shell /usr/sbin/nologin confero \
 && mkdir -p /opt/confero /opt/openvidu/recordings /opt/openvidu/cdr /opt/openvidu/webhook /opt/openvidu/custom-layout \
 && chown confero:confero /opt/openvidu/recordings /opt/openvidu/cdr /opt/openvidu/webhook

WORKDIR /opt/confero
# Spring Boot layers, least to most often changed: confero.jar plus lib/ (its manifest class path).
COPY --from=build /workspace/extracted/dependencies/ ./
COPY --from=build /workspace/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/extracted/application/ ./

USER confero:confero
EXPOSE 4443

# The liveness probe needs no secret; it answers as soon as the server is up, with or without KMS (readiness,
# /actuator/health/readiness, tells whether KMS is linked). Plain HTTP first, then TLS.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${SERVER_PORT:-4443}/actuator/health/liveness" \
     || curl -fsSk -o /dev/null "https://127.0.0.1:${SERVER_PORT:-4443}/actuator/health/liveness" \
     || exit 1

ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75.0", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/confero/confero.jar"]
