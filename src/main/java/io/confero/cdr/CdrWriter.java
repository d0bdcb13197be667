package io.confero.cdr;

import io.confero.events.CallEvent;
import io.confero.events.CallEventSink;
import jakarta.annotation.PreDestroy;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The CDR file (OPENVIDU_CDR=true), as OpenVidu writes it: one line {@code {"<event>":{…}}} per event in
 * {@code CDR.<yyyy-MM-dd>_<HH-mm-ss of the server's start>.log} under OPENVIDU_CDR_PATH, created empty at start-up
 * and followed by a new file each day (same start-time suffix), in the server's time zone.
 */
@Component
@ConditionalOnProperty(name = "confero.cdr.enabled", havingValue = "true")
public class CdrWriter implements CallEventSink {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter START = DateTimeFormatter.ofPattern("HH-mm-ss");

    private final Path folder;
    private final Clock clock;
    private final String startSuffix;
    private LocalDate day;
    /** A stream, not a FileChannel: a caller's thread being interrupted must not close the file. */
    private FileOutputStream file;

    public CdrWriter(CdrFolder folder, Clock clock) {
        this.folder = folder.path();
        this.clock = clock.withZone(ZoneId.systemDefault());
        this.startSuffix = START.format(this.clock.instant().atZone(this.clock.getZone()));
        try {
            Files.createDirectories(this.folder);
            open(LocalDate.now(this.clock));
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("OPENVIDU_CDR_PATH " + this.folder + " cannot be written: " + e, e);
        }
    }

    /** The name of today's file. */
    public synchronized String currentFileName() {
        return name(day);
    }

    @Override
    public synchronized void accept(CallEvent event) {
        try {
            LocalDate today = LocalDate.now(clock);
            if (!today.equals(day)) {
                file.close();
                open(today);
            }
            file.write((event.cdrLine() + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("CDR line not written to " + folder, e);
        }
    }

    @PreDestroy
    synchronized void close() throws IOException {
        file.close();
    }

    private void open(LocalDate newDay) throws IOException {
        file = new FileOutputStream(folder.resolve(name(newDay)).toFile(), true);
        day = newDay;
    }

    private String name(LocalDate d) {
        return "CDR." + DAY.format(d) + "_" + startSuffix + ".log";
    }
}
