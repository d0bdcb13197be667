package io.confero.webhook;

import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The webhook's durable queue: two append-only files in CONFERO_WEBHOOK_QUEUE_PATH, {@code events.log} (one JSON
 * line per event: id, lane, enqueue time and the exact body) and {@code done.log} (the id of each event delivered or
 * given up). An event is written before it is queued in memory, so what a restart finds undelivered is every event
 * of events.log whose id is not in done.log, in order. On opening, that rest is rewritten to a fresh events.log
 * (atomic rename) and done.log emptied; at run time both are emptied whenever nothing is pending, and rewritten
 * the same way when events.log has doubled since it last was (a receiver never quite caught up). A line cut short
 * by a crash does not parse and is skipped (its event was never acknowledged). Appends are plain writes (the OS
 * keeps them through a crash of the JVM); with {@code fsync} each is also forced to the disk. The files are
 * plain file streams, not FileChannels: interrupting a thread in a FileChannel write closes the channel for all.
 */
final class WebhookJournal implements Closeable {

    /** One queued event; {@code body} is the exact request body. */
    record Entry(String id, String lane, long enqueuedAt, String body) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** events.log is emptied once nothing is pending and it has grown past this. */
    private static final long COMPACT_BYTES = 1 << 20;
    static final String EVENTS = "events.log";
    static final String DONE = "done.log";

    private final boolean fsync;
    private final Path eventsFile;
    private final Path doneFile;
    private RandomAccessFile events;
    private final RandomAccessFile done;
    private final List<Entry> recovered;
    private int pending;
    private long rewrittenSize;

    private WebhookJournal(Path folder, boolean fsync) throws IOException {
        this.fsync = fsync;
        Files.createDirectories(folder);
        this.eventsFile = folder.resolve(EVENTS);
        this.doneFile = folder.resolve(DONE);
        Set<String> delivered = new HashSet<>(readLines(doneFile));
        List<Entry> rest = new ArrayList<>();
        for (String line : readLines(eventsFile)) {
            Entry e = parse(line);
            if (e != null && !delivered.contains(e.id())) {
                rest.add(e);
            }
        }
        this.done = new RandomAccessFile(doneFile.toFile(), "rw");
        this.recovered = List.copyOf(rest);
        rewrite(rest);
    }

    /**
     * Replaces events.log by {@code pending} (every event not done, each lane's in order) and empties done.log. A
     * crash in between leaves either file complete, and done.log naming none of the pending events.
     */
    synchronized void rewrite(Collection<Entry> pending) throws IOException {
        Path fresh = eventsFile.resolveSibling(EVENTS + ".tmp");
        try (FileOutputStream out = new FileOutputStream(fresh.toFile())) {
            for (Entry e : pending) {
                out.write(encode(e));
            }
            out.getFD().sync();
        }
        if (events != null) {
            events.close();
        }
        Files.move(fresh, eventsFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        events = new RandomAccessFile(eventsFile.toFile(), "rw");
        events.seek(events.length());
        done.setLength(0);
        this.pending = pending.size();
        rewrittenSize = Math.max(events.length(), COMPACT_BYTES);
    }

    /** Whether events.log has doubled since it was last rewritten, and is big enough to bother. */
    synchronized boolean worthRewriting() throws IOException {
        return events.length() > 2 * rewrittenSize;
    }

    /** Opens (creating) the journal in {@code folder}; {@link #recovered()} then holds what was left undelivered. */
    static WebhookJournal open(Path folder, boolean fsync) throws IOException {
        return new WebhookJournal(folder, fsync);
    }

    /** The events left undelivered by the previous run, in the order they happened. */
    List<Entry> recovered() {
        return recovered;
    }

    /** The journal line of {@code e}: encoded before taking any lock. */
    static byte[] encode(Entry e) {
        return line(e).getBytes(StandardCharsets.UTF_8);
    }

    synchronized void append(byte[] encoded) throws IOException {
        events.write(encoded);
        if (fsync) {
            events.getFD().sync();
        }
        pending++;
    }

    void append(Entry e) throws IOException {
        append(encode(e));
    }

    /** The event was delivered, or given up: it will not be sent again after a restart. */
    synchronized void done(String id) throws IOException {
        done.write((id + "\n").getBytes(StandardCharsets.UTF_8));
        if (fsync) {
            done.getFD().sync();
        }
        pending--;
        if (pending == 0 && events.length() > COMPACT_BYTES) {
            events.setLength(0); // events first: a crash in between leaves only ids of nothing in done.log
            done.setLength(0);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        events.close();
        done.close();
    }

    private static String line(Entry e) {
        return JSON.writeValueAsString(Map.of("id", e.id(), "lane", e.lane(), "at", e.enqueuedAt(),
                "body", e.body())) + "\n";
    }

    private static Entry parse(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            return new Entry(n.get("id").asString(), n.get("lane").asString(), n.get("at").asLong(),
                    n.get("body").asString());
        } catch (JacksonException | NullPointerException e) {
            return null; // cut short by a crash while being written
        }
    }

    private static List<String> readLines(Path file) throws IOException {
        // Decoded leniently: a crash may have cut the last line inside a character.
        return Files.exists(file) ? List.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n"))
                : List.of();
    }
}
