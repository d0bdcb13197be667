package io.confero;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package arrows the README's architecture section draws: api and signaling → session → mediaport ← media,
 * recording → mediaport (the domain owns the interfaces media implements, so nobody sees media itself), config at
 * the bottom, Kurento only in media, and no cycle between packages.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.confero");

    @Test
    void onlyMediaUsesKurento() {
        noClasses().that().resideOutsideOfPackage("io.confero.media..")
                .should().dependOnClassesThat().resideInAPackage("org.kurento..")
                .check(MAIN);
    }

    @Test
    void theEdgesReachMediaOnlyThroughTheSession() {
        noClasses().that().resideInAnyPackage("io.confero.api..", "io.confero.signaling..", "io.confero.monitoring..",
                        "io.confero.webhook..", "io.confero.cdr..", "io.confero.security..")
                .should().dependOnClassesThat().resideInAnyPackage("io.confero.media..", "io.confero.mediaport..")
                .check(MAIN);
    }

    @Test
    void mediaIsReachedOnlyThroughItsPorts() {
        // session and recording use mediaport's interfaces; Spring wires media's implementations in.
        noClasses().that().resideOutsideOfPackage("io.confero.media..")
                .should().dependOnClassesThat().resideInAPackage("io.confero.media..")
                .check(MAIN);
    }

    @Test
    void thePortsDependOnNothingOfOurs() {
        noClasses().that().resideInAPackage("io.confero.mediaport..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.confero.mediaport..", "java..")
                .check(MAIN);
    }

    @Test
    void theSessionKnowsNothingOfTheEdges() {
        noClasses().that().resideInAPackage("io.confero.session..")
                .should().dependOnClassesThat().resideInAnyPackage("io.confero.api..", "io.confero.signaling..",
                        "io.confero.recording..", "io.confero.webhook..", "io.confero.cdr..",
                        "io.confero.monitoring..", "io.confero.security..", "io.confero.web..")
                .check(MAIN);
    }

    @Test
    void mediaKnowsNothingAboveIt() {
        noClasses().that().resideInAPackage("io.confero.media..")
                .should().dependOnClassesThat().resideInAnyPackage("io.confero.session..", "io.confero.api..",
                        "io.confero.signaling..", "io.confero.recording..", "io.confero.webhook..",
                        "io.confero.monitoring..", "io.confero.events..")
                .check(MAIN);
    }

    @Test
    void configIsAtTheBottom() {
        noClasses().that().resideInAnyPackage("io.confero.config..", "io.confero.metrics..", "io.confero.events..")
                .should().dependOnClassesThat().resideInAnyPackage("io.confero.api..", "io.confero.signaling..",
                        "io.confero.session..", "io.confero.media..", "io.confero.mediaport..", "io.confero.recording..",
                        "io.confero.webhook..", "io.confero.cdr..", "io.confero.monitoring..",
                        "io.confero.security..", "io.confero.web..", "io.confero.turn..")
                .check(MAIN);
    }

    @Test
    void noCycleBetweenPackages() {
        slices().matching("io.confero.(*)..").should().beFreeOfCycles().check(MAIN);
    }
}
