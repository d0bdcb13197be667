package io.confero.session;

import java.util.LinkedHashMap;
import java.util.Map;

/** An immutable view of a published stream. */
public record StreamSnapshot(String streamId, long createdAt, MediaOptions mediaOptions) {

    /** What the publisher announced; {@code typeOfVideo}, {@code frameRate}, {@code videoDimensions} may be null. */
    public record MediaOptions(
            boolean hasAudio,
            boolean audioActive,
            boolean hasVideo,
            boolean videoActive,
            String typeOfVideo,
            Integer frameRate,
            String videoDimensions,
            Filter filter) {
    }

    /** A Kurento filter applied to the stream; {@code lastExecMethod} is null until a method is executed. */
    public record Filter(String type, Map<String, Object> options, Map<String, Object> lastExecMethod) {

        /**
         * How participants see a filter (joinRoom, participantPublished, streamPropertyChanged):
         * {@code {type, options[, lastExecMethod]}}, or {@code {}} for none.
         */
        public static Map<String, Object> describe(Filter filter) {
            Map<String, Object> json = new LinkedHashMap<>();
            if (filter != null) {
                json.put("type", filter.type());
                json.put("options", filter.options());
                if (filter.lastExecMethod() != null) {
                    json.put("lastExecMethod", filter.lastExecMethod());
                }
            }
            return json;
        }
    }
}
