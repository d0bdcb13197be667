package io.confero.mediaport;

/** What a filter reports upward: the events of the types someone listens to. */
@FunctionalInterface
public interface FilterEvents {

    /**
     * A Kurento event of the filter (e.g. ZBarFilter's {@code CodeFound}); {@code data} is its fields as OpenVidu
     * forwards them: Java's {@code Map.toString()} of the event ({@code {codeType=EAN-13, value=..., ...}}).
     */
    void filterEvent(String eventType, String data);
}
