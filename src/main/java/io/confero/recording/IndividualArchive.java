package io.confero.recording;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an INDIVIDUAL recording leaves, as OpenVidu leaves it: the sync metadata {@code <name>.json} (which file is
 * whose stream, and when each starts and ends relative to the recording's creation), and {@code <name>.zip} with
 * every stream file and that JSON. Everything else in the folder but the metadata file is then deleted.
 */
final class IndividualArchive {

    private static final Logger log = LoggerFactory.getLogger(IndividualArchive.class);

    /** The zip's name, the total size of the stream files (bytes) and the span they cover (seconds). */
    record Result(String zipName, long size, double duration) {
    }

    private IndividualArchive() {
    }

    static Result write(Path folder, Recording recording, List<Track> tracks) throws IOException {
        String name = recording.name();
        String jsonName = name + ".json";
        String zipName = name + ".zip";
        long size = 0;
        long firstStart = Long.MAX_VALUE;
        long lastEnd = 0;
        List<Map<String, Object>> files = new ArrayList<>();
        List<Path> media = new ArrayList<>();
        for (Track t : tracks) {
            Path file = folder.resolve(t.fileName());
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                log.warn("Recording {}: KMS wrote no file for stream {} ({})", recording.id(), t.streamId(),
                        t.fileName());
                continue;
            }
            long fileSize = Files.size(file);
            size += fileSize;
            firstStart = Math.min(firstStart, t.startTime());
            lastEnd = Math.max(lastEnd, t.endTime());
            media.add(file);
            files.add(entry(recording, t, fileSize));
        }
        Map<String, Object> sync = new LinkedHashMap<>();
        sync.put("createdAt", recording.createdAt());
        sync.put("id", recording.id());
        sync.put("name", name);
        sync.put("sessionId", recording.sessionId());
        sync.put("files", files);
        Path json = folder.resolve(jsonName);
        Files.writeString(json, RecordingFile.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(sync),
                StandardCharsets.UTF_8);

        Path zip = folder.resolve(zipName);
        Path partial = folder.resolve(zipName + ".part");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(partial))) {
            for (Path file : media) {
                add(out, file);
            }
            add(out, json);
        }
        Files.move(partial, zip, StandardCopyOption.REPLACE_EXISTING);
        cleanUp(folder, recording.id(), zipName);
        double duration = lastEnd > firstStart ? (lastEnd - firstStart) / 1000.0 : 0;
        return new Result(zipName, size, duration);
    }

    private static Map<String, Object> entry(Recording recording, Track t, long fileSize) {
        boolean hasVideo = t.hasVideo() && recording.properties().hasVideo();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", t.fileName());
        json.put("connectionId", t.connectionId());
        json.put("streamId", t.streamId());
        json.put("size", fileSize);
        json.put("clientData", t.clientData());
        json.put("serverData", t.serverData());
        json.put("hasAudio", t.hasAudio() && recording.properties().hasAudio());
        json.put("hasVideo", hasVideo);
        if (hasVideo) {
            json.put("typeOfVideo", t.typeOfVideo());
        }
        json.put("startTimeOffset", t.startTime() - recording.createdAt());
        json.put("endTimeOffset", t.endTime() - recording.createdAt());
        return json;
    }

    private static void add(ZipOutputStream out, Path file) throws IOException {
        out.putNextEntry(new ZipEntry(file.getFileName().toString()));
        Files.copy(file, out); // leaves the zip stream open
        out.closeEntry();
    }

    /** Keeps only the metadata file and the zip, as OpenVidu does. */
    private static void cleanUp(Path folder, String id, String zipName) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                String fileName = file.getFileName().toString();
                if (!fileName.equals(zipName) && !fileName.equals(RecordingStore.METADATA_PREFIX + id)
                        && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(file);
                }
            }
        }
    }
}
