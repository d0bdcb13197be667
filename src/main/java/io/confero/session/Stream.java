package io.confero.session;

import io.confero.mediaport.StreamMedia;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A published stream: its media options as the publisher announced them and as later changed by
 * streamPropertyChanged, and its media on KMS. Mutated only under its session's lock.
 */
final class Stream {

    final String id;
    final long createdAt;
    final boolean hasAudio;
    final boolean hasVideo;
    final String typeOfVideo;
    final Integer frameRate;
    final StreamMedia media;
    boolean audioActive;
    boolean videoActive;
    String videoDimensions;
    StreamSnapshot.Filter filter;
    /** Who listens to which event type of the filter (connectionIds); emptied with the filter. */
    final Map<String, Set<String>> filterListeners = new LinkedHashMap<>();
    /**
     * Filter changes of this stream happen one at a time, so that the filter recorded here is the one in KMS. Held
     * by {@link FilterService} around the Kurento work, never together with the session's lock.
     */
    final ReentrantLock filterLock = new ReentrantLock();

    Stream(String id, long createdAt, StreamSnapshot.MediaOptions options, StreamMedia media) {
        this.id = id;
        this.createdAt = createdAt;
        this.hasAudio = options.hasAudio();
        this.hasVideo = options.hasVideo();
        this.typeOfVideo = options.typeOfVideo();
        this.frameRate = options.frameRate();
        this.audioActive = options.audioActive();
        this.videoActive = options.videoActive();
        this.videoDimensions = options.videoDimensions();
        this.filter = options.filter();
        this.media = media;
    }

    StreamSnapshot snapshot() {
        return new StreamSnapshot(id, createdAt, new StreamSnapshot.MediaOptions(hasAudio, audioActive, hasVideo,
                videoActive, typeOfVideo, frameRate, videoDimensions, filter));
    }
}
