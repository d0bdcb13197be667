package io.confero.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./mvnw} on a machine whose JDK is older than 25 either finds a JDK 25 or stops with one clear line; it
 * never gets as far as a JVM option error (.mvn/jdk25.sh).
 */
class WrapperJdkTest {

    private static final Path WRAPPER = Path.of("mvnw").toAbsolutePath();

    @Test
    void olderJdkWithNoJdk25AroundStopsWithOneClearLine(@TempDir Path emptySearch) throws Exception {
        Path oldJdk = olderJdk().orElse(null);
        assumeTrue(oldJdk != null, "no JDK older than 25 on this machine (JAVA_HOME_17_X64, /usr/lib/jvm) to run the wrapper under");

        Result result = wrapper(Map.of("JAVA_HOME", oldJdk.toString(), "CONFERO_JDK_SEARCH", emptySearch.toString()), "-v");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output().strip().lines()).singleElement().asString()
                .startsWith("ERROR: Confero needs JDK 25 to build, but found Java ")
                .contains(oldJdk.toString())
                .contains("set JAVA_HOME");
        assertThat(result.output()).doesNotContain("Unrecognized option", "Could not create the Java Virtual Machine");
    }

    @Test
    void olderJdkWithAJdk25InstalledBuildsWithIt() throws Exception {
        Path oldJdk = olderJdk().orElse(null);
        assumeTrue(oldJdk != null, "no JDK older than 25 on this machine (JAVA_HOME_17_X64, /usr/lib/jvm) to run the wrapper under");
        Path jdk25 = Path.of(System.getProperty("java.home")); // the tests run on a JDK 25

        // validate runs the enforcer's JDK 25 rule; offline, since the build running this test has its plugins.
        Result result = wrapper(Map.of("JAVA_HOME", oldJdk.toString(), "CONFERO_JDK_SEARCH", "/nonexistent:" + jdk25),
                "-B", "-o", "validate");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output())
                .contains("using the JDK 25 at " + jdk25)
                .contains("require-jdk-25", "BUILD SUCCESS")
                .doesNotContain("WARNING: A terminally deprecated method in sun.misc.Unsafe");
    }

    private record Result(int exitCode, String output) {}

    private static Result wrapper(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sh", WRAPPER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("MAVEN_OPTS");
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    /** A JDK (java and javac) older than 25: GitHub runners announce theirs, Debian keeps them under /usr/lib/jvm. */
    private static Optional<Path> olderJdk() throws IOException {
        Stream<Path> announced = Stream.of("JAVA_HOME_17_X64", "JAVA_HOME_21_X64", "JAVA_HOME_11_X64")
                .map(System::getenv).filter(v -> v != null && !v.isBlank()).map(Path::of);
        Path jvmDir = Path.of("/usr/lib/jvm");
        List<Path> installed = Files.isDirectory(jvmDir) ? Files.list(jvmDir).sorted().toList() : List.of();
        return Stream.concat(announced, installed.stream())
                .filter(home -> Files.isExecutable(home.resolve("bin/java")) && Files.isExecutable(home.resolve("bin/javac")))
                .filter(home -> majorVersion(home).map(v -> v < 25).orElse(false))
                .findFirst();
    }

    private static Optional<Integer> majorVersion(Path home) {
        Path release = home.resolve("release");
        try {
            for (String line : Files.readAllLines(release)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    String major = version.startsWith("1.") ? version.substring(2) : version;
                    return Optional.of(Integer.parseInt(major.split("[.+-]")[0]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
