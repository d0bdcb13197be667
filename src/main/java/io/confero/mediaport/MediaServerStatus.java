package io.confero.mediaport;

/** What Confero knows of its Kurento Media Server link, for the health endpoint and logs. */
public record MediaServerStatus(String uri, State state, String version, Long connectedSince) {

    public enum State {
        CONNECTING, CONNECTED, DISCONNECTED
    }

    public boolean connected() {
        return state == State.CONNECTED;
    }
}
