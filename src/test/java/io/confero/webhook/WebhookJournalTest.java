package io.confero.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webhook's append-only journal: what a restart finds undelivered, in order, and nothing else. */
class WebhookJournalTest {

    @TempDir
    Path folder;

    private static WebhookJournal.Entry entry(String id, String lane) {
        return new WebhookJournal.Entry(id, lane, 1000, "{\"sessionId\":\"" + lane + "\",\"n\":\"" + id
                + "\",\"text\":\"é\\n\\\"\"}");
    }

    @Test
    void aReopenedJournalHoldsTheEventsNotDoneInTheirOrderWithTheirExactBodies() throws IOException {
        try (WebhookJournal journal = WebhookJournal.open(folder, false)) {
            assertThat(journal.recovered()).isEmpty();
            for (String id : new String[] {"1", "2", "3", "4"}) {
                journal.append(entry(id, id.equals("2") ? "B" : "A"));
            }
            journal.done("1");
            journal.done("3");
        }
        try (WebhookJournal journal = WebhookJournal.open(folder, true)) {
            assertThat(journal.recovered()).containsExactly(entry("2", "B"), entry("4", "A"));
            journal.append(entry("5", "A"));
        }
        // Opening compacted the files: only what is pending is left.
        assertThat(Files.readAllLines(folder.resolve(WebhookJournal.EVENTS))).hasSize(3);
        assertThat(Files.readString(folder.resolve(WebhookJournal.DONE))).isEmpty();
        try (WebhookJournal journal = WebhookJournal.open(folder, false)) {
            assertThat(journal.recovered()).extracting(WebhookJournal.Entry::id).containsExactly("2", "4", "5");
        }
    }

    @Test
    void aLineCutShortByACrashIsSkipped() throws IOException {
        try (WebhookJournal journal = WebhookJournal.open(folder, false)) {
            journal.append(entry("1", "A"));
        }
        Files.write(folder.resolve(WebhookJournal.EVENTS), "{\"id\":\"2\",\"lane\":\"A\",\"body\":\"{\\\"é".getBytes(
                StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        Files.write(folder.resolve(WebhookJournal.EVENTS), new byte[] {(byte) 0xC3}, StandardOpenOption.APPEND);
        try (WebhookJournal journal = WebhookJournal.open(folder, false)) {
            assertThat(journal.recovered()).containsExactly(entry("1", "A"));
            journal.append(entry("3", "A"));
        }
        try (WebhookJournal journal = WebhookJournal.open(folder, false)) {
            assertThat(journal.recovered()).extracting(WebhookJournal.Entry::id).containsExactly("1", "3");
        }
    }

    @Test
    void theFilesAreEmptiedWhenEverythingWasDeliveredAndTheyGrewLarge() throws IOException {
        String big = "x".repeat(4096);
        try (WebhookJournal journal = WebhookJournal.open(folder, false)) {
            for (int i = 0; i < 300; i++) {
                journal.append(new WebhookJournal.Entry("id" + i, "A", 1, big));
            }
            for (int i = 0; i < 299; i++) {
                journal.done("id" + i);
            }
            assertThat(Files.size(folder.resolve(WebhookJournal.EVENTS))).isGreaterThan(1 << 20);
            journal.done("id299");
            assertThat(Files.size(folder.resolve(WebhookJournal.EVENTS))).isZero();
            assertThat(Files.size(folder.resolve(WebhookJournal.DONE))).isZero();
            journal.append(new WebhookJournal.Entry("after", "A", 1, "{}"));
        }
        try (WebhookJournal journal = WebhookJournal.open(folder, false)) {
            assertThat(journal.recovered()).extracting(WebhookJournal.Entry::id).containsExactly("after");
        }
    }

    @Test
    void aJournalThatKeepsGrowingIsRewrittenWithWhatIsPending() throws IOException {
        String big = "y".repeat(4096);
        List<WebhookJournal.Entry> pending = new ArrayList<>();
        try (WebhookJournal journal = WebhookJournal.open(folder, false)) {
            for (int i = 0; i < 600; i++) {
                WebhookJournal.Entry e = new WebhookJournal.Entry("id" + i, "L" + i % 3, 1, big);
                journal.append(e);
                if (i % 2 == 0) {
                    journal.done(e.id());
                } else {
                    pending.add(e);
                }
            }
            assertThat(journal.worthRewriting()).as("2.4 MB, never rewritten").isTrue();
            journal.rewrite(pending);
            assertThat(journal.worthRewriting()).isFalse();
            assertThat(Files.size(folder.resolve(WebhookJournal.DONE))).isZero();
            journal.done("id1");
        }
        try (WebhookJournal journal = WebhookJournal.open(folder, false)) {
            assertThat(journal.recovered()).containsExactlyElementsOf(pending.subList(1, pending.size()));
        }
    }

    @Test
    void anEventIsOnDiskAsSoonAsItIsAppendedWithoutAnyCloseOrFlush() throws IOException {
        WebhookJournal crashed = WebhookJournal.open(folder, false); // never closed: the JVM "dies" here
        crashed.append(entry("1", "A"));
        crashed.append(entry("2", "A"));
        crashed.done("1");
        try (WebhookJournal next = WebhookJournal.open(folder, false)) {
            assertThat(next.recovered()).containsExactly(entry("2", "A"));
        }
    }
}
